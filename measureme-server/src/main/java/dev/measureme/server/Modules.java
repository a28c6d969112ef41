package dev.measureme.server;

import dev.measureme.server.account.AccountConfiguration;
import dev.measureme.server.api.ApiConfiguration;
import dev.measureme.server.ingest.IngestConfiguration;
import dev.measureme.server.router.RouterConfiguration;
import dev.measureme.server.simulator.SimulatorConfiguration;
import dev.measureme.server.worker.WorkerConfiguration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportSelector;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Which modules a process runs, as data (after Loki's {@code modules.go}): each target names the modules it
 * depends on, and each module is one Spring configuration. {@code all} has no body of its own, only
 * dependencies. The backends are not modules: every process has the same ports.
 */
final class Modules implements ImportSelector, EnvironmentAware {

    static final String ALL = "all";
    static final String INGEST = "ingest";
    static final String ROUTER = "router";
    static final String WORKER = "worker";
    static final String API = "api";
    private static final String ACCOUNTS = "accounts";
    private static final String SIMULATOR = "simulator";

    /** The targets an operator may name. */
    static final Set<String> TARGETS = new TreeSet<>(List.of(ALL, INGEST, ROUTER, WORKER, API));

    private static final Map<String, List<String>> DEPENDENCIES = Map.of(
            ALL, List.of(INGEST, ROUTER, WORKER, API),
            INGEST, List.of(ACCOUNTS),
            ROUTER, List.of(ACCOUNTS),
            WORKER, List.of(),
            API, List.of(ACCOUNTS, SIMULATOR),
            ACCOUNTS, List.of(),
            SIMULATOR, List.of());

    private static final Map<String, Class<?>> CONFIGURATIONS = Map.of(
            INGEST, IngestConfiguration.class,
            ROUTER, RouterConfiguration.class,
            WORKER, WorkerConfiguration.class,
            API, ApiConfiguration.class,
            ACCOUNTS, AccountConfiguration.class,
            SIMULATOR, SimulatorConfiguration.class);

    /** Set while an operator command runs: the process then runs no role, only the backends. */
    static final String COMMAND = "measureme.command";

    /**
     * The backends each role needs to serve in the distributed profile, as the names of their health
     * contributors: a role is ready only when these answer, and only these, so that a Redis outage does not
     * take ingest out of rotation.
     */
    static final Map<String, List<String>> BACKENDS = Map.of(
            INGEST, List.of("db", "rabbit"),
            ROUTER, List.of("db", "rabbit"),
            WORKER, List.of("db", "rabbit", "redis"),
            API, List.of("db", "rabbit", "redis"));

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public String[] selectImports(AnnotationMetadata metadata) {
        if (environment.containsProperty(COMMAND)) {
            return new String[0];
        }
        Set<String> modules = resolve(environment.getProperty("measureme.target", ALL));
        return modules.stream()
                .filter(CONFIGURATIONS::containsKey)
                .map(module -> CONFIGURATIONS.get(module).getName())
                .toArray(String[]::new);
    }

    /** The modules that a target list needs, dependencies first; fails with the valid targets for a bad name. */
    static Set<String> resolve(String target) {
        Set<String> modules = new LinkedHashSet<>();
        for (String name : Arrays.stream(target.split(",")).map(String::trim).toList()) {
            if (!TARGETS.contains(name)) {
                throw new IllegalArgumentException("measureme.target: unknown target '" + name + "'; valid targets are "
                        + String.join(", ", TARGETS));
            }
            addWithDependencies(name, modules);
        }
        return modules;
    }

    private static void addWithDependencies(String module, Set<String> into) {
        for (String dependency : DEPENDENCIES.get(module)) {
            addWithDependencies(dependency, into);
        }
        into.add(module);
    }
}
