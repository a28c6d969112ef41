package dev.measureme.server.adapter.jdbc;

import dev.measureme.core.bucket.Aggregate;
import dev.measureme.core.bucket.Bucket;
import dev.measureme.core.bucket.BucketKey;
import dev.measureme.core.bucket.Granularity;
import dev.measureme.core.port.BucketStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/** Serves buckets straight from the aggregate rows of the store: the embedded mode's bucket store. */
public final class JdbcBucketStore implements BucketStore {

    private final JdbcTemplate jdbc;

    public JdbcBucketStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<Bucket> buckets(String user, Granularity granularity, Instant from, Instant to, String type) {
        StringBuilder sql = new StringBuilder("""
                SELECT period, event_type, start_ms, end_ms, event_count, value_sum, value_min, value_max,
                       duration_ms, version
                FROM buckets WHERE user_name = ? AND granularity = ? AND start_ms >= ? AND start_ms < ?""");
        List<Object> args =
                new ArrayList<>(List.of(user, granularity.wireName(), from.toEpochMilli(), to.toEpochMilli()));
        if (type != null) {
            sql.append(" AND event_type = ?");
            args.add(type);
        }
        sql.append(" ORDER BY start_ms, event_type");
        return jdbc.query(
                sql.toString(),
                (rs, row) -> {
                    double min = rs.getDouble("value_min");
                    if (rs.wasNull()) min = Double.NaN;
                    double max = rs.getDouble("value_max");
                    if (rs.wasNull()) max = Double.NaN;
                    BucketKey key = new BucketKey(
                            user,
                            granularity,
                            rs.getString("period"),
                            rs.getString("event_type"),
                            Instant.ofEpochMilli(rs.getLong("start_ms")),
                            Instant.ofEpochMilli(rs.getLong("end_ms")));
                    Aggregate aggregate = new Aggregate(
                            rs.getLong("event_count"), rs.getDouble("value_sum"), min, max, rs.getLong("duration_ms"));
                    return new Bucket(key, aggregate, rs.getLong("version"));
                },
                args.toArray());
    }
}
