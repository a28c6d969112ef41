package dev.measureme.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Sessions in the distributed profile live in Redis, shared by the api replicas: a person who logs in through
 * one replica is logged in on every replica, and a logout through any replica ends the session on all of them,
 * live sockets included.
 */
class SessionsIT {

    private static final int[] API_PORTS = {18381, 18382};

    @Test
    void session_isSharedByTheApiReplicas_andLogoutEndsItEverywhere() throws Exception {
        try (DistributedCluster cluster =
                new DistributedCluster("sessions", 14, 2, "--measureme.signup.enabled=true")) {
            cluster.start("api", "api-1", API_PORTS[0]);
            cluster.start("api", "api-2", API_PORTS[1]);
            CookieManager cookies = new CookieManager();
            Browser first = new Browser(API_PORTS[0], cookies);
            Browser second = new Browser(API_PORTS[1], cookies);

            assertThat(first.signUp("mia", "mia's long password", "Asia/Kathmandu")
                            .statusCode())
                    .isEqualTo(201);
            String session = first.cookie("SESSION").orElseThrow();
            assertThat(second.getWithSession(session, "/api/v1/me").body()).contains("\"name\":\"mia\"");
            assertThat(cluster.redis.keys("spring:session:sessions:*"))
                    .as("the session is kept in Redis")
                    .isNotEmpty();

            AccountsIT.Listener live = new AccountsIT.Listener();
            first.openLive(first.origin(), live);
            assertThat(second.logOut().statusCode()).isEqualTo(204);

            assertThat(live.closed.await(5, TimeUnit.SECONDS))
                    .as("the socket on the other replica closed within 5 s")
                    .isTrue();
            assertThat(first.getWithSession(session, "/api/v1/me").statusCode()).isEqualTo(401);
            assertThat(first.refusedLive(first.origin(), session)).isEqualTo(401);
        }
    }
}
