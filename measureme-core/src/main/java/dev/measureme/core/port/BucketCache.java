package dev.measureme.core.port;

import dev.measureme.core.bucket.Bucket;
import dev.measureme.core.bucket.Granularity;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A derived copy of the buckets that serves reads (Redis), kept apart from the system of record so that reads
 * scale on their own. It is written only with absolute, versioned values, so that writing the same or an
 * older value again changes nothing, and it can always be rebuilt from the store (DESIGN.md §5).
 */
public interface BucketCache {

    /**
     * The user's cached buckets of one granularity whose start lies in {@code [from, to)}, in time order; empty
     * when the copy of this user is not known to be complete (never built, or lost), so that the caller reads
     * the store instead and rebuilds the copy.
     *
     * @param type only this metric, or {@code null} for all
     */
    Optional<List<Bucket>> cached(String user, Granularity granularity, Instant from, Instant to, String type);

    /** Writes absolute bucket values; a value whose version is not newer than the cached one is ignored. */
    void put(Collection<Bucket> buckets);

    /** Writes every bucket of one user, as {@link #put} does, and then marks the user's copy complete. */
    void rebuild(String user, Collection<Bucket> all);

    /** Forgets everything cached of the user, including that the copy was complete. */
    void evict(String user);
}
