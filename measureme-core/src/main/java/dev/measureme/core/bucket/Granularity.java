package dev.measureme.core.bucket;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The three bucket sizes. Hours are UTC; days and months follow the user's IANA zone (DESIGN.md §6), so a
 * day may last 23, 24 or 25 hours and start at a 30- or 45-minute offset.
 */
public enum Granularity {
    HOUR,
    DAY,
    MONTH;

    /** The start of the bucket that contains {@code instant}. */
    public Instant start(Instant instant, ZoneId zone) {
        return switch (this) {
            case HOUR -> instant.truncatedTo(ChronoUnit.HOURS);
            case DAY -> LocalDate.ofInstant(instant, zone).atStartOfDay(zone).toInstant();
            case MONTH ->
                YearMonth.from(instant.atZone(zone)).atDay(1).atStartOfDay(zone).toInstant();
        };
    }

    /** The start of the bucket after the one that starts at {@code start}. */
    public Instant next(Instant start, ZoneId zone) {
        return switch (this) {
            case HOUR -> start.plus(1, ChronoUnit.HOURS);
            case DAY ->
                LocalDate.ofInstant(start, zone).plusDays(1).atStartOfDay(zone).toInstant();
            case MONTH ->
                YearMonth.from(start.atZone(zone))
                        .plusMonths(1)
                        .atDay(1)
                        .atStartOfDay(zone)
                        .toInstant();
        };
    }

    /**
     * The bucket's key as it appears in stores and on the wire: hour buckets by their UTC start in epoch
     * milliseconds ({@code 1532790000000}), days by local date ({@code 2026-12-03}), months by local month
     * ({@code 2026-12}). Keys of one granularity sort in time order.
     */
    public String period(Instant start, ZoneId zone) {
        return switch (this) {
            case HOUR -> Long.toString(start.toEpochMilli());
            case DAY -> LocalDate.ofInstant(start, zone).toString();
            case MONTH -> YearMonth.from(start.atZone(zone)).toString();
        };
    }

    /** The zone a granularity is computed in: UTC for hours, the user's zone otherwise. */
    public ZoneId zoneFor(ZoneId userZone) {
        return this == HOUR ? ZoneOffset.UTC : userZone;
    }

    /** The lower-case name used in URLs. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
