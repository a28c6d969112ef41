package dev.measureme.core.insight;

import dev.measureme.core.bucket.Bucket;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * When in the day a metric happens: the share of its sum that fell in each local hour, over the window.
 *
 * <p>Hour buckets are UTC hours (DESIGN.md §6), so each is attributed to the local hour its start falls in.
 * In a zone with a whole-hour offset that is exact. In a zone whose offset is 30 or 45 minutes (Kolkata,
 * Kathmandu) a UTC hour straddles two local hours, and all of it goes to the earlier one: the bucket of
 * 10:00Z–11:00Z is 15:30–16:30 in Kolkata and counts as 15:00. The buckets hold no finer time to split them by.
 * On the day clocks go back, the repeated local hour receives both UTC hours; on the day they go forward, the
 * skipped hour receives nothing.
 *
 * @param shares 24 shares, by local hour 0–23, adding up to 1; all 0 when the metric's sum is not positive,
 *     for which no share makes sense
 * @param peakHour the local hour with the largest sum (of equal ones the earliest); {@code null} when the sum is
 *     not positive
 */
public record TimeOfDay(List<Double> shares, Integer peakHour) {

    public static final int HOURS = 24;

    /** @param hours the metric's hour buckets inside the window */
    static TimeOfDay of(List<Bucket> hours, ZoneId zone) {
        double[] sums = new double[HOURS];
        for (Bucket hour : hours) {
            sums[hour.key().start().atZone(zone).getHour()] += hour.aggregate().sum();
        }
        double total = Arrays.stream(sums).sum();
        if (!(total > 0)) {
            return new TimeOfDay(Collections.nCopies(HOURS, 0.0), null);
        }
        int peak = 0;
        for (int hour = 1; hour < HOURS; hour++) {
            peak = sums[hour] > sums[peak] ? hour : peak;
        }
        return new TimeOfDay(Arrays.stream(sums).map(sum -> sum / total).boxed().toList(), peak);
    }
}
