package dev.measureme.core.bucket;

import dev.measureme.core.event.Event;
import dev.measureme.core.event.RoutedBatch;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns events into bucket deltas. A pure function: no clock, no I/O.
 *
 * <p>An event counts, with its value, in the bucket that holds its timestamp. Its duration is shared out
 * over every bucket that its span {@code [timestamp, timestamp + duration)} overlaps:
 *
 * <pre>
 *   hour      20:00        21:00        22:00        23:00
 *             |------------|------------|------------|
 *   event           [=====================)               20:30 + 1h45m
 *   delta     count 1      duration 60m  duration 15m
 *             duration 30m
 * </pre>
 *
 * Hours are cut in UTC; days and months in the user's zone. The durations of one event's deltas add up to
 * its duration exactly, at every granularity, so bucket totals always equal event totals.
 */
public final class Bucketing {

    private Bucketing() {}

    /** The deltas of {@code events}, all owned by users in {@code zone}, merged by bucket. */
    public static Map<BucketKey, Aggregate> deltas(List<Event> events, ZoneId zone) {
        Map<BucketKey, Aggregate> merged = new LinkedHashMap<>();
        for (Event event : events) {
            for (Granularity granularity : Granularity.values()) {
                addDeltas(event, granularity, granularity.zoneFor(zone), merged);
            }
        }
        return merged;
    }

    /**
     * Every bucket that the events of {@code batches} fall in, whether or not they are new: what a derived copy
     * must re-read after a commit, so that a redelivered batch repairs a copy its first delivery left stale.
     */
    public static Set<BucketKey> touched(List<RoutedBatch> batches) {
        Set<BucketKey> keys = new LinkedHashSet<>();
        for (RoutedBatch routed : batches) {
            keys.addAll(deltas(routed.batch().events(), routed.zone()).keySet());
        }
        return keys;
    }

    private static void addDeltas(Event event, Granularity granularity, ZoneId zone, Map<BucketKey, Aggregate> into) {
        Instant from = event.timestamp();
        Instant to = event.end();
        Instant start = granularity.start(from, zone);
        boolean first = true;
        do {
            Instant next = granularity.next(start, zone);
            long overlap = Math.min(to.toEpochMilli(), next.toEpochMilli())
                    - Math.max(from.toEpochMilli(), start.toEpochMilli());
            long durationShare = Math.max(0, overlap);
            Aggregate delta =
                    first ? Aggregate.ofValue(event.value(), durationShare) : Aggregate.ofDurationOnly(durationShare);
            BucketKey key = new BucketKey(
                    event.user(), granularity, granularity.period(start, zone), event.type(), start, next);
            into.merge(key, delta, Aggregate::plus);
            first = false;
            start = next;
        } while (start.isBefore(to));
    }
}
