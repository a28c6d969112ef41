package dev.measureme.server.account;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sessions and browser protections ({@code measureme.security.*}). The idle timeout of a session is Spring
 * Boot's {@code server.servlet.session.timeout}.
 *
 * @param sessionLifetime longest a session lives however active it is (the absolute timeout, ASVS 3.3.2)
 * @param allowedOrigins origins, besides the page's own, from which a browser may open the live WebSocket
 * @param loginAttemptsPerAccount login attempts an account takes in a {@code login-window}, across replicas
 * @param loginAttemptsPerAddress login attempts a client address may make in a {@code login-window}, per
 *     process
 * @param loginWindow the window of the login limits
 */
@ConfigurationProperties("measureme.security")
public record SecurityProperties(
        @DefaultValue("12h") Duration sessionLifetime,
        @DefaultValue List<String> allowedOrigins,
        @DefaultValue("100") int loginAttemptsPerAccount,
        @DefaultValue("300") int loginAttemptsPerAddress,
        @DefaultValue("1h") Duration loginWindow) {

    public SecurityProperties {
        if (sessionLifetime.isNegative() || sessionLifetime.isZero()) {
            throw new IllegalArgumentException(
                    "measureme.security.session-lifetime must be > 0 (got " + sessionLifetime + ")");
        }
        allowedOrigins = List.copyOf(allowedOrigins);
        if (loginAttemptsPerAccount < 1) {
            throw new IllegalArgumentException(
                    "measureme.security.login-attempts-per-account must be > 0 (got " + loginAttemptsPerAccount + ")");
        }
        if (loginAttemptsPerAddress < 1) {
            throw new IllegalArgumentException(
                    "measureme.security.login-attempts-per-address must be > 0 (got " + loginAttemptsPerAddress + ")");
        }
        if (loginWindow.toSeconds() < 1) {
            throw new IllegalArgumentException(
                    "measureme.security.login-window must be >= 1s (got " + loginWindow + ")");
        }
    }
}
