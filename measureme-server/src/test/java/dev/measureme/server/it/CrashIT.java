package dev.measureme.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code kill -9} in the middle of a load: every event that got a 202 must be there exactly once after the
 * restart, nothing that was not sent may appear, and every bucket must equal the totals of the events that
 * are stored. Then the clients retry what was not acknowledged, as the contract tells them to, and the
 * store converges to exactly the events sent.
 */
class CrashIT {

    private static final ZoneId ZONE = ZoneId.of("Asia/Kathmandu");
    private static final int CLIENTS = 4;
    private static final int BATCH_SIZE = 100;

    /** Acknowledged events to wait for before the kill: enough that the store holds real work. */
    private static final int ACKED_BEFORE_KILL = 3_000;

    @TempDir
    Path dataDir;

    @Test
    void killDashNine_duringLoad_losesNoAcknowledgedEventAndDuplicatesNone() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ConcurrentLinkedQueue<List<SentEvent>> acked = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<List<SentEvent>> unacked = new ConcurrentLinkedQueue<>();
        AtomicInteger ackedEvents = new AtomicInteger();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean();

        try (MeasureMeProcess app = MeasureMeProcess.start("crash", dataDir, "--measureme.guest.timezone=" + ZONE)) {
            String key = app.guestKey();
            try (ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
                List<Future<?>> running = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    Random random = new Random(c);
                    String client = "c" + c;
                    running.add(clients.submit(() -> {
                        for (int n = 0; !killed.get(); n++) {
                            List<SentEvent> batch = batch(client + "-" + n, random, now);
                            inFlight.incrementAndGet();
                            try {
                                HttpResponse<String> response = app.postEvents(key, body(batch));
                                if (response.statusCode() == 202) {
                                    acked.add(batch);
                                    ackedEvents.addAndGet(batch.size());
                                } else {
                                    unacked.add(batch);
                                }
                            } catch (UncheckedIOException e) {
                                unacked.add(batch);
                            } finally {
                                inFlight.decrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                await("acknowledged events")
                        .atMost(Duration.ofSeconds(120))
                        .until(() -> ackedEvents.get() >= ACKED_BEFORE_KILL);
                await("a request in flight").atMost(Duration.ofSeconds(10)).until(() -> inFlight.get() > 0);
                killed.set(true);
                app.kill();
                for (Future<?> client : running) {
                    client.get();
                }
            }

            app.start();
            Map<String, SentEvent> sent = byId(acked, unacked);
            List<String> stored = listedIds(app);
            assertThat(stored).as("duplicated").doesNotHaveDuplicates();
            assertThat(sent.keySet()).as("unexpected").containsAll(stored);
            List<String> ackedIds =
                    acked.stream().flatMap(List::stream).map(SentEvent::id).toList();
            assertThat(stored).as("lost").containsAll(ackedIds);
            List<SentEvent> storedEvents = stored.stream().map(sent::get).toList();
            assertBucketsEqual(app, storedEvents, now);

            for (List<SentEvent> retry : unacked) {
                assertThat(app.postEvents(key, body(retry)).statusCode()).isEqualTo(202);
            }
            List<String> afterRetry = listedIds(app);
            assertThat(afterRetry).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(sent.keySet());
            assertBucketsEqual(app, List.copyOf(sent.values()), now);
        }
    }

    private static List<SentEvent> batch(String prefix, Random random, Instant now) {
        List<SentEvent> batch = new ArrayList<>(BATCH_SIZE);
        for (int i = 0; i < BATCH_SIZE; i++) {
            Instant at = now.minusMillis(
                    (long) (random.nextDouble() * Duration.ofHours(48).toMillis()));
            long duration = i % 4 == 0 ? random.nextInt(7_200) : 0;
            batch.add(new SentEvent(
                    prefix + "-" + i, i % 2 == 0 ? "pushups" : "study.minutes", 1 + random.nextInt(9), at, duration));
        }
        return batch;
    }

    private static String body(List<SentEvent> batch) {
        return MeasureMeProcess.JSON.writeValueAsString(
                Map.of("events", batch.stream().map(SentEvent::json).toList()));
    }

    @SafeVarargs
    private static Map<String, SentEvent> byId(ConcurrentLinkedQueue<List<SentEvent>>... batches) {
        Map<String, SentEvent> byId = new HashMap<>();
        for (ConcurrentLinkedQueue<List<SentEvent>> queue : batches) {
            queue.forEach(batch -> batch.forEach(e -> byId.put(e.id(), e)));
        }
        return byId;
    }

    private static List<String> listedIds(MeasureMeProcess app) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = app.getJson("/api/v1/events?limit=1000" + (cursor == null ? "" : "&cursor=" + cursor));
            page.get("events").forEach(event -> ids.add(event.get("id").asString()));
            cursor = page.get("next_cursor").isNull()
                    ? null
                    : page.get("next_cursor").asString();
        } while (cursor != null);
        return ids;
    }

    private static void assertBucketsEqual(MeasureMeProcess app, List<SentEvent> events, Instant now) {
        assertThat(ExpectedBuckets.fromApi(app, now.minus(Duration.ofDays(10)), now.plus(Duration.ofDays(2))))
                .isEqualTo(ExpectedBuckets.of(events, ZONE));
    }
}
