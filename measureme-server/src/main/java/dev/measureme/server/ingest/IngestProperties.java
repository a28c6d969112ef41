package dev.measureme.server.ingest;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The ingest role's settings ({@code measureme.ingest.*}).
 *
 * @param commitTimeout how long a request waits for its events to become durable before it is answered 503
 * @param retryAfter what {@code Retry-After} tells a client that got 503
 */
@ConfigurationProperties("measureme.ingest")
public record IngestProperties(
        @DefaultValue("10s") Duration commitTimeout,
        @DefaultValue("1s") Duration retryAfter) {

    public IngestProperties {
        if (commitTimeout.isNegative() || commitTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "measureme.ingest.commit-timeout must be > 0 (got " + commitTimeout + ")");
        }
        if (retryAfter.toSeconds() < 1) {
            throw new IllegalArgumentException("measureme.ingest.retry-after must be >= 1s (got " + retryAfter + ")");
        }
    }
}
