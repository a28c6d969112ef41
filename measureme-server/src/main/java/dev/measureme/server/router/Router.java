package dev.measureme.server.router;

import dev.measureme.core.account.User;
import dev.measureme.core.event.IngestBatch;
import dev.measureme.core.event.RoutedBatch;
import dev.measureme.core.partition.Partitioner;
import dev.measureme.core.port.AccountStore;
import dev.measureme.core.port.EventBus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router role: consumes ingest messages, attaches the user's timezone and sends each batch to the work
 * partition of its user.
 *
 * <p><b>Acknowledgement.</b> The stage returned for an ingest message completes when the work message is
 * durable, so the bus acknowledges the input only after its output is safe (DESIGN.md §5).
 *
 * <p><b>Timezones</b> are cached for {@code zoneTtl}; a changed zone reaches new events within that time.
 */
public final class Router {

    private static final Logger log = LoggerFactory.getLogger(Router.class);

    private record CachedZone(ZoneId zone, Instant loadedAt) {}

    private final EventBus bus;
    private final AccountStore accounts;
    private final Clock clock;
    private final Duration zoneTtl;
    private final ConcurrentHashMap<String, CachedZone> zones = new ConcurrentHashMap<>();

    Router(EventBus bus, AccountStore accounts, Clock clock, Duration zoneTtl) {
        this.bus = bus;
        this.accounts = accounts;
        this.clock = clock;
        this.zoneTtl = zoneTtl;
    }

    void start() {
        bus.consumeIngest(this::route);
    }

    CompletionStage<Void> route(IngestBatch batch) {
        int partition = Partitioner.partition(batch.user(), bus.partitions());
        return bus.publishWork(partition, new RoutedBatch(batch, zoneOf(batch.user())));
    }

    private ZoneId zoneOf(String user) {
        Instant now = clock.instant();
        CachedZone cached = zones.get(user);
        if (cached != null && cached.loadedAt.plus(zoneTtl).isAfter(now)) {
            return cached.zone;
        }
        ZoneId zone = accounts.user(user).map(User::zone).orElseGet(() -> {
            log.warn("unknown user, routing with UTC user={}", user);
            return ZoneOffset.UTC;
        });
        zones.put(user, new CachedZone(zone, now));
        return zone;
    }
}
