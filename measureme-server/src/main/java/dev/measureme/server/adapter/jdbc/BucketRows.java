package dev.measureme.server.adapter.jdbc;

import dev.measureme.core.bucket.Aggregate;
import dev.measureme.core.bucket.Bucket;
import dev.measureme.core.bucket.BucketKey;
import dev.measureme.core.bucket.Granularity;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Locale;

/** Reads rows of the {@code buckets} table. */
final class BucketRows {

    /** The columns {@link #read} expects, in a {@code SELECT}. */
    static final String COLUMNS = """
            user_name, granularity, period, event_type, start_ms, end_ms, event_count, value_sum, value_min,
            value_max, duration_ms, version""";

    private BucketRows() {}

    static Bucket read(ResultSet rs, int row) throws SQLException {
        double min = rs.getDouble("value_min");
        if (rs.wasNull()) {
            min = Double.NaN;
        }
        double max = rs.getDouble("value_max");
        if (rs.wasNull()) {
            max = Double.NaN;
        }
        BucketKey key = new BucketKey(
                rs.getString("user_name"),
                Granularity.valueOf(rs.getString("granularity").toUpperCase(Locale.ROOT)),
                rs.getString("period"),
                rs.getString("event_type"),
                Instant.ofEpochMilli(rs.getLong("start_ms")),
                Instant.ofEpochMilli(rs.getLong("end_ms")));
        Aggregate aggregate = new Aggregate(
                rs.getLong("event_count"), rs.getDouble("value_sum"), min, max, rs.getLong("duration_ms"));
        return new Bucket(key, aggregate, rs.getLong("version"));
    }
}
