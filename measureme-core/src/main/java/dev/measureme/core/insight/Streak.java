package dev.measureme.core.insight;

import java.time.LocalDate;

/**
 * A run of consecutive local days on each of which at least one event of the metric started.
 *
 * @param days how many days the run has; 0 for no run
 * @param start its first day, {@code null} for no run
 * @param end its last day, {@code null} for no run
 */
public record Streak(int days, LocalDate start, LocalDate end) {

    /** No run at all. */
    public static final Streak NONE = new Streak(0, null, null);

    static Streak of(LocalDate start, LocalDate end) {
        return new Streak((int) (end.toEpochDay() - start.toEpochDay()) + 1, start, end);
    }
}
