package dev.measureme.server.adapter.jdbc;

import dev.measureme.core.bucket.Bucket;
import dev.measureme.core.bucket.Granularity;
import dev.measureme.core.port.BucketStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Serves buckets straight from the aggregate rows of the store: the embedded mode's bucket store, and the
 * source that the Redis copy is rebuilt from.
 */
public final class JdbcBucketStore implements BucketStore {

    private final JdbcTemplate jdbc;

    public JdbcBucketStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<Bucket> buckets(String user, Granularity granularity, Instant from, Instant to, String type) {
        StringBuilder sql = new StringBuilder("SELECT " + BucketRows.COLUMNS
                + " FROM buckets WHERE user_name = ? AND granularity = ? AND start_ms >= ? AND start_ms < ?");
        List<Object> args =
                new ArrayList<>(List.of(user, granularity.wireName(), from.toEpochMilli(), to.toEpochMilli()));
        if (type != null) {
            sql.append(" AND event_type = ?");
            args.add(type);
        }
        sql.append(" ORDER BY start_ms, event_type");
        return jdbc.query(sql.toString(), BucketRows::read, args.toArray());
    }
}
