package dev.measureme.core.insight;

import dev.measureme.core.bucket.Aggregate;
import dev.measureme.core.bucket.Bucket;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/** Day buckets as the insights and the goals read them: per metric, by local date. */
final class DayTotals {

    private DayTotals() {}

    /**
     * @param days day buckets, keyed by local date
     * @param keep the dates to keep
     * @return per metric name, the aggregate of each kept date (buckets of one date and metric added up)
     */
    static Map<String, SortedMap<LocalDate, Aggregate>> byType(List<Bucket> days, Predicate<LocalDate> keep) {
        Map<String, SortedMap<LocalDate, Aggregate>> byType = new TreeMap<>();
        for (Bucket day : days) {
            LocalDate date = LocalDate.parse(day.key().period());
            if (keep.test(date)) {
                byType.computeIfAbsent(day.key().type(), type -> new TreeMap<>())
                        .merge(date, day.aggregate(), Aggregate::plus);
            }
        }
        return byType;
    }
}
