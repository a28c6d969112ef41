package dev.measureme.server.adapter.embedded;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sizes of the in-process bus ({@code measureme.embedded.bus.*}).
 *
 * @param ingestCapacity ingest messages (one per request) that may wait for the router; beyond it ingest
 *     answers 503
 * @param workCapacity messages that may wait in each work partition
 * @param maxBatchMessages most messages a worker commits in one transaction
 * @param publishTimeout how long the router waits for room in a full partition
 * @param liveCapacity live updates that may wait for the WebSocket dispatcher
 * @param drainTimeout how long shutdown waits for queued messages to be committed
 */
@ConfigurationProperties("measureme.embedded.bus")
public record EmbeddedBusProperties(
        @DefaultValue("1024") int ingestCapacity,
        @DefaultValue("256") int workCapacity,
        @DefaultValue("64") int maxBatchMessages,
        @DefaultValue("5s") Duration publishTimeout,
        @DefaultValue("4096") int liveCapacity,
        @DefaultValue("20s") Duration drainTimeout) {

    public EmbeddedBusProperties {
        requirePositive("ingest-capacity", ingestCapacity);
        requirePositive("work-capacity", workCapacity);
        requirePositive("max-batch-messages", maxBatchMessages);
        requirePositive("live-capacity", liveCapacity);
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("measureme.embedded.bus." + name + " must be > 0 (got " + value + ")");
        }
    }
}
