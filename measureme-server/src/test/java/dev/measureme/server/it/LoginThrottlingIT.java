package dev.measureme.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Password guessing against the jar: an account takes at most 100 login attempts an hour, and a client address
 * at most its own budget (150 here) across accounts; every refused attempt is a 429 with {@code Retry-After}
 * and costs no password evaluation.
 */
class LoginThrottlingIT {

    @TempDir
    Path dataDir;

    @Test
    void twoHundredWrongPasswords_evaluateAtMostOneHundred_andTheRestAre429() throws Exception {
        try (MeasureMeProcess app = MeasureMeProcess.start(
                "login-throttling", dataDir, "--measureme.security.login-attempts-per-address=150")) {
            new Browser(app.port()).signUp("victim", "victim's long password", "UTC");
            new Browser(app.port()).signUp("bystander", "bystander's long password", "UTC");
            Browser attacker = new Browser(app.port());

            int evaluated = 0;
            int refused = 0;
            for (int attempt = 0; attempt < 200; attempt++) {
                HttpResponse<String> answer = attacker.logIn("victim", "guess number " + attempt);
                if (answer.statusCode() == 401) {
                    evaluated++;
                } else {
                    assertThat(answer.statusCode()).as("attempt %d", attempt).isEqualTo(429);
                    assertThat(answer.headers().firstValue("Retry-After"))
                            .hasValueSatisfying(seconds ->
                                    assertThat(Long.parseLong(seconds)).isBetween(1L, 3600L));
                    refused++;
                }
            }

            assertThat(evaluated).as("wrong passwords evaluated").isEqualTo(100);
            assertThat(refused).isEqualTo(100);
            assertThat(new Browser(app.port())
                            .logIn("victim", "victim's long password")
                            .statusCode())
                    .as("the account takes no attempt until the hour is over")
                    .isEqualTo(429);
            assertThat(attacker.logIn("bystander", "bystander's long password").statusCode())
                    .as("the address has spent its attempts")
                    .isEqualTo(429);
            assertThat(attacker.signUp("another", "another long password", "UTC")
                            .statusCode())
                    .as("nor can it make accounts")
                    .isEqualTo(429);
        }
    }
}
