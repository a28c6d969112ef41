package dev.measureme.core.insight;

import java.time.LocalDate;
import java.util.Set;

/**
 * The current and the longest streak of a metric inside the window.
 *
 * <p>A day counts when at least one event of the metric started on it (its day bucket's count is above 0); a
 * day that only receives the tail of an event that started the day before does not. The current streak ends
 * today, or yesterday while today has nothing yet, so that a streak is not shown as broken in the morning
 * before the day's first event; otherwise it is {@link Streak#NONE}. Of equally long runs, the longest is the
 * earlier one: a record stands until it is beaten. Both are counted inside the window, so a run that began
 * before the window shows from the window's first day.
 *
 * <pre>
 *   day      1  2  3  4  5  6  7 (today)
 *   events   x  x  x  .  x  x  .
 *   longest  [=====]                 3 days, 1..3
 *   current              [====]      2 days, 5..6 (today is empty, so yesterday ends it)
 * </pre>
 */
public record Streaks(Streak current, Streak longest) {

    static Streaks of(Set<LocalDate> activeDays, InsightWindow window) {
        Streak longest = Streak.NONE;
        LocalDate runStart = null;
        for (LocalDate day = window.first(); !day.isAfter(window.today()); day = day.plusDays(1)) {
            if (activeDays.contains(day)) {
                runStart = runStart == null ? day : runStart;
                Streak run = Streak.of(runStart, day);
                longest = run.days() > longest.days() ? run : longest;
            } else {
                runStart = null;
            }
        }
        return new Streaks(current(activeDays, window), longest);
    }

    private static Streak current(Set<LocalDate> activeDays, InsightWindow window) {
        LocalDate end = activeDays.contains(window.today())
                ? window.today()
                : window.today().minusDays(1);
        if (!activeDays.contains(end)) {
            return Streak.NONE;
        }
        LocalDate start = end;
        while (start.isAfter(window.first()) && activeDays.contains(start.minusDays(1))) {
            start = start.minusDays(1);
        }
        return Streak.of(start, end);
    }
}
