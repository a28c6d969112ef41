package dev.measureme.core.insight;

import dev.measureme.core.bucket.Bucket;
import dev.measureme.core.bucket.Granularity;
import dev.measureme.core.port.BucketStore;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.List;

/**
 * Reads the buckets of a user's {@link InsightWindow} from the serving store, the path {@code GET /api/v1/buckets}
 * reads too, and derives the {@link Insights} from them: two range reads, of day and of hour buckets.
 */
public final class InsightReader {

    private final BucketStore buckets;
    private final InstantSource clock;

    public InsightReader(BucketStore buckets, InstantSource clock) {
        this.buckets = buckets;
        this.clock = clock;
    }

    /**
     * @param zone the user's zone, in which the window's days are cut
     * @param type only this metric, or {@code null} for all
     */
    public Insights read(String user, ZoneId zone, String type) {
        InsightWindow window = InsightWindow.endingAt(clock.instant(), zone);
        List<Bucket> days = buckets.buckets(user, Granularity.DAY, window.from(), window.to(), type);
        List<Bucket> hours = buckets.buckets(user, Granularity.HOUR, window.from(), window.to(), type);
        return Insights.of(window, days, hours);
    }
}
