package dev.measureme.core.goal;

import dev.measureme.core.bucket.Aggregate;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;

/**
 * How a goal is doing: the current period, the last {@value #RECENT} periods, and the streak of periods in which
 * it was met. A pure function of the metric's day aggregates, with no clock and no I/O; {@code InsightReader}
 * reads them for it, from the same day buckets the insights use.
 *
 * <p>Periods are made of the user's local days (day buckets are keyed by local date), so a week in which the
 * clocks change still has its seven days, and an event belongs to the month of its local date. The streak ends
 * with the current period when that is met, or else with the previous one, so that a streak is not shown as
 * broken while the current period is still under way; it counts back at most {@link GoalPeriod#lookback}
 * periods before the current one (about a year).
 *
 * <pre>
 *   period    1  2  3  4  5  6 (current)
 *   met       x  .  x  x  x  .
 *   streak          [=======]      3 periods, 3..5 (the current one is not met yet, so the previous ends it)
 * </pre>
 *
 * @param current the period containing today
 * @param recent the last {@value #RECENT} periods, oldest first, the current one last
 */
public record GoalProgress(Goal goal, PeriodProgress current, List<PeriodProgress> recent, GoalStreak streak) {

    /** Periods in {@link #recent}: enough to see a pattern, few enough for fifty goals on one page. */
    public static final int RECENT = 8;

    /**
     * @param today the user's local date now
     * @param days the day aggregates of the goal's metric by local date; days before {@link
     *     GoalPeriod#earliestRead} and after the current period are ignored
     */
    public static GoalProgress of(Goal goal, LocalDate today, SortedMap<LocalDate, Aggregate> days) {
        GoalPeriod period = goal.period();
        LocalDate current = period.startOf(today);
        List<PeriodProgress> periods = new ArrayList<>(period.lookback + 1);
        for (int back = period.lookback; back >= 0; back--) {
            periods.add(progress(goal, period.plus(current, -back), days));
        }
        return new GoalProgress(
                goal,
                periods.getLast(),
                List.copyOf(periods.subList(periods.size() - RECENT, periods.size())),
                streak(periods));
    }

    private static PeriodProgress progress(Goal goal, LocalDate start, SortedMap<LocalDate, Aggregate> days) {
        LocalDate next = goal.period().plus(start, 1);
        double achieved = days.subMap(start, next).values().stream()
                .mapToDouble(goal.measure()::of)
                .sum();
        return new PeriodProgress(
                start, next.minusDays(1), achieved, achieved / goal.target(), reaches(achieved, goal));
    }

    /**
     * Whether {@code achieved} reaches the goal's target, allowing for the rounding of summed doubles: 0.7 + 0.1
     * litres is 0.7999999999999999, and a goal of 0.8 litres is met.
     */
    private static boolean reaches(double achieved, Goal goal) {
        return achieved >= goal.target() * (1 - 1e-9);
    }

    /** @param periods oldest first, the current one last */
    private static GoalStreak streak(List<PeriodProgress> periods) {
        int end = periods.getLast().met() ? periods.size() - 1 : periods.size() - 2;
        int start = end + 1;
        while (start > 0 && periods.get(start - 1).met()) {
            start--;
        }
        if (start > end) {
            return GoalStreak.NONE;
        }
        return new GoalStreak(
                end - start + 1, periods.get(start).start(), periods.get(end).end());
    }
}
