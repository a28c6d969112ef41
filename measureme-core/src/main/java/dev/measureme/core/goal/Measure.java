package dev.measureme.core.goal;

import dev.measureme.core.bucket.Aggregate;
import java.util.Optional;

/** What of a metric a goal adds up over its period. */
public enum Measure {
    /** The sum of the events' values. */
    SUM,
    /** How many events started. */
    COUNT,
    /** The event time that fell in the period, in seconds, as the event contract and the buckets give it. */
    DURATION;

    /** The amount of this measure in a bucket's aggregate. */
    public double of(Aggregate aggregate) {
        return switch (this) {
            case SUM -> aggregate.sum();
            case COUNT -> aggregate.count();
            case DURATION -> aggregate.durationMs() / 1000.0;
        };
    }

    /** The name on the wire and in the store: {@code sum}, {@code count}, {@code duration}. */
    public String wireName() {
        return WireNames.of(this);
    }

    /** The measure of that wire name, if there is one. */
    public static Optional<Measure> named(String wireName) {
        return WireNames.find(values(), wireName);
    }
}
