package dev.measureme.core.bucket;

/**
 * What a bucket holds for one metric. Merging is associative and commutative, so deltas can be folded in
 * any order and a redelivered batch converges once its events are deduplicated.
 *
 * @param count events that started in the bucket
 * @param sum their values added up
 * @param min the smallest value, {@code NaN} when {@code count == 0}
 * @param max the largest value, {@code NaN} when {@code count == 0}
 * @param durationMs the milliseconds of event time that fall inside the bucket, from events that may have
 *     started earlier
 */
public record Aggregate(long count, double sum, double min, double max, long durationMs) {

    /** The contribution of an event that starts in the bucket. */
    public static Aggregate ofValue(double value, long durationMs) {
        return new Aggregate(1, value, value, value, durationMs);
    }

    /** The contribution of an event that started before the bucket but lasts into it. */
    public static Aggregate ofDurationOnly(long durationMs) {
        return new Aggregate(0, 0, Double.NaN, Double.NaN, durationMs);
    }

    public Aggregate plus(Aggregate other) {
        return new Aggregate(
                count + other.count,
                sum + other.sum,
                minOf(min, other.min, Math::min),
                minOf(max, other.max, Math::max),
                durationMs + other.durationMs);
    }

    private static double minOf(double a, double b, java.util.function.DoubleBinaryOperator pick) {
        if (Double.isNaN(a)) return b;
        if (Double.isNaN(b)) return a;
        return pick.applyAsDouble(a, b);
    }
}
