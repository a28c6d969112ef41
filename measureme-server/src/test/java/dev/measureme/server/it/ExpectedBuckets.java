package dev.measureme.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * The test's own bucket arithmetic, written independently of the server's: count, sum, min and max go to the
 * bucket that holds the event's timestamp, and the duration is cut at hour (UTC), day and month (local)
 * boundaries.
 */
final class ExpectedBuckets {

    /** One bucket of one metric, as the API names it. */
    record Key(String granularity, String period, String type) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            return toString().compareTo(o.toString());
        }
    }

    /** Totals with the API's units: duration in milliseconds (the API's seconds × 1000). */
    record Totals(long count, double sum, Double min, Double max, long durationMs) {}

    private ExpectedBuckets() {}

    static Map<Key, Totals> of(Collection<SentEvent> events, ZoneId zone) {
        Map<Key, Totals> totals = new TreeMap<>();
        for (SentEvent e : events) {
            long start = e.timestamp().toEpochMilli();
            long end = start + e.durationSeconds() * 1000;
            // Hours, in UTC.
            long hour = Math.floorDiv(start, 3_600_000L) * 3_600_000L;
            add(
                    totals,
                    new Key("hour", Long.toString(hour), e.type()),
                    e,
                    true,
                    overlap(start, end, hour, hour + 3_600_000L));
            for (long h = hour + 3_600_000L; h < end; h += 3_600_000L) {
                add(
                        totals,
                        new Key("hour", Long.toString(h), e.type()),
                        e,
                        false,
                        overlap(start, end, h, h + 3_600_000L));
            }
            // Days, in the user's zone.
            LocalDate day = Instant.ofEpochMilli(start).atZone(zone).toLocalDate();
            boolean first = true;
            while (true) {
                long from = day.atStartOfDay(zone).toInstant().toEpochMilli();
                if (from >= end && !first) break;
                long to = day.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
                add(totals, new Key("day", day.toString(), e.type()), e, first, overlap(start, end, from, to));
                first = false;
                day = day.plusDays(1);
            }
            // Months, in the user's zone.
            YearMonth month = YearMonth.from(Instant.ofEpochMilli(start).atZone(zone));
            first = true;
            while (true) {
                long from = month.atDay(1).atStartOfDay(zone).toInstant().toEpochMilli();
                if (from >= end && !first) break;
                long to = month.plusMonths(1)
                        .atDay(1)
                        .atStartOfDay(zone)
                        .toInstant()
                        .toEpochMilli();
                add(totals, new Key("month", month.toString(), e.type()), e, first, overlap(start, end, from, to));
                first = false;
                month = month.plusMonths(1);
            }
        }
        return totals;
    }

    private static long overlap(long start, long end, long from, long to) {
        return Math.max(0, Math.min(end, to) - Math.max(start, from));
    }

    private static void add(Map<Key, Totals> totals, Key key, SentEvent e, boolean counts, long durationMs) {
        Totals delta = counts
                ? new Totals(1, e.value(), (double) e.value(), (double) e.value(), durationMs)
                : new Totals(0, 0, null, null, durationMs);
        totals.merge(
                key,
                delta,
                (a, b) -> new Totals(
                        a.count() + b.count(),
                        a.sum() + b.sum(),
                        pick(a.min(), b.min(), Math::min),
                        pick(a.max(), b.max(), Math::max),
                        a.durationMs() + b.durationMs()));
    }

    private static Double pick(Double a, Double b, java.util.function.BinaryOperator<Double> f) {
        if (a == null) return b;
        if (b == null) return a;
        return f.apply(a, b);
    }

    /** Reads every bucket of the three granularities from the API over a window that holds all events. */
    static Map<Key, Totals> fromApi(MeasureMeProcess app, Instant from, Instant to) {
        Map<Key, Totals> totals = new TreeMap<>();
        for (String granularity : new String[] {"hour", "day", "month"}) {
            JsonNode answer = app.getJson("/api/v1/buckets?granularity=" + granularity + "&from=" + from.toEpochMilli()
                    + "&to=" + to.toEpochMilli());
            for (JsonNode b : answer.get("buckets")) {
                Key key = new Key(
                        granularity, b.get("period").asString(), b.get("type").asString());
                Totals value = new Totals(
                        b.get("count").asLong(),
                        b.get("sum").asDouble(),
                        b.get("min").isNull() ? null : b.get("min").asDouble(),
                        b.get("max").isNull() ? null : b.get("max").asDouble(),
                        Math.round(b.get("duration").asDouble() * 1000));
                assertThat(totals.put(key, value))
                        .as("bucket %s listed once", key)
                        .isNull();
            }
        }
        return totals;
    }
}
