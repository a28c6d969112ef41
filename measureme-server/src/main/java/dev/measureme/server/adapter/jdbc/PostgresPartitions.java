package dev.measureme.server.adapter.jdbc;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates the monthly partitions of {@code events} ahead of time, on PostgreSQL.
 *
 * <p><b>How it works.</b> Each month {@code [first ms, first ms of next month)} in UTC gets its own partition,
 * {@code events_2026_12}; whatever falls outside the months created (backfill from long ago) lands in
 * {@code events_default}. A month must exist before its first event arrives, because a new partition cannot
 * be attached while the default partition holds rows of its range; since no event may lie more than 24 h
 * ahead, creating {@link #MONTHS_AHEAD} months ahead is always in time.
 *
 * <p><b>Concurrency.</b> Every worker runs this at start and then daily; a transaction-scoped advisory lock
 * makes them take turns, and {@code IF NOT EXISTS} makes a repeat a no-op.
 */
public final class PostgresPartitions {

    private static final Logger log = LoggerFactory.getLogger(PostgresPartitions.class);

    /** Months before the current one that get a partition, for backfilled events. */
    static final int MONTHS_BACK = 24;

    /** Months after the current one that get a partition. */
    static final int MONTHS_AHEAD = 3;

    /** Arbitrary key of the advisory lock that serialises partition maintenance. */
    private static final long LOCK_KEY = 0x6d6d_7061_7274L;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    public PostgresPartitions(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** Ensures the partitions around {@code now} exist; returns how many were created. */
    public int ensure(Instant now) {
        YearMonth current = YearMonth.from(now.atZone(ZoneOffset.UTC));
        Integer created = transactions.execute(status -> {
            jdbc.queryForObject("SELECT pg_advisory_xact_lock(?)", Object.class, LOCK_KEY);
            int count = 0;
            for (int offset = -MONTHS_BACK; offset <= MONTHS_AHEAD; offset++) {
                count += create(current.plusMonths(offset)) ? 1 : 0;
            }
            return count;
        });
        if (created != null && created > 0) {
            log.info("event partitions created count={} through={}", created, current.plusMonths(MONTHS_AHEAD));
        }
        return created == null ? 0 : created;
    }

    private boolean create(YearMonth month) {
        String name = "events_%04d_%02d".formatted(month.getYear(), month.getMonthValue());
        Boolean exists = jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class, name);
        if (Boolean.TRUE.equals(exists)) {
            return false;
        }
        long from = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long to = month.plusMonths(1)
                .atDay(1)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant()
                .toEpochMilli();
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + name + " PARTITION OF events FOR VALUES FROM (" + from + ") TO ("
                + to + ")");
        return true;
    }
}
