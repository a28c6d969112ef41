package dev.measureme.server;

import dev.measureme.core.port.BucketStore;
import dev.measureme.core.port.EventBus;
import dev.measureme.server.adapter.embedded.EmbeddedBusProperties;
import dev.measureme.server.adapter.embedded.EmbeddedEventBus;
import dev.measureme.server.adapter.jdbc.JdbcBucketStore;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The ports on embedded backends, the default: an in-process bus, and buckets served straight from the H2 file
 * database under {@code measureme.data-dir} (the datasource URL is in {@code application.properties}).
 */
@Configuration(proxyBeanMethods = false)
@Profile("!" + DistributedBackends.PROFILE)
@EnableConfigurationProperties(EmbeddedBusProperties.class)
class EmbeddedBackends {

    /** Typed as the adapter, so that it serves both of its ports: {@link EventBus} and {@code QueueGauge}. */
    @Bean(destroyMethod = "close")
    EmbeddedEventBus eventBus(MeasureMeProperties properties, EmbeddedBusProperties bus) {
        return new EmbeddedEventBus(properties.partitions(), bus);
    }

    @Bean
    BucketStore bucketStore(JdbcTemplate jdbc) {
        return new JdbcBucketStore(jdbc);
    }
}
