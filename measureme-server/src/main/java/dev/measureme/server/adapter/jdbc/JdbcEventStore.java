package dev.measureme.server.adapter.jdbc;

import dev.measureme.core.bucket.Aggregate;
import dev.measureme.core.bucket.Bucket;
import dev.measureme.core.bucket.BucketKey;
import dev.measureme.core.bucket.Bucketing;
import dev.measureme.core.bucket.Granularity;
import dev.measureme.core.event.Event;
import dev.measureme.core.event.EventCursor;
import dev.measureme.core.event.EventPage;
import dev.measureme.core.event.EventQuery;
import dev.measureme.core.event.Rejection;
import dev.measureme.core.event.RoutedBatch;
import dev.measureme.core.event.Warning;
import dev.measureme.core.port.BackendUnavailableException;
import dev.measureme.core.port.EventStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * The event store on a relational database: H2 in one process, and the SQL that PostgreSQL shares.
 *
 * <p><b>How it works.</b> One call of {@link #store} is one transaction. Each event first claims its
 * identity in {@code event_keys} with {@code ON CONFLICT DO NOTHING}, in one JDBC batch; the per-row update
 * counts say which events are new. Only those are inserted and bucketed, and their merged deltas are folded
 * into the aggregate rows with the dialect's upsert. So a batch that is stored twice, whole or in part,
 * counts each event once. (Identity lives in its own table because PostgreSQL partitions {@code events} by
 * month, and a partitioned table can only enforce keys that include the partition column.)
 *
 * <p><b>Concurrency.</b> Work is partitioned by user and each partition has one writer, so two transactions
 * never touch the same user's rows at once; the primary keys still make a race harmless.
 *
 * <p><b>Failure.</b> Any failure rolls the whole transaction back and is rethrown with the batch's size and
 * first user, so the bus redelivers and nothing is half-counted.
 */
public final class JdbcEventStore implements EventStore {

    /** Claims an event's identity; a row count of 0 means the event was stored before. */
    private static final String CLAIM_KEY =
            "INSERT INTO event_keys (user_name, event_id) VALUES (?, ?) ON CONFLICT DO NOTHING";

    private static final String INSERT_EVENT = """
            INSERT INTO events (user_name, event_id, event_type, amount, unit, duration_ms, category, ts_ms,
                                source, attributes, received_ms, id_generated)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private static final String INSERT_WARNING = """
            INSERT INTO warnings (user_name, received_ms, source, event_index, field, reason, event_id)
            VALUES (?, ?, ?, ?, ?, ?, ?)""";

    private static final String EVENT_COLUMNS = """
            user_name, event_id, event_type, amount, unit, duration_ms, category, ts_ms, source, attributes,
            received_ms, id_generated""";

    private static final TypeReference<Map<String, Object>> ATTRIBUTES = new TypeReference<>() {};

    private final JdbcTemplate jdbc;
    private final SqlDialect dialect;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    /** Reads integral attributes back as {@code Long}, as the parser made them, so that events round-trip. */
    private final ObjectReader attributesReader;

    public JdbcEventStore(JdbcTemplate jdbc, SqlDialect dialect, TransactionTemplate transactions, JsonMapper json) {
        this.jdbc = jdbc;
        this.dialect = dialect;
        this.transactions = transactions;
        this.json = json;
        this.attributesReader = json.readerFor(ATTRIBUTES).with(DeserializationFeature.USE_LONG_FOR_INTS);
    }

    @Override
    public List<Event> store(List<RoutedBatch> batches) {
        try {
            return transactions.execute(status -> storeInTransaction(batches));
        } catch (TransientDataAccessException | DataAccessResourceFailureException e) {
            throw new BackendUnavailableException(describe("store", batches) + ": " + e.getMessage(), e);
        } catch (DataAccessException e) {
            throw new IllegalStateException(describe("store", batches) + ": " + e.getMessage(), e);
        }
    }

    private List<Event> storeInTransaction(List<RoutedBatch> batches) {
        List<Event> fresh = new ArrayList<>();
        Map<BucketKey, Aggregate> deltas = new LinkedHashMap<>();
        List<Object[]> warningRows = new ArrayList<>();
        Map<String, ZoneId> zones = lockZones(batches);
        Map<String, Long> deletions = deletions(batches);
        for (RoutedBatch routed : batches) {
            String user = routed.batch().user();
            // A deleted name without a new account takes nothing; a new account of the name takes only what
            // was received after the deletion.
            long deleted = !deletions.containsKey(user)
                    ? Long.MIN_VALUE
                    : zones.containsKey(user) ? deletions.get(user) : Long.MAX_VALUE;
            List<Event> events = deleted == Long.MIN_VALUE
                    ? routed.batch().events()
                    : routed.batch().events().stream()
                            .filter(e -> e.receivedAt().toEpochMilli() > deleted)
                            .toList();
            List<Event> freshOfBatch = insertNew(events);
            fresh.addAll(freshOfBatch);
            ZoneId zone = zones.getOrDefault(routed.batch().user(), routed.zone());
            Bucketing.deltas(freshOfBatch, zone).forEach((key, delta) -> deltas.merge(key, delta, Aggregate::plus));
            for (Warning warning : routed.batch().warnings()) {
                if (warning.receivedAt().toEpochMilli() > deleted) {
                    warningRows.add(warningRow(warning));
                }
            }
        }
        if (!deltas.isEmpty()) {
            jdbc.batchUpdate(
                    dialect.upsertBucket,
                    deltas.entrySet().stream()
                            .map(e -> bucketRow(e.getKey(), e.getValue()))
                            .toList());
        }
        if (!warningRows.isEmpty()) {
            jdbc.batchUpdate(INSERT_WARNING, warningRows);
        }
        return fresh;
    }

    /**
     * Locks the rows of the batches' users, in name order, and reads their zones: a zone change takes the same
     * lock, so it waits for this transaction and this transaction for it, and no event is bucketed in a zone
     * that has just been left (the router's zone may be up to its cache's age old). A user without a row
     * (deleted, or never made, as in the store's own tests) keeps the router's zone.
     */
    private Map<String, ZoneId> lockZones(List<RoutedBatch> batches) {
        List<String> users =
                batches.stream().map(b -> b.batch().user()).distinct().sorted().toList();
        Map<String, ZoneId> zones = new LinkedHashMap<>();
        for (String user : users) {
            jdbc.query(
                    "SELECT timezone FROM users WHERE name = ? FOR UPDATE",
                    (ResultSet rs) -> {
                        zones.put(user, ZoneId.of(rs.getString(1)));
                    },
                    user);
        }
        return zones;
    }

    /**
     * When each of the batches' users was last deleted, for those that ever were: their events received up to
     * then belong to the deleted account. (A user with a row may be a new account of a deleted name.)
     */
    private Map<String, Long> deletions(List<RoutedBatch> batches) {
        Map<String, Long> deleted = new LinkedHashMap<>();
        batches.stream()
                .map(b -> b.batch().user())
                .distinct()
                .forEach(user -> jdbc.query(
                        "SELECT deleted_ms FROM deleted_users WHERE user_name = ?",
                        (ResultSet rs) -> {
                            deleted.put(user, rs.getLong(1));
                        },
                        user));
        return deleted;
    }

    @Override
    public void changeZone(String user, ZoneId zone) {
        transactions.executeWithoutResult(status -> {
            jdbc.query("SELECT name FROM users WHERE name = ? FOR UPDATE", (ResultSet rs) -> {}, user);
            jdbc.update("UPDATE users SET timezone = ? WHERE name = ?", zone.getId(), user);
            Long highest = jdbc.queryForObject(
                    "SELECT COALESCE(MAX(version), 0) FROM buckets WHERE user_name = ?", Long.class, user);
            jdbc.update("DELETE FROM buckets WHERE user_name = ? AND granularity IN ('day', 'month')", user);
            Map<BucketKey, Aggregate> derived = new LinkedHashMap<>();
            List<Event> chunk = new ArrayList<>();
            Runnable bucket = () -> {
                Bucketing.deltas(chunk, zone).forEach((key, delta) -> {
                    if (key.granularity() != Granularity.HOUR) {
                        derived.merge(key, delta, Aggregate::plus);
                    }
                });
                chunk.clear();
            };
            jdbc.query(
                    connection -> {
                        PreparedStatement read = connection.prepareStatement(
                                "SELECT " + EVENT_COLUMNS + " FROM events WHERE user_name = ?");
                        read.setFetchSize(REZONE_CHUNK);
                        read.setString(1, user);
                        return read;
                    },
                    (ResultSet rs) -> {
                        chunk.add(readEvent(rs, 0));
                        if (chunk.size() == REZONE_CHUNK) {
                            bucket.run();
                        }
                    });
            bucket.run();
            long version = (highest == null ? 0 : highest) + 1;
            jdbc.batchUpdate(
                    INSERT_BUCKET,
                    derived.entrySet().stream()
                            .map(e -> {
                                Object[] row = bucketRow(e.getKey(), e.getValue());
                                Object[] withVersion = Arrays.copyOf(row, row.length + 1);
                                withVersion[row.length] = version;
                                return withVersion;
                            })
                            .toList());
        });
    }

    /** Events read and bucketed at a time while a zone change re-derives the aggregates. */
    private static final int REZONE_CHUNK = 1_000;

    private static final String INSERT_BUCKET = """
            INSERT INTO buckets (user_name, granularity, period, event_type, start_ms, end_ms, event_count,
                                 value_sum, value_min, value_max, duration_ms, version)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private List<Event> insertNew(List<Event> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        int[] claimed = jdbc.batchUpdate(
                CLAIM_KEY,
                events.stream().map(e -> new Object[] {e.user(), e.id()}).toList());
        List<Event> fresh = new ArrayList<>(events.size());
        for (int i = 0; i < claimed.length; i++) {
            if (claimed[i] != 0) {
                fresh.add(events.get(i));
            }
        }
        if (!fresh.isEmpty()) {
            jdbc.batchUpdate(INSERT_EVENT, fresh.stream().map(this::eventRow).toList());
        }
        return fresh;
    }

    private Object[] eventRow(Event e) {
        String attributes = e.attributes().isEmpty() ? null : json.writeValueAsString(e.attributes());
        return new Object[] {
            e.user(),
            e.id(),
            e.type(),
            e.value(),
            e.unit(),
            e.durationMs(),
            e.category(),
            e.timestamp().toEpochMilli(),
            e.source(),
            attributes,
            e.receivedAt().toEpochMilli(),
            e.idGenerated()
        };
    }

    private static Object[] bucketRow(BucketKey key, Aggregate delta) {
        return new Object[] {
            key.user(), key.granularity().wireName(), key.period(), key.type(),
                    key.start().toEpochMilli(),
            key.end().toEpochMilli(), delta.count(), delta.sum(), nullIfNaN(delta.min()), nullIfNaN(delta.max()),
            delta.durationMs()
        };
    }

    private static Object[] warningRow(Warning w) {
        Rejection r = w.rejection();
        return new Object[] {
            w.user(), w.receivedAt().toEpochMilli(), w.source(), r.index(), r.field(), r.reason(), r.eventId()
        };
    }

    private static Double nullIfNaN(double value) {
        return Double.isNaN(value) ? null : value;
    }

    /** Keys looked up in one statement; well under every driver's parameter limit. */
    private static final int KEYS_PER_QUERY = 300;

    @Override
    public List<Bucket> buckets(Collection<BucketKey> keys) {
        List<BucketKey> all = List.copyOf(keys);
        List<Bucket> found = new ArrayList<>(all.size());
        for (int from = 0; from < all.size(); from += KEYS_PER_QUERY) {
            List<BucketKey> chunk = all.subList(from, Math.min(all.size(), from + KEYS_PER_QUERY));
            String tuples = String.join(",", Collections.nCopies(chunk.size(), "(?, ?, ?, ?)"));
            Object[] args = chunk.stream()
                    .flatMap(k -> Stream.of(k.user(), k.granularity().wireName(), k.period(), k.type()))
                    .toArray();
            found.addAll(jdbc.query(
                    "SELECT " + BucketRows.COLUMNS + " FROM buckets"
                            + " WHERE (user_name, granularity, period, event_type) IN (" + tuples + ")",
                    BucketRows::read,
                    args));
        }
        return found;
    }

    @Override
    public EventPage events(EventQuery q) {
        StringBuilder sql = new StringBuilder(
                "SELECT " + EVENT_COLUMNS + " FROM events WHERE user_name = ?" + " AND ts_ms >= ? AND ts_ms < ?");
        List<Object> args = new ArrayList<>(List.of(q.user(), q.from().toEpochMilli(), q.to().toEpochMilli()));
        if (q.type() != null) {
            sql.append(" AND event_type = ?");
            args.add(q.type());
        }
        if (q.after() != null) {
            long at = q.after().timestamp().toEpochMilli();
            sql.append(" AND (ts_ms < ? OR (ts_ms = ? AND event_id < ?))");
            args.addAll(List.of(at, at, q.after().id()));
        }
        sql.append(" ORDER BY ts_ms DESC, event_id DESC LIMIT ?");
        args.add(q.limit() + 1);
        List<Event> rows = jdbc.query(sql.toString(), this::readEvent, args.toArray());
        if (rows.size() <= q.limit()) {
            return new EventPage(rows, null);
        }
        List<Event> page = rows.subList(0, q.limit());
        Event last = page.getLast();
        return new EventPage(List.copyOf(page), new EventCursor(last.timestamp(), last.id()));
    }

    private Event readEvent(ResultSet rs, int row) throws SQLException {
        String attributes = rs.getString("attributes");
        return new Event(
                rs.getString("user_name"),
                rs.getString("event_id"),
                rs.getString("event_type"),
                rs.getDouble("amount"),
                rs.getString("unit"),
                rs.getLong("duration_ms"),
                rs.getString("category"),
                Instant.ofEpochMilli(rs.getLong("ts_ms")),
                rs.getString("source"),
                attributes == null ? Map.of() : attributesReader.<Map<String, Object>>readValue(attributes),
                Instant.ofEpochMilli(rs.getLong("received_ms")),
                rs.getBoolean("id_generated"));
    }

    @Override
    public List<Warning> warnings(String user, int limit) {
        return jdbc.query(
                "SELECT received_ms, source, event_index, field, reason, event_id FROM warnings"
                        + " WHERE user_name = ? ORDER BY id DESC LIMIT ?",
                (rs, row) -> new Warning(
                        user,
                        Instant.ofEpochMilli(rs.getLong("received_ms")),
                        rs.getString("source"),
                        new Rejection(
                                rs.getInt("event_index"),
                                rs.getString("field"),
                                rs.getString("reason"),
                                rs.getString("event_id"))),
                user,
                limit);
    }

    @Override
    public void deleteUser(String user, Instant at) {
        transactions.executeWithoutResult(status -> {
            // The worker takes this lock too: its transaction either committed before (and its rows go now)
            // or waits, then sees the deletion and drops the user's events.
            jdbc.query("SELECT name FROM users WHERE name = ? FOR UPDATE", (ResultSet rs) -> {}, user);
            jdbc.update("DELETE FROM deleted_users WHERE user_name = ?", user);
            jdbc.update("INSERT INTO deleted_users (user_name, deleted_ms) VALUES (?, ?)", user, at.toEpochMilli());
            for (String table : List.of("events", "event_keys", "buckets", "warnings")) {
                jdbc.update("DELETE FROM " + table + " WHERE user_name = ?", user);
            }
        });
    }

    private static String describe(String what, List<RoutedBatch> batches) {
        int events = batches.stream().mapToInt(b -> b.batch().events().size()).sum();
        String user = batches.isEmpty() ? "-" : batches.getFirst().batch().user();
        return what + " " + events + " events of " + batches.size() + " batches for user " + user;
    }
}
