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
 */
@ConfigurationProperties("measureme.security")
public record SecurityProperties(
        @DefaultValue("12h") Duration sessionLifetime,
        @DefaultValue List<String> allowedOrigins) {

    public SecurityProperties {
        if (sessionLifetime.isNegative() || sessionLifetime.isZero()) {
            throw new IllegalArgumentException(
                    "measureme.security.session-lifetime must be > 0 (got " + sessionLifetime + ")");
        }
        allowedOrigins = List.copyOf(allowedOrigins);
    }
}
