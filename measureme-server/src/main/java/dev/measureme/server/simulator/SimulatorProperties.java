package dev.measureme.server.simulator;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The simulation panel's simulator ({@code measureme.simulator.*}).
 *
 * @param ingestUrl where simulations send their events, as an app would; empty means this process's own port
 *     (right when it runs ingest, as with {@code all}); an api-only process names the ingest service
 * @param maxRunning simulations this process runs at once, over all users (each user runs one at a time)
 */
@ConfigurationProperties("measureme.simulator")
public record SimulatorProperties(
        @DefaultValue("") String ingestUrl,
        @DefaultValue("4") int maxRunning) {

    public SimulatorProperties {
        if (maxRunning < 1) {
            throw new IllegalArgumentException("measureme.simulator.max-running must be > 0 (got " + maxRunning + ")");
        }
    }
}
