package dev.measureme.server.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.measureme.core.bucket.Aggregate;
import dev.measureme.core.bucket.Bucket;
import dev.measureme.core.bucket.BucketKey;
import dev.measureme.core.bucket.Granularity;
import dev.measureme.core.contract.BucketCacheContract;
import dev.measureme.core.port.BucketCache;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The bucket cache contract against {@link RedisBucketCache} on a real Redis, plus its key format. */
class RedisBucketCacheIT extends BucketCacheContract {

    private static LettuceConnectionFactory connections;
    private static StringRedisTemplate redis;
    private final RedisBucketCache cache = new RedisBucketCache(redis);

    @BeforeAll
    static void connect() {
        connections = RedisConnections.open(11);
        redis = RedisConnections.template(connections);
    }

    @AfterAll
    static void disconnect() {
        connections.destroy();
    }

    @BeforeEach
    void empty() {
        RedisConnections.flush(redis);
    }

    @Override
    protected BucketCache cache() {
        return cache;
    }

    @Test
    void put_writesTheOriginalKeyFormatWithTheUserAsHashTag() {
        Instant start = Instant.ofEpochMilli(1_532_790_000_000L);
        Bucket hour = new Bucket(
                new BucketKey("guest", Granularity.HOUR, "1532790000000", "pushups", start, start.plusSeconds(3600)),
                new Aggregate(2, 40, 15, 25, 0),
                3);
        Instant day = Instant.parse("2026-12-02T18:15:00Z");
        Bucket kathmanduDay = new Bucket(
                new BucketKey("guest", Granularity.DAY, "2026-12-03", "pushups", day, day.plusSeconds(86_400)),
                new Aggregate(1, 1, 1, 1, 0),
                1);

        cache.put(List.of(hour, kathmanduDay));

        Map<Object, Object> fields = redis.opsForHash().entries("Bucket:{guest}|1532790000000|1532793599999");
        assertThat(fields)
                .containsEntry("pushups.count", "2")
                .containsEntry("pushups.sum", "40.0")
                .containsEntry("pushups.min", "15.0")
                .containsEntry("pushups.max", "25.0")
                .containsEntry("pushups.duration", "0")
                .containsEntry("pushups.version", "3");
        assertThat(redis.hasKey("Day:{guest}|2026-12-03")).isTrue();
        assertThat(redis.opsForZSet().score("Index:{guest}|hour", "Bucket:{guest}|1532790000000|1532793599999"))
                .isEqualTo(1_532_790_000_000d);
    }
}
