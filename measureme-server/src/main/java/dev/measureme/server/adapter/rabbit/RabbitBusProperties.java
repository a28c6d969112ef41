package dev.measureme.server.adapter.rabbit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The RabbitMQ event bus ({@code measureme.rabbit.*}); connections use Spring Boot's {@code spring.rabbitmq.*}.
 *
 * @param prefix the first part of every queue and exchange name, so that installations (or tests) can share a
 *     broker: {@code <prefix>.ingest}, {@code <prefix>.work.<p>}, {@code <prefix>.dead-letters}
 * @param ingestBatchEvents ingest flushes a broker message once the requests waiting for it carry this many
 *     events
 * @param ingestLinger the longest a request waits for others to share its broker message
 * @param workBatchEvents the router flushes a partition's message once it carries this many events
 * @param workLinger the longest a routed batch waits for others bound for the same partition
 * @param confirmTimeout how long a publish waits for the broker's confirm before it counts as failed
 * @param deliveryLimit deliveries of one message before the broker dead-letters it
 * @param ingestPrefetch unacknowledged ingest messages a router consumer may hold
 * @param routerConsumers consumers per router process on the ingest queue
 * @param workPrefetch unacknowledged messages a worker may hold per partition
 * @param shutdownTimeout how long shutdown waits for messages in flight to be finished and acknowledged
 * @param rebalanceInterval how often a worker checks that it is active on no more than its share of partitions
 */
@ConfigurationProperties("measureme.rabbit")
public record RabbitBusProperties(
        @DefaultValue("measureme") String prefix,
        @DefaultValue("1000") int ingestBatchEvents,
        @DefaultValue("5ms") Duration ingestLinger,
        @DefaultValue("2000") int workBatchEvents,
        @DefaultValue("10ms") Duration workLinger,
        @DefaultValue("5s") Duration confirmTimeout,
        @DefaultValue("5") int deliveryLimit,
        @DefaultValue("64") int ingestPrefetch,
        @DefaultValue("4") int routerConsumers,
        @DefaultValue("4") int workPrefetch,
        @DefaultValue("25s") Duration shutdownTimeout,
        @DefaultValue("5s") Duration rebalanceInterval) {

    public RabbitBusProperties {
        if (prefix == null || !prefix.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException(
                    "measureme.rabbit.prefix must be 1-64 characters of [A-Za-z0-9_.-] (got " + prefix + ")");
        }
        positive("ingest-batch-events", ingestBatchEvents);
        positive("work-batch-events", workBatchEvents);
        positive("delivery-limit", deliveryLimit);
        positive("ingest-prefetch", ingestPrefetch);
        positive("router-consumers", routerConsumers);
        positive("work-prefetch", workPrefetch);
        if (rebalanceInterval.isNegative() || rebalanceInterval.isZero()) {
            throw new IllegalArgumentException(
                    "measureme.rabbit.rebalance-interval must be > 0 (got " + rebalanceInterval + ")");
        }
        if (confirmTimeout.isNegative() || confirmTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "measureme.rabbit.confirm-timeout must be > 0 (got " + confirmTimeout + ")");
        }
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("measureme.rabbit." + name + " must be > 0 (got " + value + ")");
        }
    }
}
