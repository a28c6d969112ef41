package dev.measureme.server;

import dev.measureme.core.port.AccountStore;
import dev.measureme.core.port.BucketStore;
import dev.measureme.core.port.EventBus;
import dev.measureme.core.port.EventStore;
import dev.measureme.server.adapter.embedded.EmbeddedBusProperties;
import dev.measureme.server.adapter.embedded.EmbeddedEventBus;
import dev.measureme.server.adapter.jdbc.JdbcAccountStore;
import dev.measureme.server.adapter.jdbc.JdbcBucketStore;
import dev.measureme.server.adapter.jdbc.JdbcEventStore;
import dev.measureme.server.adapter.jdbc.SqlDialect;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ports on embedded backends: an in-process bus and an H2 file database under {@code measureme.data-dir}
 * (the datasource URL is in {@code application.properties}). Buckets are served from the store.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EmbeddedBusProperties.class)
class EmbeddedBackends {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "close")
    EventBus eventBus(MeasureMeProperties properties, EmbeddedBusProperties bus) {
        return new EmbeddedEventBus(properties.partitions(), bus);
    }

    @Bean
    EventStore eventStore(DataSource dataSource, JdbcTemplate jdbc, TransactionTemplate transactions, JsonMapper json) {
        return new JdbcEventStore(jdbc, SqlDialect.of(dataSource), transactions, json);
    }

    @Bean
    BucketStore bucketStore(JdbcTemplate jdbc) {
        return new JdbcBucketStore(jdbc);
    }

    @Bean
    AccountStore accountStore(JdbcTemplate jdbc) {
        return new JdbcAccountStore(jdbc);
    }
}
