package dev.measureme.core.bucket;

import java.time.Instant;

/**
 * Identifies one aggregate row: a user's metric over one period.
 *
 * @param user the owner
 * @param granularity hour, day or month
 * @param period the period key, see {@link Granularity#period}
 * @param type the metric name
 * @param start the first instant of the period
 * @param end the first instant after the period
 */
public record BucketKey(String user, Granularity granularity, String period, String type, Instant start, Instant end) {}
