package dev.measureme.server.adapter.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The few statements that H2 (in PostgreSQL mode) and PostgreSQL cannot share. Everything else in this
 * package is one SQL for both, so the store contract tests one code path on two databases.
 */
public enum SqlDialect {
    /** H2 has no {@code ON CONFLICT DO UPDATE}; its {@code MERGE} serves. */
    H2("""
            MERGE INTO buckets b
            USING (VALUES (CAST(? AS VARCHAR(64)), CAST(? AS VARCHAR(8)), CAST(? AS VARCHAR(16)),
                           CAST(? AS VARCHAR(64)), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT),
                           CAST(? AS DOUBLE PRECISION), CAST(? AS DOUBLE PRECISION), CAST(? AS DOUBLE PRECISION),
                           CAST(? AS BIGINT)))
                AS d (user_name, granularity, period, event_type, start_ms, end_ms, event_count, value_sum,
                      value_min, value_max, duration_ms)
            ON b.user_name = d.user_name AND b.granularity = d.granularity AND b.period = d.period
               AND b.event_type = d.event_type
            WHEN MATCHED THEN UPDATE SET
                event_count = b.event_count + d.event_count,
                value_sum = b.value_sum + d.value_sum,
                value_min = COALESCE(LEAST(b.value_min, d.value_min), b.value_min, d.value_min),
                value_max = COALESCE(GREATEST(b.value_max, d.value_max), b.value_max, d.value_max),
                duration_ms = b.duration_ms + d.duration_ms,
                version = b.version + 1
            WHEN NOT MATCHED THEN INSERT (user_name, granularity, period, event_type, start_ms, end_ms,
                                         event_count, value_sum, value_min, value_max, duration_ms, version)
                VALUES (d.user_name, d.granularity, d.period, d.event_type, d.start_ms, d.end_ms,
                        d.event_count, d.value_sum, d.value_min, d.value_max, d.duration_ms, 1)"""),

    /**
     * {@code INSERT … ON CONFLICT DO UPDATE} rather than {@code MERGE}: it stays correct when two
     * transactions insert the same new bucket at once (a worker hand-over), where {@code MERGE} would fail.
     * PostgreSQL's {@code LEAST} and {@code GREATEST} ignore nulls.
     */
    POSTGRESQL("""
            INSERT INTO buckets AS b (user_name, granularity, period, event_type, start_ms, end_ms, event_count,
                                      value_sum, value_min, value_max, duration_ms, version)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
            ON CONFLICT (user_name, granularity, period, event_type) DO UPDATE SET
                event_count = b.event_count + EXCLUDED.event_count,
                value_sum = b.value_sum + EXCLUDED.value_sum,
                value_min = LEAST(b.value_min, EXCLUDED.value_min),
                value_max = GREATEST(b.value_max, EXCLUDED.value_max),
                duration_ms = b.duration_ms + EXCLUDED.duration_ms,
                version = b.version + 1""");

    /** Adds one delta to a bucket row, creating it at version 1; parameters in {@code bucketRow} order. */
    final String upsertBucket;

    SqlDialect(String upsertBucket) {
        this.upsertBucket = upsertBucket;
    }

    /** The dialect of the database behind {@code dataSource}. */
    public static SqlDialect of(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            String product = connection.getMetaData().getDatabaseProductName();
            return switch (product) {
                case "H2" -> H2;
                case "PostgreSQL" -> POSTGRESQL;
                default -> throw new IllegalStateException("unsupported database " + product);
            };
        } catch (SQLException e) {
            throw new IllegalStateException("read the database product name: " + e.getMessage(), e);
        }
    }
}
