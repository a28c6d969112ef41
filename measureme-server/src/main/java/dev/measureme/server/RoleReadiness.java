package dev.measureme.server;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Makes readiness follow the roles: in the distributed profile a process is ready when the backends of the
 * roles it runs answer ({@link Modules#BACKENDS}), and not before. An operator's own {@code
 * management.endpoint.health.group.readiness.include} wins, since this source is consulted last.
 */
final class RoleReadiness implements EnvironmentPostProcessor, Ordered {

    static final String READINESS = "management.endpoint.health.group.readiness.include";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!Arrays.asList(environment.getActiveProfiles()).contains(DistributedBackends.PROFILE)
                || environment.containsProperty(READINESS)) {
            return;
        }
        Set<String> include = new LinkedHashSet<>();
        include.add("readinessState");
        for (String module : Modules.resolve(environment.getProperty("measureme.target", Modules.ALL))) {
            include.addAll(Modules.BACKENDS.getOrDefault(module, java.util.List.of()));
        }
        environment
                .getPropertySources()
                .addLast(new MapPropertySource(
                        "measureme-role-readiness", Map.of(READINESS, String.join(",", include))));
    }

    /** After the config files are read, so that the profile and the target are known. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
