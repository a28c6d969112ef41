package dev.measureme.core.port;

import dev.measureme.core.bucket.Bucket;
import dev.measureme.core.bucket.Granularity;
import java.time.Instant;
import java.util.List;

/** Serves the aggregate buckets that the dashboard and the API read. */
public interface BucketStore {

    /**
     * The user's buckets of one granularity whose start lies in {@code [from, to)}, in time order.
     *
     * @param type only this metric, or {@code null} for all
     */
    List<Bucket> buckets(String user, Granularity granularity, Instant from, Instant to, String type);
}
