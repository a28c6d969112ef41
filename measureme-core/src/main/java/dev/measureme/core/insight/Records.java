package dev.measureme.core.insight;

import dev.measureme.core.bucket.Aggregate;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The best day, week and month of a metric inside the window, by the sum of its values.
 *
 * <p>Only periods in which at least one event started compete. Weeks run Monday to Sunday (ISO-8601) and
 * months are calendar months, both in the user's zone; the window's first week and month may be partial, and
 * only their days inside the window count. Of equal totals the earlier period holds the record: a record stands
 * until it is beaten.
 *
 * @param bestDay the day with the largest sum, {@code null} when no event started in the window
 * @param bestDayByDuration the day with the most event time, {@code null} unless the metric has durations
 * @param bestWeek the week with the largest sum, {@code null} when no event started in the window
 * @param bestMonth the month with the largest sum, {@code null} when no event started in the window
 */
public record Records(
        DayRecord bestDay, DurationRecord bestDayByDuration, PeriodRecord bestWeek, PeriodRecord bestMonth) {

    /** A day and its sum. */
    public record DayRecord(LocalDate date, double sum) {}

    /** A day and the event time that fell in it. */
    public record DurationRecord(LocalDate date, Duration duration) {}

    /** A week or month, by its first and last day, and its sum. */
    public record PeriodRecord(LocalDate start, LocalDate end, double sum) {}

    /** @param days the metric's day aggregates inside the window, in date order */
    static Records of(SortedMap<LocalDate, Aggregate> days) {
        DayRecord bestDay = null;
        DurationRecord bestDuration = null;
        for (Map.Entry<LocalDate, Aggregate> day : days.entrySet()) {
            Aggregate totals = day.getValue();
            if (totals.count() > 0 && (bestDay == null || totals.sum() > bestDay.sum())) {
                bestDay = new DayRecord(day.getKey(), totals.sum());
            }
            if (totals.durationMs() > 0
                    && (bestDuration == null
                            || totals.durationMs() > bestDuration.duration().toMillis())) {
                bestDuration = new DurationRecord(day.getKey(), Duration.ofMillis(totals.durationMs()));
            }
        }
        PeriodRecord bestWeek = bestPeriod(
                days,
                day -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)),
                monday -> monday.plusDays(6));
        PeriodRecord bestMonth =
                bestPeriod(days, day -> day.withDayOfMonth(1), first -> first.with(TemporalAdjusters.lastDayOfMonth()));
        return new Records(bestDay, bestDuration, bestWeek, bestMonth);
    }

    /** Adds the days up by the period each falls in, a period known by its first day. */
    private static PeriodRecord bestPeriod(
            SortedMap<LocalDate, Aggregate> days, UnaryOperator<LocalDate> startOf, UnaryOperator<LocalDate> endOf) {
        SortedMap<LocalDate, Double> sums = new TreeMap<>();
        for (Map.Entry<LocalDate, Aggregate> day : days.entrySet()) {
            if (day.getValue().count() > 0) {
                sums.merge(startOf.apply(day.getKey()), day.getValue().sum(), Double::sum);
            }
        }
        PeriodRecord best = null;
        for (Map.Entry<LocalDate, Double> period : sums.entrySet()) {
            if (best == null || period.getValue() > best.sum()) {
                best = new PeriodRecord(period.getKey(), endOf.apply(period.getKey()), period.getValue());
            }
        }
        return best;
    }
}
