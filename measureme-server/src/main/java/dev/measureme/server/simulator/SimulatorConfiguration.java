package dev.measureme.server.simulator;

import dev.measureme.core.port.AccountStore;
import dev.measureme.core.port.EventBus;
import java.net.URI;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The simulator of the simulation panel, served by the api role. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SimulatorProperties.class)
public class SimulatorConfiguration {

    @Bean
    SimulationRuns simulationRuns(
            AccountStore accounts, EventBus bus, Clock clock, SimulatorProperties properties, Environment environment) {
        // The port is known once the web server has started, which is before any simulation can be asked for.
        return new SimulationRuns(accounts, bus, clock, properties, () -> {
            String base = properties.ingestUrl().isBlank()
                    ? "http://127.0.0.1:" + environment.getProperty("local.server.port")
                    : properties.ingestUrl().replaceAll("/+$", "");
            return URI.create(base + "/api/v1/events");
        });
    }

    @Bean
    SimulationController simulationController(SimulationRuns runs) {
        return new SimulationController(runs);
    }
}
