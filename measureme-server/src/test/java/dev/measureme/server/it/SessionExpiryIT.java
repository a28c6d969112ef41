package dev.measureme.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sessions end by themselves: after 3 idle seconds here, and after 8 seconds however active. An ended session
 * closes its live socket, and neither the API nor the socket takes its cookie again.
 */
class SessionExpiryIT {

    private static final Duration LIFETIME = Duration.ofSeconds(8);

    @TempDir
    static Path dataDir;

    private static MeasureMeProcess app;

    @BeforeAll
    static void start() {
        app = MeasureMeProcess.start(
                "session-expiry",
                dataDir,
                "--server.servlet.session.timeout=3s",
                "--measureme.security.session-lifetime=" + LIFETIME.toSeconds() + "s");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        app.close();
    }

    @Test
    void idleSession_expires_closesItsSocket_andIsRefusedEverywhere() throws Exception {
        Browser browser = new Browser(app.port());
        browser.signUp("idle", "idle's long password", "UTC");
        String session = browser.cookie("SESSION").orElseThrow();
        AccountsIT.Listener live = new AccountsIT.Listener();
        browser.openLive(browser.origin(), live);

        assertThat(live.closed.await(15, TimeUnit.SECONDS))
                .as("the socket closed once the session expired")
                .isTrue();
        assertThat(browser.getWithSession(session, "/api/v1/me").statusCode()).isEqualTo(401);
        assertThat(browser.refusedLive(browser.origin(), session)).isEqualTo(401);
    }

    @Test
    void activeSession_endsAtItsLifetime() throws Exception {
        Browser browser = new Browser(app.port());
        Instant created = Instant.now();
        browser.signUp("busy", "busy's long password", "UTC");
        String session = browser.cookie("SESSION").orElseThrow();

        // A request every half second keeps the session from ever being idle for 3 s.
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> browser.getWithSession(session, "/api/v1/me").statusCode() == 401);

        assertThat(Duration.between(created, Instant.now()))
                .as("ended by its lifetime, not before")
                .isGreaterThanOrEqualTo(LIFETIME);
        assertThat(browser.refusedLive(browser.origin(), session)).isEqualTo(401);
    }
}
