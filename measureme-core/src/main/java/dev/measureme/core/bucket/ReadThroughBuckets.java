package dev.measureme.core.bucket;

import dev.measureme.core.port.BucketCache;
import dev.measureme.core.port.BucketStore;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Serves buckets from the cache, and from the store where the cache cannot answer.
 *
 * <p><b>How it works.</b> A user whose cached copy is complete is answered from the cache alone. Otherwise
 * (first read after the cache lost its data, or a cache that is down) the answer comes from the store, and the
 * user's copy is rebuilt from the store, so the next read is a cache read again. A rebuild that races with a
 * worker cannot go backwards: both write versioned values and the cache keeps the newest.
 *
 * <p><b>Failure.</b> A cache failure costs speed, never an answer: it is logged and the store answers.
 */
public final class ReadThroughBuckets implements BucketStore {

    private static final System.Logger log = System.getLogger(ReadThroughBuckets.class.getName());

    /** Bounds a rebuild's reads: no bucket starts before or after these. */
    private static final Instant EARLIEST = Instant.parse("1999-12-01T00:00:00Z");

    private static final Instant LATEST = Instant.parse("9999-01-01T00:00:00Z");

    private final BucketCache cache;
    private final BucketStore source;

    public ReadThroughBuckets(BucketCache cache, BucketStore source) {
        this.cache = cache;
        this.source = source;
    }

    @Override
    public List<Bucket> buckets(String user, Granularity granularity, Instant from, Instant to, String type) {
        Optional<List<Bucket>> cached;
        try {
            cached = cache.cached(user, granularity, from, to, type);
        } catch (RuntimeException e) {
            log.log(Level.WARNING, "bucket cache read failed, reading the store user=" + user + " cause=" + e);
            return source.buckets(user, granularity, from, to, type);
        }
        if (cached.isPresent()) {
            return cached.get();
        }
        List<Bucket> answer = source.buckets(user, granularity, from, to, type);
        try {
            rebuild(user);
        } catch (RuntimeException e) {
            log.log(Level.WARNING, "bucket cache rebuild failed user=" + user + " cause=" + e);
        }
        return answer;
    }

    /** Rewrites the user's whole cached copy from the store; returns the number of buckets written. */
    public int rebuild(String user) {
        List<Bucket> all = new ArrayList<>();
        for (Granularity granularity : Granularity.values()) {
            all.addAll(source.buckets(user, granularity, EARLIEST, LATEST, null));
        }
        cache.rebuild(user, all);
        return all.size();
    }
}
