package dev.measureme.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/pipeline} against the jar: who may read it, and that it answers the bus's real queues, in
 * one process (embedded, P = 3) and, in one test, distributed on the real RabbitMQ (P = 2).
 */
class PipelineIT {

    private static final int PARTITIONS = 3;

    /** The distributed process's port; unlike the others' in this package. */
    private static final int DISTRIBUTED_PORT = 18481;

    @TempDir
    static Path dataDir;

    private static MeasureMeProcess app;

    @BeforeAll
    static void start() {
        app = MeasureMeProcess.start("pipeline", dataDir, "--measureme.partitions=" + PARTITIONS);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        app.close();
    }

    @Test
    void pipeline_withoutCredentials_answers401() {
        HttpResponse<String> answer = app.getAnonymously("/api/v1/pipeline");

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.body()).contains("\"field\":\"session\"");
    }

    @Test
    void pipeline_signedIn_answersTheIngestQueueAndEveryPartitionOfTheEmbeddedBus() {
        Browser browser = new Browser(app.port());
        assertThat(browser.signUp("pia", "pia's long password", "Europe/Vienna").statusCode())
                .isEqualTo(201);

        HttpResponse<String> answer = browser.get("/api/v1/pipeline");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode pipeline = MeasureMeProcess.JSON.readTree(answer.body());
        assertThat(pipeline.get("mode").asString()).isEqualTo("embedded");
        assertThat(pipeline.get("partitions").asInt()).isEqualTo(PARTITIONS);
        assertThat(pipeline.get("dead_letters").asLong()).isZero();
        assertThat(Instant.parse(pipeline.get("read_at").asString())).isBefore(Instant.now());
        List<JsonNode> queues = queues(pipeline);
        assertThat(queues)
                .extracting(q -> q.get("name").asString())
                .containsExactly("ingest", "work.0", "work.1", "work.2");
        assertThat(queues).extracting(q -> q.get("stage").asString()).containsExactly("ingest", "work", "work", "work");
        assertThat(queues.subList(1, queues.size()))
                .extracting(q -> q.get("partition").asInt())
                .containsExactly(0, 1, 2);
        assertThat(queues).allSatisfy(queue -> {
            // One process runs every role: one router thread on the ingest queue, one worker thread a partition.
            assertThat(queue.get("consumers").asLong()).isEqualTo(1);
            assertThat(queue.get("capacity").asLong()).isPositive();
            assertThat(queue.get("messages").asLong())
                    .isBetween(0L, queue.get("capacity").asLong());
        });
    }

    @Test
    void pipeline_withAnApiKey_needsTheReadScope() {
        Browser browser = new Browser(app.port());
        browser.signUp("ike", "ike's long password", "UTC");
        String ingestOnly = MeasureMeProcess.JSON
                .readTree(browser.postJson("/api/v1/keys", "{\"source\":\"watch\",\"scopes\":[\"ingest\"]}")
                        .body())
                .get("secret")
                .asString();

        HttpResponse<String> refused = app.send(HttpRequest.newBuilder(app.uri("/api/v1/pipeline"))
                .header("Authorization", "Bearer " + ingestOnly)
                .GET()
                .build());

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(app.get("/api/v1/pipeline").statusCode())
                .as("the guest's key, which has the read scope")
                .isEqualTo(200);
    }

    @Test
    void pipeline_afterAnotherUsersEvents_showsCountsOnly() {
        assertThat(app.postEvents("{\"id\":\"guest-secret-run-1\",\"type\":\"secret.runs\",\"value\":42}")
                        .statusCode())
                .isEqualTo(202);
        Browser browser = new Browser(app.port());
        browser.signUp("noa", "noa's long password", "UTC");

        String answer = browser.get("/api/v1/pipeline").body();

        assertThat(answer).doesNotContain("guest", "secret");
        // 202 means committed: in one process nothing of that request is still waiting in a queue.
        assertThat(queues(MeasureMeProcess.JSON.readTree(answer)))
                .allSatisfy(queue -> assertThat(queue.get("messages").asLong()).isZero());
    }

    @Test
    void pipeline_distributed_answersTheBrokersQueues() {
        try (DistributedCluster cluster = new DistributedCluster("pipeline", 11, 2)) {
            String key = cluster.command("users", "add", "ann").stream()
                    .filter(line -> line.startsWith("user="))
                    .map(line -> line.substring(line.indexOf("key=") + 4).split(" ")[0])
                    .findFirst()
                    .orElseThrow();
            cluster.start("all", "all-1", DISTRIBUTED_PORT);

            HttpResponse<String> answer = app.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + DISTRIBUTED_PORT + "/api/v1/pipeline"))
                            .header("Authorization", "Bearer " + key)
                            .GET()
                            .build());

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            JsonNode pipeline = MeasureMeProcess.JSON.readTree(answer.body());
            assertThat(pipeline.get("mode").asString()).isEqualTo("distributed");
            assertThat(pipeline.get("partitions").asInt()).isEqualTo(2);
            assertThat(pipeline.get("dead_letters").asLong()).isZero();
            List<JsonNode> queues = queues(pipeline);
            assertThat(queues)
                    .extracting(
                            q -> q.get("name").asString(), q -> q.get("stage").asString())
                    .containsExactly(
                            tuple(cluster.prefix + ".ingest", "ingest"),
                            tuple(cluster.prefix + ".work.0", "work"),
                            tuple(cluster.prefix + ".work.1", "work"),
                            tuple(cluster.prefix + ".dead-letters", "dead-letters"));
            // The broker's own counts: the router's consumers on ingest, the one active worker a partition.
            assertThat(queues.getFirst().get("consumers").asLong()).isPositive();
            assertThat(queues.subList(1, 3))
                    .allSatisfy(
                            queue -> assertThat(queue.get("consumers").asLong()).isEqualTo(1));
            assertThat(queues)
                    .allSatisfy(
                            queue -> assertThat(queue.get("capacity").isNull()).isTrue());
        }
    }

    private static List<JsonNode> queues(JsonNode pipeline) {
        return StreamSupport.stream(pipeline.get("queues").spliterator(), false).toList();
    }
}
