package dev.measureme.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/v1/simulations} against the jar: a simulation sends through the real ingest API with a key of
 * the user that is revoked when it ends, every event it got accepted comes back on the live feed, and the
 * panel sees the counts and latencies; one run at a time, stoppable, and nobody else's.
 */
class SimulationsIT {

    @TempDir
    Path dataDir;

    @Test
    void simulation_sendsAsAnApp_isSeenLive_andEndsWithItsKeyRevoked() throws Exception {
        try (MeasureMeProcess app = MeasureMeProcess.start("simulations", dataDir)) {
            Browser ann = new Browser(app.port());
            ann.signUp("ann", "ann's long password", "Asia/Kolkata");

            assertThat(ann.postJson("/api/v1/simulations", "{\"rate\":9000}"))
                    .satisfies(a -> assertThat(a.statusCode()).isEqualTo(400))
                    .satisfies(a -> assertThat(a.body()).contains("\"field\":\"rate\""));
            HttpResponse<String> started = ann.postJson(
                    "/api/v1/simulations",
                    "{\"sources\":[\"fitness\",\"study\",\"voice\"],\"rate\":200,\"duration_seconds\":3,\"backfill_days\":2}");
            assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
            String id = json(started).get("id").asString();
            assertThat(ann.postJson("/api/v1/simulations", "{\"rate\":10}").statusCode())
                    .as("one at a time")
                    .isEqualTo(409);

            await().atMost(Duration.ofSeconds(60))
                    .until(() -> run(ann).get("state").asString().equals("finished"));
            await("every accepted event seen live")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> run(ann).get("seen_live").asLong()
                            == run(ann).get("accepted").asLong());
            JsonNode run = run(ann);
            assertThat(run.get("id").asString()).isEqualTo(id);
            assertThat(run.get("accepted").asLong())
                    .isEqualTo(run.get("sent").asLong())
                    .isGreaterThan(600);
            assertThat(run.get("rejected").asLong()).isZero();
            assertThat(run.get("live_p99_ms").asDouble()).isPositive();
            assertThat(json(ann.get("/api/v1/events?limit=1"))
                            .get("events")
                            .get(0)
                            .get("id")
                            .asString())
                    .startsWith("sim-" + id + "-");
            assertThat(json(ann.get("/api/v1/keys")).get("keys"))
                    .singleElement()
                    .satisfies(key -> {
                        assertThat(key.get("source").asString()).isEqualTo("simulator");
                        assertThat(key.get("revoked_at").isNull())
                                .as("revoked at the end")
                                .isFalse();
                    });

            HttpResponse<String> longRun =
                    ann.postJson("/api/v1/simulations", "{\"rate\":50,\"duration_seconds\":600}");
            String longId = json(longRun).get("id").asString();
            Browser bob = new Browser(app.port());
            bob.signUp("bob", "bob's long password", "UTC");
            assertThat(bob.delete("/api/v1/simulations/" + longId).statusCode()).isEqualTo(404);
            assertThat(json(bob.get("/api/v1/simulations")).get("simulations")).isEmpty();
            assertThat(ann.delete("/api/v1/simulations/" + longId).statusCode()).isEqualTo(204);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> run(ann).get("state").asString().equals("stopped"));
        }
    }

    /** The newest run of the browser's user. */
    private static JsonNode run(Browser browser) {
        return json(browser.get("/api/v1/simulations")).get("simulations").get(0);
    }

    private static JsonNode json(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        return MeasureMeProcess.JSON.readTree(response.body());
    }
}
