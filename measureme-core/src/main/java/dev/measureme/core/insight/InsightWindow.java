package dev.measureme.core.insight;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The days insights look at: the last {@value #DAYS} local days of the user, today included. Fixing the window
 * bounds what one request reads: per metric at most {@value #DAYS} day buckets and about {@code 24 × DAYS} hour
 * buckets, however long the user's history.
 *
 * @param today the user's local date now
 * @param zone the user's zone, in which days start and end
 */
public record InsightWindow(LocalDate today, ZoneId zone) {

    /** Days in the window, today included: enough for the 30-day trend's earlier period and a season's records. */
    public static final int DAYS = 90;

    /** The window that ends with the local day containing {@code now}. */
    public static InsightWindow endingAt(Instant now, ZoneId zone) {
        return new InsightWindow(LocalDate.ofInstant(now, zone), zone);
    }

    /** The window's first local day. */
    public LocalDate first() {
        return today.minusDays(DAYS - 1);
    }

    /** The instant the first day starts: buckets starting before it are outside. */
    public Instant from() {
        return first().atStartOfDay(zone).toInstant();
    }

    /** The instant tomorrow starts: buckets starting at or after it are outside. */
    public Instant to() {
        return today.plusDays(1).atStartOfDay(zone).toInstant();
    }

    public boolean contains(LocalDate day) {
        return !day.isBefore(first()) && !day.isAfter(today);
    }
}
