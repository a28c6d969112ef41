package dev.measureme.core.goal;

import java.time.Instant;

/**
 * A user's target for one metric: reach {@code target} of its {@code measure} in every {@code period}. A user
 * has at most one goal per (type, measure, period) and at most {@value #MAX_PER_USER} goals; {@link GoalRules}
 * makes valid ones.
 *
 * @param id the goal's id, unique across users
 * @param type the metric, by the event contract's type rule
 * @param target from {@value #MIN_TARGET} to {@value #MAX_TARGET}, in the unit of the measure (seconds for
 *     {@link Measure#DURATION})
 * @param name the user's label, at most {@value #NAME_LENGTH} characters, or {@code null}
 */
public record Goal(
        String id,
        String user,
        String type,
        Measure measure,
        GoalPeriod period,
        double target,
        String name,
        Instant createdAt) {

    /** Goals a user may have at once: enough for every metric a person tracks, bounded for the page and the reads. */
    public static final int MAX_PER_USER = 50;

    /**
     * The bounds of a target: a millionth of a unit is finer than any event measures, and below it the fraction
     * reached (achieved / target) overflows to infinity; a trillion is beyond any day, week or month of a person.
     */
    public static final double MIN_TARGET = 1e-6;

    public static final double MAX_TARGET = 1e12;

    /** The longest name, in UTF-16 units, so that it fits {@code VARCHAR(64)} in H2 and PostgreSQL alike. */
    public static final int NAME_LENGTH = 64;
}
