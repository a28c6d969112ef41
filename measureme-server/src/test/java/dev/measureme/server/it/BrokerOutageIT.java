package dev.measureme.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
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
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code rabbitmqctl stop_app} in the middle of a load, against ingest, router, worker and api as separate
 * processes. While the broker is down, ingest answers 503 with {@code Retry-After} at once and never 202;
 * after {@code start_app} the pipeline takes events again within 30 s with no MeasureMe process restarted;
 * and every event that got a 202 is stored exactly once, with buckets equal to the stored events.
 */
class BrokerOutageIT {

    private static final int CLIENTS = 2;
    private static final int BATCH = 100;
    private static final int INGEST_PORT = 18181;

    /** What a client saw for one request. */
    record Answer(List<SentEvent> events, Instant sent, Instant answered, int status, boolean retryAfter) {}

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @Test
    void brokerStopped_answers503AtOnce_thenResumesWithoutRestartsAndLosesNothing() throws Exception {
        // The clients here retry at once, without waiting for Retry-After: the key's rate limit must not be what
        // they run into.
        try (DistributedCluster cluster =
                new DistributedCluster("outage", 14, 4, "--measureme.ingest.key-events-per-second=10000000")) {
            String key = cluster.command("users", "add", "ann").stream()
                    .filter(line -> line.startsWith("user="))
                    .map(line -> line.substring(line.indexOf("key=") + 4).split(" ")[0])
                    .findFirst()
                    .orElseThrow();
            cluster.start("worker", "worker-1", 19301);
            cluster.start("router", "router-1", 19302);
            cluster.start("ingest", "ingest-1", INGEST_PORT);

            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
            AtomicBoolean loading = new AtomicBoolean(true);
            AtomicInteger accepted = new AtomicInteger();
            Instant stopped;
            Instant restarting;
            try (ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
                List<Future<?>> running = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    int client = c;
                    running.add(clients.submit(() -> {
                        for (int n = 0; loading.get(); n++) {
                            List<SentEvent> events = new ArrayList<>();
                            for (int i = 0; i < BATCH; i++) {
                                events.add(new SentEvent(
                                        "c" + client + "-" + n + "-" + i,
                                        "pushups",
                                        1 + i % 7,
                                        now.minusSeconds((n * 37L + i * 11L) % 86_400),
                                        0));
                            }
                            Answer answer = post(key, events);
                            answers.add(answer);
                            if (answer.status() == 202) {
                                accepted.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                try {
                    await("load under way").atMost(Duration.ofSeconds(60)).until(() -> accepted.get() >= 20);
                    rabbitmqctl("stop_app");
                    stopped = Instant.now();
                    try {
                        await("answers while the broker is down")
                                .atMost(Duration.ofSeconds(60))
                                .until(() -> answers.stream()
                                                .filter(a -> a.sent().isAfter(stopped))
                                                .count()
                                        >= 20);
                    } finally {
                        restarting = Instant.now();
                        rabbitmqctl("start_app");
                    }
                    Instant started = Instant.now();
                    await("the pipeline takes events again")
                            .atMost(Duration.ofSeconds(30))
                            .until(() -> answers.stream()
                                    .anyMatch(a -> a.status() == 202 && a.sent().isAfter(started)));
                    int acceptedAfter = accepted.get();
                    await("load after the outage")
                            .atMost(Duration.ofSeconds(60))
                            .until(() -> accepted.get() >= acceptedAfter + 20);
                } finally {
                    // Also when an await fails: the clients stop, and the test fails instead of hanging.
                    loading.set(false);
                }
                for (Future<?> f : running) {
                    f.get();
                }
            }

            List<Answer> duringOutage = answers.stream()
                    .filter(a -> a.sent().isAfter(stopped) && a.answered().isBefore(restarting))
                    .toList();
            assertThat(duringOutage).isNotEmpty().allSatisfy(a -> {
                assertThat(a.status()).as("status while the broker is down").isEqualTo(503);
                assertThat(a.retryAfter()).as("Retry-After").isTrue();
                assertThat(Duration.between(a.sent(), a.answered()))
                        .as("time to answer")
                        .isLessThan(Duration.ofSeconds(6));
            });

            Set<String> acked = new HashSet<>();
            List<SentEvent> all = new ArrayList<>();
            for (Answer a : answers) {
                all.addAll(a.events());
                if (a.status() == 202) {
                    a.events().forEach(e -> acked.add(e.id()));
                }
            }
            try (Connection db = DriverManager.getConnection(cluster.jdbcUrl(), "postgres", "")) {
                await("acknowledged events stored")
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> ids(db).containsAll(acked));
                List<String> stored = new ArrayList<>(ids(db));
                assertThat(stored).as("duplicated").doesNotHaveDuplicates();
                Set<String> sent = new HashSet<>();
                all.forEach(e -> sent.add(e.id()));
                assertThat(sent).as("unexpected").containsAll(stored);
                List<SentEvent> storedEvents =
                        all.stream().filter(e -> stored.contains(e.id())).toList();
                await("buckets equal stored events")
                        .atMost(Duration.ofSeconds(30))
                        .untilAsserted(() ->
                                assertThat(buckets(db)).isEqualTo(ExpectedBuckets.of(storedEvents, ZoneOffset.UTC)));
            }
        }
    }

    private Answer post(String key, List<SentEvent> events) {
        Instant sent = Instant.now();
        String body = MeasureMeProcess.JSON.writeValueAsString(
                Map.of("events", events.stream().map(SentEvent::json).toList()));
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + INGEST_PORT + "/api/v1/events"))
                            .header("Authorization", "Bearer " + key)
                            .header("Content-Type", "application/json")
                            .timeout(Duration.ofSeconds(20))
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(
                    events,
                    sent,
                    Instant.now(),
                    response.statusCode(),
                    response.headers().firstValue("Retry-After").isPresent());
        } catch (IOException e) {
            return new Answer(events, sent, Instant.now(), -1, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(events, sent, Instant.now(), -1, false);
        }
    }

    private static void rabbitmqctl(String command) throws Exception {
        Process process = new ProcessBuilder("rabbitmqctl", command)
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("rabbitmqctl " + command)
                .isTrue();
        assertThat(process.exitValue())
                .as("rabbitmqctl %s: %s", command, output)
                .isZero();
    }

    private static Set<String> ids(Connection db) throws Exception {
        Set<String> ids = new HashSet<>();
        try (Statement sql = db.createStatement();
                ResultSet rs = sql.executeQuery("SELECT event_id FROM events")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    private static Map<ExpectedBuckets.Key, ExpectedBuckets.Totals> buckets(Connection db) throws Exception {
        Map<ExpectedBuckets.Key, ExpectedBuckets.Totals> all = new java.util.TreeMap<>();
        try (Statement sql = db.createStatement();
                ResultSet rs = sql.executeQuery("SELECT granularity, period, event_type, event_count, value_sum,"
                        + " value_min, value_max, duration_ms FROM buckets")) {
            while (rs.next()) {
                all.put(
                        new ExpectedBuckets.Key(rs.getString(1), rs.getString(2), rs.getString(3)),
                        new ExpectedBuckets.Totals(
                                rs.getLong(4),
                                rs.getDouble(5),
                                rs.getObject(6) == null ? null : rs.getDouble(6),
                                rs.getObject(7) == null ? null : rs.getDouble(7),
                                rs.getLong(8)));
            }
        }
        return all;
    }
}
