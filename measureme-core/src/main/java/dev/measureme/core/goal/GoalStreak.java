package dev.measureme.core.goal;

import java.time.LocalDate;

/**
 * A run of consecutive periods in each of which a goal was met.
 *
 * @param periods how many periods the run has; 0 for no run
 * @param start the first day of its first period, {@code null} for no run
 * @param end the last day of its last period, {@code null} for no run
 */
public record GoalStreak(int periods, LocalDate start, LocalDate end) {

    /** No run at all. */
    public static final GoalStreak NONE = new GoalStreak(0, null, null);
}
