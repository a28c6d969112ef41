package dev.measureme.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * The operator commands against a running distributed process on the real services: {@code users add},
 * {@code rebuild-buckets} after Redis lost everything, {@code dead-letters list} and {@code replay}, and
 * {@code queues}.
 */
class OperatorCommandsIT {

    private static final int PORT = 18281;

    /** When the events happened: a fixed late time, so that the buckets they fill are known. */
    private static final String AT = "2026-12-01T10:15:00Z";

    @Test
    void commands_createUsers_rebuildRedis_andListAndReplayDeadLetters() throws Exception {
        try (DistributedCluster cluster = new DistributedCluster("commands", 15, 2)) {
            Map<String, String> ann = fields(cluster.command("users", "add", "ann", "--timezone=Asia/Kathmandu"));
            assertThat(ann).containsEntry("user", "ann").containsEntry("timezone", "Asia/Kathmandu");
            String key = ann.get("key");
            assertThat(key).startsWith("mm_");
            assertThatThrownBy(() -> cluster.command("users", "add", "Not A Name"))
                    .hasMessageContaining("exited 2")
                    .hasMessageContaining("usage: NAME must be 1-64 characters of [a-z0-9_.-] (got Not A Name)");
            cluster.start("all", "all-1", PORT);

            // The printed password logs in; after a reset only the new one does.
            assertThat(new Browser(PORT).logIn("ann", ann.get("password")).statusCode())
                    .isEqualTo(200);
            Map<String, String> reset = fields(cluster.command("users", "password", "ann"));
            assertThat(reset.get("password")).hasSize(20).isNotEqualTo(ann.get("password"));
            assertThat(new Browser(PORT).logIn("ann", ann.get("password")).statusCode())
                    .isEqualTo(401);
            assertThat(new Browser(PORT).logIn("ann", reset.get("password")).statusCode())
                    .isEqualTo(200);
            assertThatThrownBy(() -> cluster.command("users", "password", "nobody"))
                    .hasMessageContaining("failed: no user nobody");

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/api/v1/events"))
                            .header("Authorization", "Bearer " + key)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"events\":[{\"id\":\"a\",\"type\":\"pushups\",\"value\":20,\"timestamp\":\"" + AT
                                            + "\"},"
                                            + "{\"id\":\"b\",\"type\":\"steps\",\"value\":900,\"duration\":5400,"
                                            + "\"timestamp\":\"" + AT + "\"}]}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
            // Two hours (10:15 to 11:45 UTC), one Kathmandu day and month, and the three indexes.
            Set<String> written = Set.of(
                    "Bucket:{ann}|1796119200000|1796122799999",
                    "Bucket:{ann}|1796122800000|1796126399999",
                    "Day:{ann}|2026-12-01",
                    "Month:{ann}|2026-12",
                    "Index:{ann}|hour",
                    "Index:{ann}|day",
                    "Index:{ann}|month");
            await().atMost(Duration.ofSeconds(30)).until(() -> cluster.redis.keys("*{ann}*"), written::equals);

            cluster.redis.execute((org.springframework.data.redis.core.RedisCallback<Void>) c -> {
                c.serverCommands().flushDb();
                return null;
            });
            List<String> rebuilt = cluster.command("rebuild-buckets", "--user=ann");
            assertThat(rebuilt).contains("rebuilt user=ann buckets=7", "rebuilt users=1 buckets=7");
            // The same hashes again, now marked as a complete copy that the API may serve alone.
            Set<String> rebuiltKeys = new HashSet<>(written);
            rebuiltKeys.add("Built:{ann}");
            assertThat(cluster.redis.keys("*{ann}*")).isEqualTo(rebuiltKeys);

            CachingConnectionFactory connections = new CachingConnectionFactory("127.0.0.1", 5672);
            try {
                RabbitTemplate rabbit = new RabbitTemplate(connections);
                RabbitAdmin admin = new RabbitAdmin(connections);
                rabbit.send(
                        "",
                        cluster.prefix + ".work.0",
                        MessageBuilder.withBody("not json".getBytes(StandardCharsets.UTF_8))
                                .build());
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> admin.getQueueInfo(cluster.prefix + ".dead-letters")
                                        .getMessageCount()
                                == 1);
                assertThat(cluster.command("dead-letters", "list"))
                        .anyMatch(
                                line -> line.startsWith("queue=" + cluster.prefix + ".work.0 reason=rejected deaths=1"))
                        .contains("dead letters shown=1");

                Instant at = Instant.now().minusSeconds(60);
                Map<String, Object> event = Map.ofEntries(
                        Map.entry("user", "ann"),
                        Map.entry("id", "from-the-dead"),
                        Map.entry("type", "pushups"),
                        Map.entry("value", 5),
                        Map.entry("durationMs", 0),
                        Map.entry("timestamp", at.toString()),
                        Map.entry("source", "replay"),
                        Map.entry("attributes", Map.of()),
                        Map.entry("receivedAt", at.toString()),
                        Map.entry("idGenerated", false));
                byte[] work = MeasureMeProcess.JSON.writeValueAsBytes(Map.of(
                        "batches",
                        List.of(Map.of(
                                "batch",
                                Map.of("user", "ann", "events", List.of(event), "warnings", List.of()),
                                "zone",
                                "Asia/Kathmandu"))));
                rabbit.send(
                        "",
                        cluster.prefix + ".dead-letters",
                        MessageBuilder.withBody(work)
                                .setHeader("x-first-death-queue", cluster.prefix + ".work.0")
                                .setHeader("x-first-death-reason", "delivery_limit")
                                .build());
                assertThat(cluster.command("dead-letters", "replay")).contains("replayed=2");
                try (Connection db = DriverManager.getConnection(cluster.jdbcUrl(), "postgres", "")) {
                    await().atMost(Duration.ofSeconds(30)).until(() -> exists(db, "from-the-dead"));
                }
                await("the poison message dies again")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> admin.getQueueInfo(cluster.prefix + ".dead-letters")
                                        .getMessageCount()
                                == 1);
            } finally {
                connections.destroy();
            }

            assertThat(cluster.command("queues"))
                    .contains("queue=" + cluster.prefix + ".ingest messages=0 consumers=4")
                    .contains("queue=" + cluster.prefix + ".dead-letters messages=1 consumers=0")
                    .contains("queue=" + cluster.prefix + ".workers messages=0 consumers=1")
                    .anyMatch(line -> line.equals("queue=" + cluster.prefix + ".work.1 messages=0 consumers=1"));
        }
    }

    /** The {@code name=value} pairs of the one line of a command's output that starts with {@code user=}. */
    private static Map<String, String> fields(List<String> output) {
        String line =
                output.stream().filter(l -> l.startsWith("user=")).findFirst().orElseThrow();
        Map<String, String> fields = new HashMap<>();
        for (String pair : line.split(" ")) {
            fields.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        return fields;
    }

    private static boolean exists(Connection db, String id) throws Exception {
        try (Statement sql = db.createStatement();
                ResultSet rs = sql.executeQuery("SELECT count(*) FROM events WHERE event_id = '" + id + "'")) {
            rs.next();
            return rs.getLong(1) == 1;
        }
    }
}
