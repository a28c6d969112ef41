package dev.measureme.core.goal;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.Optional;

/**
 * The stretch of local days over which a goal is measured: a day, a week from Monday to Sunday (ISO-8601), or a
 * calendar month, in the user's zone. A period is known by its first day.
 */
public enum GoalPeriod {
    DAY(365),
    WEEK(52),
    MONTH(12);

    /** Periods before the current one that a goal's progress looks back at: about a year of each. */
    final int lookback;

    GoalPeriod(int lookback) {
        this.lookback = lookback;
    }

    /** The first day of the period that {@code day} falls in. */
    public LocalDate startOf(LocalDate day) {
        return switch (this) {
            case DAY -> day;
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1);
        };
    }

    /** The first day of the period {@code periods} after (or, when negative, before) the one starting at {@code start}. */
    public LocalDate plus(LocalDate start, long periods) {
        return switch (this) {
            case DAY -> start.plusDays(periods);
            case WEEK -> start.plusWeeks(periods);
            case MONTH -> start.plusMonths(periods);
        };
    }

    /** The first day of the earliest period that the progress of a goal over this period reads, for {@code today}. */
    public LocalDate earliestRead(LocalDate today) {
        return plus(startOf(today), -lookback);
    }

    /** The name on the wire and in the store: {@code day}, {@code week}, {@code month}. */
    public String wireName() {
        return WireNames.of(this);
    }

    /** The period of that wire name, if there is one. */
    public static Optional<GoalPeriod> named(String wireName) {
        return WireNames.find(values(), wireName);
    }
}
