package dev.measureme.server.web;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Token buckets by key (an API key, a client address), with Bucket4j: each key may take {@code capacity}
 * tokens at once, and gets them back at that rate over {@code period}.
 *
 * <p><b>Memory.</b> At most {@code maxKeys} buckets are kept, the least recently used dropped first: a flood
 * of distinct keys costs a bounded map, and a dropped key only starts again with a full bucket.
 *
 * <p><b>Scope.</b> Buckets are per process. Behind a load balancer of N replicas a key may get up to N times
 * the rate; the limit protects each process, which is what it is for.
 */
public final class RateLimiter {

    private final long capacity;
    private final Duration period;
    private final Map<String, Bucket> buckets;

    public RateLimiter(long capacity, Duration period, int maxKeys) {
        this.capacity = capacity;
        this.period = period;
        this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > maxKeys;
            }
        };
    }

    /** Takes {@code tokens} for {@code key}; empty if they were there, else the seconds until they will be. */
    public OptionalLong tryTake(String key, long tokens) {
        Bucket bucket;
        synchronized (buckets) {
            bucket = buckets.computeIfAbsent(
                    key,
                    k -> Bucket.builder()
                            .addLimit(Bandwidth.builder()
                                    .capacity(capacity)
                                    .refillGreedy(capacity, period)
                                    .build())
                            .build());
        }
        if (tokens > capacity) {
            return OptionalLong.of(Math.max(1, period.toSeconds()));
        }
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(tokens);
        if (probe.isConsumed()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999) / 1_000_000_000));
    }
}
