package dev.measureme.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The scale-out test of DESIGN.md §7: separate JVMs on loopback, 2 ingest, 2 router, 3 worker and 2 api, with
 * P = 8, on the real RabbitMQ, PostgreSQL and Redis. 200,000 events of 50 users come from 8 concurrent clients
 * through both ingest processes, with 5 % of them sent again with the same ids. During the load one worker
 * and one router are killed with {@code kill -9}, and replacements start. Afterwards PostgreSQL holds every
 * event exactly once and nothing else, every bucket in PostgreSQL equals the test's own totals, every Redis
 * bucket equals PostgreSQL, and a live client of one user on each api process saw every event of that user.
 */
class ScaleOutIT {

    private static final int PARTITIONS = 8;
    private static final int USERS = 50;
    private static final int EVENTS = 200_000;
    private static final int BATCH = 500;
    private static final int CLIENTS = 8;
    private static final double RETRIED = 0.05;
    private static final int[] INGEST_PORTS = {18081, 18082};
    private static final int[] API_PORTS = {18080, 18083};
    private static final List<String> TYPES = List.of("pushups", "study.minutes", "water.glasses", "steps");
    private static final List<ZoneId> ZONES =
            List.of(ZoneId.of("Asia/Kolkata"), ZoneId.of("Europe/Berlin"), ZoneId.of("America/Los_Angeles"));

    /** Requests answered before the kill is armed: the partitions have had traffic to be spread by. */
    private static final int KILL_AFTER_REQUESTS = 100;

    /** Requests still to be sent when the kill comes, at the least: it falls in the middle of the load. */
    private static final int STILL_PENDING_AT_KILL = 60;

    /** Longest a client keeps retrying one batch (503s while a router or worker is replaced). */
    private static final Duration GIVE_UP = Duration.ofSeconds(120);

    /** Requests not yet sent when the kill came. */
    private final AtomicInteger pendingAtKill = new AtomicInteger();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    record Batch(String user, String key, List<SentEvent> events, String body) {}

    @Test
    void twoHundredThousandEvents_withKilledWorkerAndRouter_areStoredOnceAndServedExactly() throws Exception {
        try (DistributedCluster cluster =
                new DistributedCluster("scaleout", 13, PARTITIONS, "--measureme.rabbit.rebalance-interval=2s")) {
            Map<String, String> keys = new LinkedHashMap<>();
            Map<String, ZoneId> zones = new HashMap<>();
            createUsers(cluster, keys, zones);
            startTopology(cluster);

            List<Batch> batches = batches(keys);
            String watched = "u00";
            List<LiveClient> live = new ArrayList<>();
            for (int port : API_PORTS) {
                live.add(new LiveClient(http, port, keys.get(watched)));
            }

            Random random = new Random(7);
            List<Batch> requests = new ArrayList<>(batches);
            for (int i = 0; i < (int) (batches.size() * RETRIED); i++) {
                requests.add(batches.get(random.nextInt(batches.size())));
            }
            Collections.shuffle(requests, random);
            LinkedBlockingQueue<Batch> pending = new LinkedBlockingQueue<>(requests);
            AtomicInteger answered = new AtomicInteger();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            CountDownLatch killPoint = new CountDownLatch(1);
            CountDownLatch killDone = new CountDownLatch(1);
            List<String> killed = new java.util.concurrent.CopyOnWriteArrayList<>();
            try (ExecutorService clients = Executors.newFixedThreadPool(CLIENTS + 1)) {
                List<Future<?>> running = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    int client = c;
                    running.add(clients.submit(() -> {
                        Batch batch;
                        int n = 0;
                        while (true) {
                            // Past the kill point the clients keep sending, but leave a reserve until the kill
                            // has happened: on a slow machine the partitions may take a while to spread, and
                            // the kill must still come under load.
                            if (killPoint.getCount() == 0 && pending.size() <= STILL_PENDING_AT_KILL + CLIENTS) {
                                killDone.await();
                            }
                            if ((batch = pending.poll()) == null) {
                                break;
                            }
                            int port = INGEST_PORTS[(client + n++) % INGEST_PORTS.length];
                            if (!postUntilAccepted(port, batch)) {
                                failures.add("no 202 for a batch of " + batch.user());
                            }
                            if (answered.incrementAndGet() == KILL_AFTER_REQUESTS) {
                                killPoint.countDown();
                            }
                        }
                        return null;
                    }));
                }
                running.add(clients.submit(() -> {
                    killPoint.await();
                    try {
                        // Kill a worker that owns partitions once the partitions are spread over the workers.
                        await("partitions spread over the workers")
                                .atMost(Duration.ofSeconds(60))
                                .pollInterval(Duration.ofMillis(250))
                                .until(this::workersStoring, storing -> storing >= 2);
                        String busy = busiestWorker();
                        pendingAtKill.set(pending.size());
                        cluster.kill(busy);
                        cluster.kill("router-1");
                        killed.add(busy);
                    } finally {
                        killDone.countDown();
                    }
                    cluster.start("worker", "worker-4", 19104);
                    cluster.start("router", "router-3", 19203);
                    return null;
                }));
                for (Future<?> f : running) {
                    f.get();
                }
            }
            assertThat(failures).isEmpty();
            assertThat(killed).as("a worker that was storing events was killed").hasSize(1);
            assertThat(pendingAtKill.get())
                    .as("requests still to be sent when the worker and router were killed")
                    .isGreaterThanOrEqualTo(STILL_PENDING_AT_KILL);

            Map<String, SentEvent> expected = new HashMap<>();
            batches.forEach(b -> b.events().forEach(e -> expected.put(b.user() + "/" + e.id(), e)));
            assertThat(expected).hasSize(EVENTS);
            try (Connection db = DriverManager.getConnection(cluster.jdbcUrl(), "postgres", "")) {
                await("every event stored")
                        .atMost(Duration.ofSeconds(180))
                        .until(() -> count(db, "SELECT count(*) FROM events") >= EVENTS);
                List<String> stored = strings(db, "SELECT user_name || '/' || event_id FROM events");
                Set<String> distinct = new HashSet<>(stored);
                assertThat(stored.size() - distinct.size()).as("duplicated").isZero();
                assertThat(difference(expected.keySet(), distinct)).as("lost").isEmpty();
                assertThat(difference(distinct, expected.keySet()))
                        .as("unexpected")
                        .isEmpty();

                Map<String, Map<ExpectedBuckets.Key, ExpectedBuckets.Totals>> postgres = postgresBuckets(db);
                for (String user : keys.keySet()) {
                    List<SentEvent> own = batches.stream()
                            .filter(b -> b.user().equals(user))
                            .flatMap(b -> b.events().stream())
                            .toList();
                    assertThat(postgres.get(user))
                            .as("buckets of %s", user)
                            .isEqualTo(ExpectedBuckets.of(own, zones.get(user)));
                }
                assertRedisEqualsPostgres(cluster, db);
            }

            Set<String> watchedIds = new HashSet<>();
            batches.stream()
                    .filter(b -> b.user().equals(watched))
                    .forEach(b -> b.events().forEach(e -> watchedIds.add(e.id())));
            for (LiveClient client : live) {
                await("live events of " + watched)
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> client.seen().keySet().containsAll(watchedIds));
                assertThat(client.seen().keySet())
                        .as("only the user's own events")
                        .isEqualTo(watchedIds);
                client.close();
            }
        }
    }

    /** How many of the three workers have stored events so far. */
    private int workersStoring() throws Exception {
        int storing = 0;
        for (int w = 1; w <= 3; w++) {
            storing += storedBy(w) > 0 ? 1 : 0;
        }
        return storing;
    }

    /** The worker that has stored the most events so far, read from its metrics: one that owns partitions. */
    private String busiestWorker() throws Exception {
        String busiest = null;
        double most = 0;
        for (int w = 1; w <= 3; w++) {
            double stored = storedBy(w);
            if (stored > most) {
                most = stored;
                busiest = "worker-" + w;
            }
        }
        assertThat(busiest).as("a worker with stored events").isNotNull();
        return busiest;
    }

    /** Events worker {@code w} has stored, from its Prometheus metrics. */
    private double storedBy(int w) throws Exception {
        String metrics = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + (19100 + w) + "/actuator/prometheus"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        return metrics.lines()
                .filter(line -> line.startsWith("measureme_worker_events_total") && line.contains("outcome=\"stored\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static void createUsers(DistributedCluster cluster, Map<String, String> keys, Map<String, ZoneId> zones) {
        for (int z = 0; z < ZONES.size(); z++) {
            List<String> args = new ArrayList<>(List.of("users", "add"));
            for (int u = z; u < USERS; u += ZONES.size()) {
                args.add("u%02d".formatted(u));
            }
            args.add("--timezone=" + ZONES.get(z).getId());
            for (String line : cluster.command(args.toArray(String[]::new))) {
                if (line.startsWith("user=")) {
                    Map<String, String> fields = new HashMap<>();
                    for (String pair : line.split(" ")) {
                        fields.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
                    }
                    keys.put(fields.get("user"), fields.get("key"));
                    zones.put(fields.get("user"), ZoneId.of(fields.get("timezone")));
                }
            }
        }
        assertThat(keys).hasSize(USERS);
    }

    private static void startTopology(DistributedCluster cluster) throws Exception {
        try (ExecutorService starts = Executors.newFixedThreadPool(5)) {
            List<Future<?>> started = new ArrayList<>();
            started.add(starts.submit(() -> cluster.start("worker", "worker-1", 19101)));
            started.add(starts.submit(() -> cluster.start("worker", "worker-2", 19102)));
            started.add(starts.submit(() -> cluster.start("worker", "worker-3", 19103)));
            started.add(starts.submit(() -> cluster.start("router", "router-1", 19201)));
            started.add(starts.submit(() -> cluster.start("router", "router-2", 19202)));
            for (Future<?> f : started) {
                f.get();
            }
            started.clear();
            for (int i = 0; i < INGEST_PORTS.length; i++) {
                int n = i;
                started.add(starts.submit(() -> cluster.start("ingest", "ingest-" + (n + 1), INGEST_PORTS[n])));
                started.add(starts.submit(() -> cluster.start("api", "api-" + (n + 1), API_PORTS[n])));
            }
            for (Future<?> f : started) {
                f.get();
            }
        }
    }

    private static List<Batch> batches(Map<String, String> keys) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Random random = new Random(42);
        List<String> users = List.copyOf(keys.keySet());
        List<Batch> batches = new ArrayList<>();
        int perUser = EVENTS / USERS;
        for (String user : users) {
            for (int from = 0; from < perUser; from += BATCH) {
                List<SentEvent> events = new ArrayList<>(BATCH);
                for (int i = from; i < from + BATCH; i++) {
                    Instant at = now.minusMillis(
                            (long) (random.nextDouble() * Duration.ofHours(72).toMillis()));
                    long duration = random.nextInt(5) == 0 ? random.nextInt(5_400) : 0;
                    events.add(new SentEvent(
                            "e" + i, TYPES.get(random.nextInt(TYPES.size())), 1 + random.nextInt(50), at, duration));
                }
                String body = MeasureMeProcess.JSON.writeValueAsString(
                        Map.of("events", events.stream().map(SentEvent::json).toList()));
                batches.add(new Batch(user, keys.get(user), events, body));
            }
        }
        return batches;
    }

    /** Posts until a 202, retrying on 503 and on connection failures, as a well-behaved app does. */
    private boolean postUntilAccepted(int port, Batch batch) {
        Instant deadline = Instant.now().plus(GIVE_UP);
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> answer = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/events"))
                                .header("Authorization", "Bearer " + batch.key())
                                .header("Content-Type", "application/json")
                                .timeout(Duration.ofSeconds(30))
                                .POST(HttpRequest.BodyPublishers.ofString(batch.body()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 202) {
                    JsonNode body = MeasureMeProcess.JSON.readTree(answer.body());
                    return body.get("accepted").asInt() == batch.events().size();
                }
                if (answer.statusCode() != 503) {
                    throw new AssertionError("unexpected " + answer.statusCode() + ": " + answer.body());
                }
            } catch (java.io.IOException | UncheckedIOException e) {
                // The connection dropped: the retry is safe, ids deduplicate.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private static Map<String, Map<ExpectedBuckets.Key, ExpectedBuckets.Totals>> postgresBuckets(Connection db)
            throws Exception {
        Map<String, Map<ExpectedBuckets.Key, ExpectedBuckets.Totals>> all = new HashMap<>();
        try (Statement sql = db.createStatement();
                ResultSet rs =
                        sql.executeQuery("SELECT user_name, granularity, period, event_type, event_count, value_sum,"
                                + " value_min, value_max, duration_ms FROM buckets")) {
            while (rs.next()) {
                ExpectedBuckets.Key key = new ExpectedBuckets.Key(rs.getString(2), rs.getString(3), rs.getString(4));
                Double min = rs.getObject(7) == null ? null : rs.getDouble(7);
                Double max = rs.getObject(8) == null ? null : rs.getDouble(8);
                all.computeIfAbsent(rs.getString(1), u -> new TreeMap<>())
                        .put(key, new ExpectedBuckets.Totals(rs.getLong(5), rs.getDouble(6), min, max, rs.getLong(9)));
            }
        }
        return all;
    }

    /** Every bucket row of PostgreSQL has its exact twin in Redis, and Redis has no bucket PostgreSQL lacks. */
    private static void assertRedisEqualsPostgres(DistributedCluster cluster, Connection db) throws Exception {
        int rows = 0;
        List<String> mismatches = new ArrayList<>();
        try (Statement sql = db.createStatement();
                ResultSet rs = sql.executeQuery("SELECT user_name, granularity, period, event_type, start_ms, end_ms,"
                        + " event_count, value_sum, value_min, value_max, duration_ms, version FROM buckets")) {
            while (rs.next()) {
                rows++;
                String user = rs.getString(1);
                String hash = switch (rs.getString(2)) {
                    case "hour" -> "Bucket:{" + user + "}|" + rs.getLong(5) + "|" + (rs.getLong(6) - 1);
                    case "day" -> "Day:{" + user + "}|" + rs.getString(3);
                    default -> "Month:{" + user + "}|" + rs.getString(3);
                };
                String type = rs.getString(4);
                Map<Object, Object> fields = cluster.redis.opsForHash().entries(hash);
                String expected = rs.getLong(7) + " " + rs.getDouble(8) + " " + nullable(rs, 9) + " " + nullable(rs, 10)
                        + " " + rs.getLong(11) + " " + rs.getLong(12);
                String actual = fields.get(type + ".count") + " " + fields.get(type + ".sum") + " "
                        + fields.get(type + ".min") + " " + fields.get(type + ".max") + " "
                        + fields.get(type + ".duration") + " " + fields.get(type + ".version");
                if (!expected.equals(actual)) {
                    mismatches.add(hash + " " + type + ": postgres " + expected + ", redis " + actual);
                }
            }
        }
        assertThat(mismatches).as("Redis buckets that differ from PostgreSQL").isEmpty();
        long inRedis = 0;
        for (String pattern : List.of("Bucket:*", "Day:*", "Month:*")) {
            for (String hash : cluster.redis.keys(pattern)) {
                inRedis += cluster.redis.opsForHash().keys(hash).stream()
                        .filter(f -> f.toString().endsWith(".version"))
                        .count();
            }
        }
        assertThat(inRedis).as("buckets in Redis").isEqualTo(rows);
    }

    private static String nullable(ResultSet rs, int column) throws java.sql.SQLException {
        return rs.getObject(column) == null ? "" : Double.toString(rs.getDouble(column));
    }

    private static long count(Connection db, String query) throws Exception {
        try (Statement sql = db.createStatement();
                ResultSet rs = sql.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> strings(Connection db, String query) throws Exception {
        List<String> values = new ArrayList<>();
        try (Statement sql = db.createStatement();
                ResultSet rs = sql.executeQuery(query)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> rest = new HashSet<>(a);
        rest.removeAll(b);
        return rest;
    }
}
