package dev.measureme.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A full bus answers 503 with {@code Retry-After} and drops nothing: with queues of one message, sixteen
 * clients overrun the pipeline; each retries its batch (same ids) until it gets a 202, and in the end every
 * event is stored once and every bucket equals its events.
 */
class BackpressureIT {

    private static final int CLIENTS = 16;
    private static final int BATCHES_PER_CLIENT = 5;
    private static final int BATCH_SIZE = 200;

    /** Longest a client keeps retrying one batch. */
    private static final Duration GIVE_UP = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    @Test
    void fullBus_answers503WithRetryAfter_andRetriesConvergeWithNothingLost() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ConcurrentLinkedQueue<SentEvent> sent = new ConcurrentLinkedQueue<>();
        AtomicInteger unavailable = new AtomicInteger();
        ConcurrentLinkedQueue<String> badAnswers = new ConcurrentLinkedQueue<>();

        try (MeasureMeProcess app = MeasureMeProcess.start(
                "backpressure",
                dataDir,
                "--measureme.embedded.bus.ingest-capacity=1",
                "--measureme.embedded.bus.work-capacity=1",
                "--measureme.embedded.bus.max-batch-messages=1",
                // Backpressure, not the key's rate limit, is what this test drives into.
                "--measureme.ingest.key-events-per-second=1000000")) {
            try (ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
                List<Future<?>> running = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    int client = c;
                    running.add(clients.submit(() -> {
                        Random random = new Random(client);
                        for (int b = 0; b < BATCHES_PER_CLIENT; b++) {
                            List<SentEvent> batch = new ArrayList<>();
                            for (int i = 0; i < BATCH_SIZE; i++) {
                                Instant at = now.minusSeconds(random.nextInt(36 * 3600));
                                batch.add(new SentEvent(
                                        "bp-" + client + "-" + b + "-" + i, "steps", 1 + random.nextInt(100), at, 0));
                            }
                            String body = MeasureMeProcess.JSON.writeValueAsString(Map.of(
                                    "events",
                                    batch.stream().map(SentEvent::json).toList()));
                            Instant deadline = Instant.now().plus(GIVE_UP);
                            int status;
                            do {
                                HttpResponse<String> answer = app.postEvents(body);
                                status = answer.statusCode();
                                if (status == 503) {
                                    unavailable.incrementAndGet();
                                    if (answer.headers()
                                            .firstValue("Retry-After")
                                            .isEmpty()) {
                                        badAnswers.add("503 without Retry-After");
                                    }
                                } else if (status != 202) {
                                    badAnswers.add(status + " " + answer.body());
                                }
                            } while (status == 503 && Instant.now().isBefore(deadline));
                            assertThat(status)
                                    .as("batch %d of client %d", b, client)
                                    .isEqualTo(202);
                            sent.addAll(batch);
                        }
                        return null;
                    }));
                }
                for (Future<?> client : running) {
                    client.get();
                }
            }

            assertThat(badAnswers).isEmpty();
            assertThat(unavailable.get())
                    .as("503 answers while the bus was full")
                    .isPositive();
            List<String> stored = new ArrayList<>();
            String cursor = null;
            do {
                JsonNode page = app.getJson("/api/v1/events?limit=1000" + (cursor == null ? "" : "&cursor=" + cursor));
                page.get("events").forEach(e -> stored.add(e.get("id").asString()));
                cursor = page.get("next_cursor").isNull()
                        ? null
                        : page.get("next_cursor").asString();
            } while (cursor != null);
            assertThat(stored)
                    .hasSize(CLIENTS * BATCHES_PER_CLIENT * BATCH_SIZE)
                    .doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(
                            sent.stream().map(SentEvent::id).toList());
            assertThat(ExpectedBuckets.fromApi(app, now.minus(Duration.ofDays(40)), now.plus(Duration.ofDays(1))))
                    .isEqualTo(ExpectedBuckets.of(sent, ZoneOffset.UTC));
        }
    }
}
