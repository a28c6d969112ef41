package dev.measureme.core.insight;

import dev.measureme.core.bucket.Aggregate;
import dev.measureme.core.bucket.Bucket;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A user's insights over a window: streaks, records, trends and time-of-day patterns, for each metric. A pure
 * function of buckets, with no clock and no I/O; {@link InsightReader} reads the buckets for it.
 *
 * @param window the days looked at
 * @param types one entry per metric with buckets in the window, by name
 * @param omittedTypes the metrics with buckets in the window that are not in {@code types}
 */
public record Insights(InsightWindow window, List<TypeInsights> types, int omittedTypes) {

    /**
     * @param days the user's day buckets; those of days outside the window are ignored
     * @param hours the user's hour buckets; those starting outside the window are ignored
     * @param omittedTypes how many metrics the buckets were read without
     */
    public static Insights of(InsightWindow window, List<Bucket> days, List<Bucket> hours, int omittedTypes) {
        Map<String, SortedMap<LocalDate, Aggregate>> daysByType = DayTotals.byType(days, window::contains);
        Map<String, List<Bucket>> hoursByType = hours.stream()
                .filter(hour -> !hour.key().start().isBefore(window.from())
                        && hour.key().start().isBefore(window.to()))
                .collect(Collectors.groupingBy(hour -> hour.key().type(), TreeMap::new, Collectors.toList()));
        List<String> types = new ArrayList<>(daysByType.keySet());
        hoursByType.keySet().stream()
                .filter(type -> !daysByType.containsKey(type))
                .forEach(types::add);
        types.sort(null);
        return new Insights(
                window,
                types.stream()
                        .map(type -> ofType(
                                type,
                                daysByType.getOrDefault(type, new TreeMap<>()),
                                hoursByType.getOrDefault(type, List.of()),
                                window))
                        .toList(),
                omittedTypes);
    }

    private static TypeInsights ofType(
            String type, SortedMap<LocalDate, Aggregate> days, List<Bucket> hours, InsightWindow window) {
        boolean hasDuration = days.values().stream().anyMatch(day -> day.durationMs() > 0);
        return new TypeInsights(
                type,
                hasDuration,
                Streaks.of(activeDays(days), window),
                Records.of(days),
                Trends.of(days, window.today()),
                TimeOfDay.of(hours, window.zone()));
    }

    private static Set<LocalDate> activeDays(Map<LocalDate, Aggregate> days) {
        return days.entrySet().stream()
                .filter(day -> day.getValue().count() > 0)
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }
}
