package dev.measureme.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.CookieManager;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Sessions in the distributed profile live in Redis, shared by the api replicas: a person who logs in through
 * one replica is logged in on every replica, and a logout through any replica ends the session on all of them,
 * live sockets included. Deleting the account leaves nothing of the user in PostgreSQL or Redis.
 */
class SessionsIT {

    /** A process with every role, and a second api replica. */
    private static final int[] PORTS = {18381, 18382};

    private static final String PASSWORD = "mia's long password";

    @Test
    void session_isSharedByTheApiReplicas_logoutEndsItEverywhere_andDeletionLeavesNothing() throws Exception {
        try (DistributedCluster cluster =
                new DistributedCluster("sessions", 14, 2, "--measureme.signup.enabled=true")) {
            cluster.start("all", "all-1", PORTS[0]);
            cluster.start("api", "api-2", PORTS[1]);
            CookieManager cookies = new CookieManager();
            Browser first = new Browser(PORTS[0], cookies);
            Browser second = new Browser(PORTS[1], cookies);

            assertThat(first.signUp("mia", PASSWORD, "Asia/Kathmandu").statusCode())
                    .isEqualTo(201);
            String session = first.cookie("SESSION").orElseThrow();
            assertThat(second.getWithSession(session, "/api/v1/me").body()).contains("\"name\":\"mia\"");
            // The cookie carries the session id in Base64.
            String sessionId = new String(Base64.getDecoder().decode(session), StandardCharsets.UTF_8);
            assertThat(cluster.redis.hasKey("spring:session:sessions:" + sessionId))
                    .as("the session is kept in Redis")
                    .isTrue();

            AccountsIT.Listener live = new AccountsIT.Listener();
            first.openLive(first.origin(), live);
            assertThat(second.logOut().statusCode()).isEqualTo(204);

            assertThat(live.closed.await(5, TimeUnit.SECONDS))
                    .as("the socket on the other replica closed within 5 s")
                    .isTrue();
            assertThat(first.getWithSession(session, "/api/v1/me").statusCode()).isEqualTo(401);
            assertThat(first.refusedLive(first.origin(), session)).isEqualTo(401);

            assertThat(second.logIn("mia", PASSWORD).statusCode()).isEqualTo(200);
            HttpResponse<String> created =
                    second.postJson("/api/v1/keys", "{\"source\":\"phone\",\"scopes\":[\"ingest\",\"read\"]}");
            JsonNode key = MeasureMeProcess.JSON.readTree(created.body());
            assertThat(new Browser(PORTS[0])
                            .postEventsWithKey(key.get("secret").asString(), "{\"id\":\"m1\",\"type\":\"pushups\"}")
                            .statusCode())
                    .isEqualTo(202);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !cluster.redis.keys("*{mia}*").isEmpty());
            for (String stored : cluster.redis.keys("spring:session:sessions:*")) {
                if (!stored.contains(":expires:")) {
                    assertThat(cluster.redis.opsForHash().keys(stored))
                            .as("a refused request saved for later")
                            .doesNotContain("sessionAttr:SPRING_SECURITY_SAVED_REQUEST");
                    assertThat(String.valueOf(
                                    cluster.redis.opsForHash().get(stored, "sessionAttr:SPRING_SECURITY_CONTEXT")))
                            .as("an API key in a session")
                            .doesNotContain("ApiKeyAuthentication");
                }
            }

            assertThat(first.deleteJson("/api/v1/me", "{\"password\":\"" + PASSWORD + "\"}")
                            .statusCode())
                    .isEqualTo(204);

            assertThat(cluster.redis.keys("*{mia}*")).as("bucket keys").isEmpty();
            assertThat(cluster.redis.keys("spring:session:*mia*"))
                    .as("session index")
                    .isEmpty();
            assertThat(second.get("/api/v1/me").statusCode()).isEqualTo(401);
            try (Connection db = DriverManager.getConnection(cluster.jdbcUrl(), "postgres", "");
                    Statement sql = db.createStatement()) {
                for (String table : List.of("events", "event_keys", "buckets", "warnings", "api_keys")) {
                    try (ResultSet rs =
                            sql.executeQuery("SELECT COUNT(*) FROM " + table + " WHERE user_name = 'mia'")) {
                        rs.next();
                        assertThat(rs.getLong(1)).as(table).isZero();
                    }
                }
                try (ResultSet rs = sql.executeQuery("SELECT COUNT(*) FROM users WHERE name = 'mia'")) {
                    rs.next();
                    assertThat(rs.getLong(1)).isZero();
                }
            }
        }
    }
}
