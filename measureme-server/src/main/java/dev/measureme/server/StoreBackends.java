package dev.measureme.server;

import dev.measureme.core.port.AccountStore;
import dev.measureme.core.port.EventStore;
import dev.measureme.core.port.GoalStore;
import dev.measureme.server.adapter.jdbc.JdbcAccountStore;
import dev.measureme.server.adapter.jdbc.JdbcEventStore;
import dev.measureme.server.adapter.jdbc.JdbcGoalStore;
import dev.measureme.server.adapter.jdbc.SqlDialect;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every process has, embedded or distributed: the clock and the relational store (H2 or PostgreSQL,
 * whichever {@code spring.datasource.url} names; the dialect is read from the connection).
 */
@Configuration(proxyBeanMethods = false)
class StoreBackends {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    EventStore eventStore(DataSource dataSource, JdbcTemplate jdbc, TransactionTemplate transactions, JsonMapper json) {
        return new JdbcEventStore(jdbc, SqlDialect.of(dataSource), transactions, json);
    }

    @Bean
    AccountStore accountStore(JdbcTemplate jdbc) {
        return new JdbcAccountStore(jdbc);
    }

    @Bean
    GoalStore goalStore(JdbcTemplate jdbc, TransactionTemplate transactions) {
        return new JdbcGoalStore(jdbc, transactions);
    }
}
