package dev.measureme.server.adapter.redis;

import dev.measureme.core.bucket.Aggregate;
import dev.measureme.core.bucket.Bucket;
import dev.measureme.core.bucket.BucketKey;
import dev.measureme.core.bucket.Granularity;
import dev.measureme.core.port.BucketCache;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The serving copy of the buckets in Redis, in the original MeasureMe's key format (DESIGN.md §6).
 *
 * <p><b>Layout.</b> One hash per user and bucket: {@code Bucket:{ann}|1532790000000|1532793599999} for an
 * hour (UTC start and inclusive end, in ms), {@code Day:{ann}|2026-12-03} and {@code Month:{ann}|2026-12} in
 * the user's zone. Each hash has the fields {@code <type>.count}, {@code .sum}, {@code .min}, {@code .max},
 * {@code .duration} (ms) and {@code .version} per metric, and {@code _start}/{@code _end} (ms). The user is a
 * hash tag, so all of a user's keys share one Redis Cluster slot. A sorted set per user and granularity,
 * {@code Index:{ann}|hour}, scores each hash by its start, so that a range read is one {@code ZRANGEBYSCORE}
 * and one pipelined round of {@code HGETALL}. {@code Built:{ann}} marks a copy that a rebuild made complete.
 *
 * <p><b>Concurrency.</b> Writes go through one Lua script per user and call, which keeps for every (hash,
 * type) the value with the highest version: a redelivered batch, a rebuild racing a worker, or two workers
 * during a hand-over can each write in any order and the newest committed value wins.
 */
public final class RedisBucketCache implements BucketCache {

    private static final RedisScript<Long> PUT =
            RedisScript.of(new ClassPathResource("redis/put-buckets.lua"), Long.class);

    /** Values per bucket in the script's ARGV. */
    private static final int ARGS_PER_BUCKET = 9;

    private static final String[] FIELDS = {"count", "sum", "min", "max", "duration", "version"};

    private final StringRedisTemplate redis;

    public RedisBucketCache(StringRedisTemplate redis) {
        this.redis = redis;
    }

    @Override
    public Optional<List<Bucket>> cached(String user, Granularity granularity, Instant from, Instant to, String type) {
        if (!Boolean.TRUE.equals(redis.hasKey(builtKey(user)))) {
            return Optional.empty();
        }
        Set<String> hashes = redis.opsForZSet()
                .rangeByScore(
                        indexKey(user, granularity), from.toEpochMilli(), Math.nextDown((double) to.toEpochMilli()));
        if (hashes == null || hashes.isEmpty()) {
            return Optional.of(List.of());
        }
        List<String> keys = List.copyOf(hashes);
        List<Object> contents = redis.executePipelined((RedisCallback<Object>) connection -> {
            for (String key : keys) {
                connection.hashCommands().hGetAll(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            return null;
        });
        List<Bucket> buckets = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            @SuppressWarnings("unchecked")
            Map<String, String> fields = (Map<String, String>) contents.get(i);
            buckets.addAll(read(user, granularity, keys.get(i), fields, type));
        }
        buckets.sort(Comparator.comparing((Bucket b) -> b.key().start())
                .thenComparing(b -> b.key().type()));
        return Optional.of(buckets);
    }

    @Override
    public void put(Collection<Bucket> buckets) {
        Map<String, List<Bucket>> byUser = buckets.stream()
                .collect(Collectors.groupingBy(b -> b.key().user(), LinkedHashMap::new, Collectors.toList()));
        byUser.forEach((user, own) -> {
            List<String> keys = new ArrayList<>(own.size() * 2);
            List<String> args = new ArrayList<>(own.size() * ARGS_PER_BUCKET);
            for (Bucket bucket : own) {
                BucketKey key = bucket.key();
                Aggregate a = bucket.aggregate();
                keys.add(hashKey(key));
                keys.add(indexKey(user, key.granularity()));
                args.addAll(List.of(
                        Long.toString(key.start().toEpochMilli()),
                        Long.toString(key.end().toEpochMilli()),
                        key.type(),
                        Long.toString(a.count()),
                        Double.toString(a.sum()),
                        number(a.min()),
                        number(a.max()),
                        Long.toString(a.durationMs()),
                        Long.toString(bucket.version())));
            }
            redis.execute(PUT, keys, args.toArray());
        });
    }

    @Override
    public void rebuild(String user, Collection<Bucket> all) {
        put(all);
        redis.opsForValue().set(builtKey(user), "1");
    }

    @Override
    public void evict(String user) {
        List<String> keys = new ArrayList<>();
        for (String prefix : new String[] {"Bucket", "Day", "Month", "Index"}) {
            ScanOptions pattern = ScanOptions.scanOptions()
                    .match(prefix + ":" + tag(user) + "|*")
                    .count(1000)
                    .build();
            try (Cursor<String> cursor = redis.scan(pattern)) {
                cursor.forEachRemaining(keys::add);
            }
        }
        keys.add(builtKey(user));
        redis.delete(keys);
    }

    /** The hash of one bucket, in the original MeasureMe's format with the user as a hash tag. */
    static String hashKey(BucketKey key) {
        return switch (key.granularity()) {
            case HOUR ->
                "Bucket:" + tag(key.user()) + "|" + key.start().toEpochMilli() + "|"
                        + (key.end().toEpochMilli() - 1);
            case DAY -> "Day:" + tag(key.user()) + "|" + key.period();
            case MONTH -> "Month:" + tag(key.user()) + "|" + key.period();
        };
    }

    private static String indexKey(String user, Granularity granularity) {
        return "Index:" + tag(user) + "|" + granularity.wireName();
    }

    private static String builtKey(String user) {
        return "Built:" + tag(user);
    }

    private static String tag(String user) {
        return "{" + user + "}";
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "" : Double.toString(value);
    }

    private static double parse(String value) {
        return value == null || value.isEmpty() ? Double.NaN : Double.parseDouble(value);
    }

    private static List<Bucket> read(
            String user, Granularity granularity, String hash, Map<String, String> fields, String onlyType) {
        if (fields == null || fields.isEmpty()) {
            return List.of();
        }
        Instant start = Instant.ofEpochMilli(Long.parseLong(fields.get("_start")));
        Instant end = Instant.ofEpochMilli(Long.parseLong(fields.get("_end")));
        String period = hash.substring(hash.indexOf('|') + 1);
        if (granularity == Granularity.HOUR) {
            period = Long.toString(start.toEpochMilli());
        }
        List<Bucket> buckets = new ArrayList<>();
        for (String field : fields.keySet()) {
            if (!field.endsWith(".version")) {
                continue;
            }
            String type = field.substring(0, field.length() - ".version".length());
            if (onlyType != null && !onlyType.equals(type)) {
                continue;
            }
            String[] v = new String[FIELDS.length];
            for (int i = 0; i < FIELDS.length; i++) {
                v[i] = fields.get(type + "." + FIELDS[i]);
            }
            Aggregate aggregate = new Aggregate(
                    Long.parseLong(v[0]), Double.parseDouble(v[1]), parse(v[2]), parse(v[3]), Long.parseLong(v[4]));
            buckets.add(new Bucket(
                    new BucketKey(user, granularity, period, type, start, end), aggregate, Long.parseLong(v[5])));
        }
        return buckets;
    }
}
