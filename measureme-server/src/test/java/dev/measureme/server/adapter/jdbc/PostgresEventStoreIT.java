package dev.measureme.server.adapter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.measureme.core.contract.EventStoreContract;
import dev.measureme.core.event.Event;
import dev.measureme.core.event.IngestBatch;
import dev.measureme.core.event.RoutedBatch;
import dev.measureme.core.port.BucketStore;
import dev.measureme.core.port.EventStore;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The event store contract against {@link JdbcEventStore} on a real PostgreSQL, with monthly partitions, plus
 * what only PostgreSQL has: the partitions themselves.
 */
class PostgresEventStoreIT extends EventStoreContract {

    private static HikariDataSource dataSource;
    private static JdbcTemplate jdbc;
    private static TransactionTemplate transactions;
    private JdbcEventStore store;
    private JdbcBucketStore buckets;

    @BeforeAll
    static void openDatabase() {
        dataSource = PostgresDatabases.migrated("measureme_it_event_store");
        jdbc = new JdbcTemplate(dataSource);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @AfterAll
    static void closeDatabase() {
        dataSource.close();
    }

    @BeforeEach
    void emptyStore() {
        jdbc.execute("TRUNCATE event_keys, events, buckets, warnings, deleted_users, users CASCADE");
        assertThat(SqlDialect.of(dataSource)).isEqualTo(SqlDialect.POSTGRESQL);
        new PostgresPartitions(jdbc, transactions).ensure(Instant.now());
        store = new JdbcEventStore(
                jdbc, SqlDialect.POSTGRESQL, transactions, JsonMapper.builder().build());
        buckets = new JdbcBucketStore(jdbc);
    }

    @Override
    protected EventStore store() {
        return store;
    }

    @Override
    protected BucketStore buckets() {
        return buckets;
    }

    @Test
    void ensure_createsMonthlyPartitionsAroundNow_andIsIdempotent() {
        Instant now = Instant.parse("2031-06-15T00:00:00Z");

        int created = new PostgresPartitions(jdbc, transactions).ensure(now);

        assertThat(created).isPositive();
        assertThat(new PostgresPartitions(jdbc, transactions).ensure(now)).isZero();
        assertThat(jdbc.queryForObject("SELECT to_regclass('events_2031_09') IS NOT NULL", Boolean.class))
                .isTrue();
    }

    @Test
    void store_routesEventsToTheirMonthAndAncientOnesToTheDefaultPartition() {
        Instant now = Instant.now();
        Event recent = event("recent", now);
        Event ancient = event("ancient", Instant.parse("2001-02-03T04:05:06Z"));

        store.store(
                List.of(new RoutedBatch(new IngestBatch("ann", List.of(recent, ancient), List.of()), ZoneOffset.UTC)));

        Map<String, Object> partitions = jdbc.queryForMap(
                "SELECT (SELECT tableoid::regclass::text FROM events WHERE event_id = 'recent') AS recent,"
                        + " (SELECT tableoid::regclass::text FROM events WHERE event_id = 'ancient') AS ancient");
        assertThat((String) partitions.get("recent")).matches("events_\\d{4}_\\d{2}");
        assertThat(partitions.get("ancient")).isEqualTo("events_default");
    }

    private static Event event(String id, Instant at) {
        return new Event("ann", id, "pushups", 1, null, 0, null, at, "test", Map.of(), at, false);
    }
}
