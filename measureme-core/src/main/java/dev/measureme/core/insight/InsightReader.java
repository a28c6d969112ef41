package dev.measureme.core.insight;

import dev.measureme.core.bucket.Aggregate;
import dev.measureme.core.bucket.Bucket;
import dev.measureme.core.bucket.Granularity;
import dev.measureme.core.goal.Goal;
import dev.measureme.core.goal.GoalProgress;
import dev.measureme.core.port.BucketStore;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Reads the buckets of a user's {@link InsightWindow} from the serving store, the path {@code GET /api/v1/buckets}
 * reads too, and derives the {@link Insights} from them: two range reads, of day and of hour buckets. The progress
 * of goals comes from the same day buckets, in one range read.
 */
public final class InsightReader {

    /**
     * The most metrics one answer covers: the busiest, by events in the window. Tens is what a person tracks;
     * more would be read and drawn for nobody.
     */
    public static final int MAX_TYPES = 50;

    private final BucketStore buckets;
    private final InstantSource clock;

    public InsightReader(BucketStore buckets, InstantSource clock) {
        this.buckets = buckets;
        this.clock = clock;
    }

    /**
     * @param zone the user's zone, in which the window's days are cut
     * @param type only this metric, or {@code null} for all (the busiest {@link #MAX_TYPES} of them)
     */
    public Insights read(String user, ZoneId zone, String type) {
        InsightWindow window = InsightWindow.endingAt(clock.instant(), zone);
        List<Bucket> days = buckets.buckets(user, Granularity.DAY, window.from(), window.to(), type);
        Map<String, Long> eventsByType = days.stream()
                .collect(Collectors.groupingBy(
                        day -> day.key().type(),
                        Collectors.summingLong(day -> day.aggregate().count())));
        if (eventsByType.size() <= MAX_TYPES) {
            List<Bucket> hours = buckets.buckets(user, Granularity.HOUR, window.from(), window.to(), type);
            return Insights.of(window, days, hours, 0);
        }
        // A client may invent thousands of metric names, and each costs its ~2,000 hour buckets: past
        // MAX_TYPES, only the busiest metrics are looked at, one read each.
        Set<String> busiest = eventsByType.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(MAX_TYPES)
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        List<Bucket> hours = busiest.stream()
                .flatMap(busy -> buckets.buckets(user, Granularity.HOUR, window.from(), window.to(), busy).stream())
                .toList();
        return Insights.of(
                window,
                days.stream().filter(day -> busiest.contains(day.key().type())).toList(),
                hours,
                eventsByType.size() - MAX_TYPES);
    }

    /**
     * The progress of each of the user's goals now, in the order given: a read of day buckets per metric the goals
     * name (at most {@link Goal#MAX_PER_USER}), far enough back for the goal that looks back furthest. Never all
     * of a user's metrics: a user may have thousands.
     *
     * @param zone the user's zone, in which the periods' days are cut
     */
    public List<GoalProgress> progress(String user, ZoneId zone, List<Goal> goals) {
        if (goals.isEmpty()) {
            return List.of();
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        LocalDate earliest = goals.stream()
                .map(goal -> goal.period().earliestRead(today))
                .min(Comparator.naturalOrder())
                .orElseThrow();
        LocalDate after = goals.stream()
                .map(goal -> goal.period().plus(goal.period().startOf(today), 1))
                .max(Comparator.naturalOrder())
                .orElseThrow();
        Instant from = earliest.atStartOfDay(zone).toInstant();
        Instant to = after.atStartOfDay(zone).toInstant();
        List<Bucket> days = goals.stream()
                .map(Goal::type)
                .distinct()
                .flatMap(type -> buckets.buckets(user, Granularity.DAY, from, to, type).stream())
                .toList();
        Map<String, SortedMap<LocalDate, Aggregate>> byType =
                DayTotals.byType(days, date -> !date.isBefore(earliest) && date.isBefore(after));
        return goals.stream()
                .map(goal -> GoalProgress.of(goal, today, byType.getOrDefault(goal.type(), new TreeMap<>())))
                .toList();
    }
}
