package dev.measureme.server.adapter.redis;

import com.zaxxer.hikari.HikariDataSource;
import dev.measureme.core.bucket.Bucket;
import dev.measureme.core.bucket.BucketKey;
import dev.measureme.core.bucket.Bucketing;
import dev.measureme.core.contract.EventStoreContract;
import dev.measureme.core.event.Event;
import dev.measureme.core.event.EventPage;
import dev.measureme.core.event.EventQuery;
import dev.measureme.core.event.RoutedBatch;
import dev.measureme.core.event.Warning;
import dev.measureme.core.port.BucketStore;
import dev.measureme.core.port.EventStore;
import dev.measureme.server.adapter.jdbc.JdbcBucketStore;
import dev.measureme.server.adapter.jdbc.JdbcEventStore;
import dev.measureme.server.adapter.jdbc.PostgresDatabases;
import dev.measureme.server.adapter.jdbc.PostgresPartitions;
import dev.measureme.server.adapter.jdbc.SqlDialect;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole event store contract with buckets served by Redis alone: PostgreSQL is the store, and after every
 * commit the touched buckets are re-read from it and written to Redis as the worker does. Every bucket
 * assertion of the contract is then answered from Redis, never from PostgreSQL.
 */
class RedisServedEventStoreIT extends EventStoreContract {

    private static final List<String> USERS = List.of("ann", "bob");

    private static HikariDataSource dataSource;
    private static JdbcTemplate jdbc;
    private static TransactionTemplate transactions;
    private static LettuceConnectionFactory connections;
    private static StringRedisTemplate redis;

    private JdbcEventStore postgres;
    private RedisBucketCache cache;

    @BeforeAll
    static void open() {
        dataSource = PostgresDatabases.migrated("measureme_it_redis_served");
        jdbc = new JdbcTemplate(dataSource);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        new PostgresPartitions(jdbc, transactions).ensure(Instant.now());
        connections = RedisConnections.open(12);
        redis = RedisConnections.template(connections);
    }

    @AfterAll
    static void close() {
        connections.destroy();
        dataSource.close();
    }

    @BeforeEach
    void empty() {
        jdbc.execute("TRUNCATE event_keys, events, buckets, warnings, deleted_users, users CASCADE");
        RedisConnections.flush(redis);
        postgres = new JdbcEventStore(
                jdbc, SqlDialect.POSTGRESQL, transactions, JsonMapper.builder().build());
        cache = new RedisBucketCache(redis);
        USERS.forEach(user -> cache.rebuild(user, List.of()));
    }

    @Override
    protected EventStore store() {
        return new EventStore() {
            @Override
            public List<Event> store(List<RoutedBatch> batches) {
                List<Event> fresh = postgres.store(batches);
                cache.put(postgres.buckets(Bucketing.touched(batches)));
                return fresh;
            }

            @Override
            public List<Bucket> buckets(Collection<BucketKey> keys) {
                return postgres.buckets(keys);
            }

            @Override
            public EventPage events(EventQuery query) {
                return postgres.events(query);
            }

            @Override
            public List<Warning> warnings(String user, int limit) {
                return postgres.warnings(user, limit);
            }

            @Override
            public void deleteUser(String user, java.time.Instant at) {
                postgres.deleteUser(user, at);
                cache.evict(user);
                cache.rebuild(user, List.of());
            }

            @Override
            public void changeZone(String user, java.time.ZoneId zone) {
                postgres.changeZone(user, zone);
                cache.evict(user);
                new dev.measureme.core.bucket.ReadThroughBuckets(cache, new JdbcBucketStore(jdbc)).rebuild(user);
            }
        };
    }

    @Override
    protected BucketStore buckets() {
        return (user, granularity, from, to, type) ->
                cache.cached(user, granularity, from, to, type).orElseThrow();
    }
}
