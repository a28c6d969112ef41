package dev.measureme.server.ingest;

import dev.measureme.core.event.EventLimits;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The ingest role's settings ({@code measureme.ingest.*}).
 *
 * @param commitTimeout how long a request waits for its events to become durable before it is answered 503
 * @param retryAfter what {@code Retry-After} tells a client that got 503
 * @param keyEventsPerSecond events one API key may send a second, on average, to one ingest process
 * @param keyBurst events one API key may send at once (at least one full request, 1,000 events)
 */
@ConfigurationProperties("measureme.ingest")
public record IngestProperties(
        @DefaultValue("10s") Duration commitTimeout,
        @DefaultValue("1s") Duration retryAfter,
        @DefaultValue("10000") int keyEventsPerSecond,
        @DefaultValue("50000") int keyBurst) {

    public IngestProperties {
        if (commitTimeout.isNegative() || commitTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "measureme.ingest.commit-timeout must be > 0 (got " + commitTimeout + ")");
        }
        if (retryAfter.toSeconds() < 1) {
            throw new IllegalArgumentException("measureme.ingest.retry-after must be >= 1s (got " + retryAfter + ")");
        }
        if (keyEventsPerSecond < 1) {
            throw new IllegalArgumentException(
                    "measureme.ingest.key-events-per-second must be > 0 (got " + keyEventsPerSecond + ")");
        }
        if (keyBurst < EventLimits.MAX_EVENTS_PER_REQUEST) {
            throw new IllegalArgumentException("measureme.ingest.key-burst must be >= "
                    + EventLimits.MAX_EVENTS_PER_REQUEST + " (got " + keyBurst + ")");
        }
    }
}
