package dev.measureme.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session that expires by itself (here after 3 idle seconds) ends everything it opened: its live socket
 * closes, and neither the API nor the socket takes its cookie again.
 */
class SessionExpiryIT {

    @TempDir
    Path dataDir;

    @Test
    void idleSession_expires_closesItsSocket_andIsRefusedEverywhere() throws Exception {
        try (MeasureMeProcess app =
                MeasureMeProcess.start("session-expiry", dataDir, "--server.servlet.session.timeout=3s")) {
            Browser browser = new Browser(app.port());
            browser.signUp("idle", "idle's long password", "UTC");
            String session = browser.cookie("SESSION").orElseThrow();
            AccountsIT.Listener live = new AccountsIT.Listener();
            browser.openLive(browser.origin(), live);

            assertThat(live.closed.await(15, TimeUnit.SECONDS))
                    .as("the socket closed once the session expired")
                    .isTrue();
            assertThat(browser.getWithSession(session, "/api/v1/me").statusCode())
                    .isEqualTo(401);
            assertThat(browser.refusedLive(browser.origin(), session)).isEqualTo(401);
        }
    }
}
