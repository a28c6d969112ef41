package dev.measureme.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The whole product against the real jar: 10,000 events over 4 concurrent connections, with retries, late
 * events, events that span hours and midnight, and invalid events of ten kinds; then every total, every
 * event and every warning is checked against what the test computed on its own, before and after a restart.
 */
class EndToEndIT {

    private static final ZoneId ZONE = ZoneId.of("Asia/Kolkata");
    private static final List<String> TYPES = List.of("pushups", "study.minutes", "water.glasses");
    private static final int BATCH_SIZE = 100;
    private static final int CONNECTIONS = 4;

    /** An invalid event and the field its rejection must name. */
    record Invalid(Map<String, Object> json, String field, String reasonFragment) {}

    /** One item of a request body: a valid event (maybe a retry) or an invalid one. */
    record Item(SentEvent valid, Invalid invalid) {}

    @TempDir
    Path dataDir;

    @Test
    void load_ofTenThousandEvents_storesEachOnceAndTotalsMatchBeforeAndAfterRestart() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Random random = new Random(42);
        List<SentEvent> unique = new ArrayList<>();
        for (int i = 0; i < 9_330; i++) {
            Instant at = now.minusMillis(
                    (long) (random.nextDouble() * Duration.ofHours(72).toMillis()));
            long duration = i % 3 == 0 ? random.nextInt(900) : 0;
            unique.add(new SentEvent("e-" + i, TYPES.get(i % 3), 1 + random.nextInt(50), at, duration));
        }
        for (int i = 0; i < 50; i++) {
            unique.add(new SentEvent(
                    "late-" + i,
                    "pushups",
                    10 + i,
                    now.minus(Duration.ofDays(30)).plusSeconds(i * 600L),
                    0));
        }
        LocalDate today = LocalDate.ofInstant(now, ZONE);
        for (int i = 0; i < 20; i++) {
            // 22:30 local, lasting 3 h 10 min: across midnight and four hours.
            Instant at = today.minusDays(1 + i % 3)
                    .atTime(LocalTime.of(22, 30))
                    .atZone(ZONE)
                    .toInstant()
                    .plusSeconds(i);
            unique.add(new SentEvent("span-" + i, "study.minutes", 25, at, 3 * 3600 + 600));
        }
        List<Item> items = new ArrayList<>();
        unique.forEach(e -> items.add(new Item(e, null)));
        for (int i = 0; i < 500; i++) {
            items.add(new Item(unique.get(random.nextInt(unique.size())), null));
        }
        List<Invalid> invalid = invalidEvents(now);
        invalid.forEach(bad -> items.add(new Item(null, bad)));
        Collections.shuffle(items, random);
        assertThat(items).hasSize(10_000);
        assertThat(unique).hasSize(9_400);

        try (MeasureMeProcess app =
                        MeasureMeProcess.start("end-to-end", dataDir, "--measureme.guest.timezone=" + ZONE);
                LiveClient live = new LiveClient(app.http(), app.port(), app.guestKey())) {
            List<List<Item>> batches = new ArrayList<>();
            for (int i = 0; i < items.size(); i += BATCH_SIZE) {
                batches.add(items.subList(i, i + BATCH_SIZE));
            }
            AtomicInteger warningsExpected = new AtomicInteger();
            try (ExecutorService connections = Executors.newFixedThreadPool(CONNECTIONS)) {
                List<Future<?>> sent = new ArrayList<>();
                for (int c = 0; c < CONNECTIONS; c++) {
                    int connection = c;
                    sent.add(connections.submit(() -> {
                        for (int b = connection; b < batches.size(); b += CONNECTIONS) {
                            warningsExpected.addAndGet(postAndCheck(app, batches.get(b)));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : sent) {
                    f.get();
                }
            }
            assertThat(warningsExpected.get()).isEqualTo(100);

            Map<ExpectedBuckets.Key, ExpectedBuckets.Totals> expected = ExpectedBuckets.of(unique, ZONE);
            Instant from = now.minus(Duration.ofDays(100));
            Instant to = now.plus(Duration.ofDays(2));
            assertThat(ExpectedBuckets.fromApi(app, from, to)).isEqualTo(expected);
            assertEveryEventOnce(app, unique);
            assertWarnings(app, invalid);

            await("live feed")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> live.seen().size() == unique.size());
            assertThat(live.seen().keySet())
                    .containsExactlyInAnyOrderElementsOf(
                            unique.stream().map(SentEvent::id).toList());
            assertThat(live.seen().values())
                    .allSatisfy(count -> assertThat(count.get()).isEqualTo(1));

            app.stop();
            app.start();
            assertThat(ExpectedBuckets.fromApi(app, from, to)).isEqualTo(expected);
            assertEveryEventOnce(app, unique);
        }
    }

    /** Posts one batch, checks the answer event by event, and returns how many events it rejected. */
    private static int postAndCheck(MeasureMeProcess app, List<Item> batch) {
        List<Map<String, Object>> events = new ArrayList<>();
        Map<Integer, Invalid> expectedRejections = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            Item item = batch.get(i);
            if (item.valid() != null) {
                events.add(item.valid().json());
            } else {
                events.add(item.invalid().json());
                expectedRejections.put(i, item.invalid());
            }
        }
        String body = MeasureMeProcess.JSON.writeValueAsString(Map.of("events", events));
        HttpResponse<String> response = app.postEvents(body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode answer = MeasureMeProcess.JSON.readTree(response.body());
        assertThat(answer.get("accepted").asInt()).isEqualTo(batch.size() - expectedRejections.size());
        Map<Integer, JsonNode> rejected = new HashMap<>();
        answer.get("rejected").forEach(r -> rejected.put(r.get("index").asInt(), r));
        assertThat(rejected.keySet()).isEqualTo(expectedRejections.keySet());
        expectedRejections.forEach((index, bad) -> {
            assertThat(rejected.get(index).get("field").asString())
                    .as("field of %s", bad.json())
                    .isEqualTo(bad.field());
            assertThat(rejected.get(index).get("reason").asString()).contains(bad.reasonFragment());
        });
        return expectedRejections.size();
    }

    private static void assertEveryEventOnce(MeasureMeProcess app, List<SentEvent> unique) {
        Map<String, SentEvent> byId = new HashMap<>();
        unique.forEach(e -> byId.put(e.id(), e));
        List<String> listed = new ArrayList<>();
        String cursor = null;
        Instant previous = Instant.MAX;
        do {
            JsonNode page = app.getJson("/api/v1/events?limit=1000" + (cursor == null ? "" : "&cursor=" + cursor));
            for (JsonNode event : page.get("events")) {
                String id = event.get("id").asString();
                listed.add(id);
                SentEvent sent = byId.get(id);
                assertThat(sent).as("unexpected event %s", id).isNotNull();
                Instant at = Instant.parse(event.get("timestamp").asString());
                assertThat(at).isEqualTo(sent.timestamp());
                assertThat(at).as("newest first").isBeforeOrEqualTo(previous);
                previous = at;
                assertThat(event.get("value").asDouble()).isEqualTo(sent.value());
                assertThat(event.get("type").asString()).isEqualTo(sent.type());
            }
            cursor = page.get("next_cursor").isNull()
                    ? null
                    : page.get("next_cursor").asString();
        } while (cursor != null);
        assertThat(listed).doesNotHaveDuplicates().hasSameSizeAs(unique);
    }

    private static void assertWarnings(MeasureMeProcess app, List<Invalid> invalid) {
        JsonNode warnings = app.getJson("/api/v1/warnings?limit=1000").get("warnings");
        Map<String, Integer> byField = new LinkedHashMap<>();
        warnings.forEach(w -> byField.merge(w.get("field").asString(), 1, Integer::sum));
        Map<String, Integer> expected = new LinkedHashMap<>();
        invalid.forEach(bad -> expected.merge(bad.field(), 1, Integer::sum));
        assertThat(byField).isEqualTo(expected);
        warnings.forEach(w -> assertThat(w.get("index").isInt()).isTrue());
    }

    /** Ten events of each of ten kinds of mistake. */
    private static List<Invalid> invalidEvents(Instant now) {
        List<Invalid> invalid = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            invalid.add(new Invalid(json("value", 3), "type", "required"));
            invalid.add(new Invalid(json("type", "PushUps"), "type", "[a-z0-9_.-]"));
            invalid.add(new Invalid(json("type", "pushups", "id", "bad id " + i), "id", "[A-Za-z0-9_.:-]"));
            invalid.add(new Invalid(json("type", "pushups", "value", "twenty"), "value", "finite number"));
            invalid.add(new Invalid(json("type", "pushups", "duration", -5), "duration", "between 0 and"));
            invalid.add(
                    new Invalid(json("type", "pushups", "timestamp", "2026-12-01T10:00:00"), "timestamp", "offset"));
            invalid.add(new Invalid(
                    json(
                            "type",
                            "pushups",
                            "timestamp",
                            now.plus(Duration.ofDays(3)).toString()),
                    "timestamp",
                    "future"));
            invalid.add(new Invalid(
                    json("type", "pushups", "attributes", Map.of("nested", Map.of("a", 1))),
                    "attributes.nested",
                    "string"));
            invalid.add(new Invalid(json("type", "pushups", "colour", "red"), "colour", "unknown field"));
            invalid.add(new Invalid(json("type", "pushups", "unit", "x".repeat(17)), "unit", "1-16"));
        }
        return invalid;
    }

    private static Map<String, Object> json(Object... keyValues) {
        Map<String, Object> json = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            json.put((String) keyValues[i], keyValues[i + 1]);
        }
        return json;
    }
}
