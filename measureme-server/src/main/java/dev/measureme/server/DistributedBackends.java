package dev.measureme.server;

import dev.measureme.core.bucket.ReadThroughBuckets;
import dev.measureme.core.port.BucketCache;
import dev.measureme.core.port.EventBus;
import dev.measureme.server.adapter.jdbc.JdbcBucketStore;
import dev.measureme.server.adapter.jdbc.PostgresPartitions;
import dev.measureme.server.adapter.rabbit.RabbitBusProperties;
import dev.measureme.server.adapter.rabbit.RabbitEventBus;
import dev.measureme.server.adapter.rabbit.RabbitOperations;
import dev.measureme.server.adapter.rabbit.RabbitTopology;
import dev.measureme.server.adapter.redis.RedisBucketCache;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ports on the distributed backends (profile {@code distributed}): RabbitMQ for the bus, PostgreSQL for
 * the store (through {@link StoreBackends}), and Redis serving the buckets, read through to PostgreSQL where
 * Redis cannot answer. Connections come from Spring Boot's {@code spring.rabbitmq.*}, {@code
 * spring.datasource.*} and {@code spring.data.redis.*} (see {@code application-distributed.properties}).
 */
@Configuration(proxyBeanMethods = false)
@Profile(DistributedBackends.PROFILE)
@EnableConfigurationProperties(RabbitBusProperties.class)
class DistributedBackends {

    static final String PROFILE = "distributed";

    /** How often partition maintenance runs after the first run at start-up. */
    private static final Duration PARTITION_MAINTENANCE = Duration.ofHours(6);

    @Bean
    RabbitTopology rabbitTopology(MeasureMeProperties measureme, RabbitBusProperties rabbit) {
        return new RabbitTopology(rabbit.prefix(), measureme.partitions(), rabbit.deliveryLimit());
    }

    /** Spring Boot's {@code RabbitAdmin} declares these on every new connection. */
    @Bean
    Declarables measuremeTopology(RabbitTopology topology) {
        return topology.declarables();
    }

    @Bean(destroyMethod = "close")
    EventBus eventBus(
            CachingConnectionFactory connections,
            RabbitTemplate template,
            AmqpAdmin admin,
            RabbitTopology topology,
            RabbitBusProperties properties) {
        return new RabbitEventBus(connections, template, admin, topology, properties);
    }

    /** The operator commands' broker access, and the {@code QueueGauge} of the pipeline page. */
    @Bean
    RabbitOperations rabbitOperations(AmqpAdmin admin, RabbitTemplate template, RabbitTopology topology) {
        return new RabbitOperations(admin, template, topology);
    }

    @Bean
    BucketCache bucketCache(StringRedisTemplate redis) {
        return new RedisBucketCache(redis);
    }

    @Bean
    ReadThroughBuckets bucketStore(BucketCache cache, JdbcTemplate jdbc) {
        return new ReadThroughBuckets(cache, new JdbcBucketStore(jdbc));
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService maintenance() {
        return Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("maintenance").daemon(true).factory());
    }

    /** Creates the months' event partitions before the first request, and keeps creating them ahead. */
    @Bean
    ApplicationRunner partitionMaintenance(
            JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock, ScheduledExecutorService maintenance) {
        PostgresPartitions partitions = new PostgresPartitions(jdbc, transactions);
        return arguments -> {
            partitions.ensure(clock.instant());
            maintenance.scheduleWithFixedDelay(
                    () -> partitions.ensure(clock.instant()),
                    PARTITION_MAINTENANCE.toMinutes(),
                    PARTITION_MAINTENANCE.toMinutes(),
                    TimeUnit.MINUTES);
        };
    }
}
