package dev.measureme.server.worker;

import dev.measureme.core.bucket.Bucketing;
import dev.measureme.core.event.Event;
import dev.measureme.core.event.RoutedBatch;
import dev.measureme.core.port.AccountStore;
import dev.measureme.core.port.BackendUnavailableException;
import dev.measureme.core.port.BucketCache;
import dev.measureme.core.port.EventBus;
import dev.measureme.core.port.EventStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The worker role: stores each batch of work messages with its aggregate deltas in one transaction, refreshes
 * the serving copy of the buckets it touched (when there is one), then publishes the new events live.
 *
 * <p><b>Acknowledgement.</b> The returned stage completes after the commit and the refresh, so a message is
 * acknowledged only once its effects are durable and served. A redelivered message is deduplicated by the
 * store, its events are not published live a second time, and the refresh re-reads every bucket the message
 * touches, new events or not, so a copy that a crash left stale is repaired by the redelivery.
 *
 * <p><b>Failure.</b> A cache that cannot be written is reported as {@link BackendUnavailableException}: the
 * message is retried, not acknowledged with a stale copy.
 */
public final class EventWriter {

    private final EventBus bus;
    private final EventStore store;
    private final AccountStore accounts;
    private final Optional<BucketCache> cache;
    private final Counter stored;
    private final Counter duplicates;

    EventWriter(
            EventBus bus, EventStore store, AccountStore accounts, Optional<BucketCache> cache, MeterRegistry meters) {
        this.bus = bus;
        this.accounts = accounts;
        this.store = store;
        this.cache = cache;
        this.stored = meters.counter("measureme.worker.events", "outcome", "stored");
        this.duplicates = meters.counter("measureme.worker.events", "outcome", "duplicate");
    }

    void start() {
        bus.consumeWork(this::write);
    }

    CompletionStage<Void> write(List<RoutedBatch> batches, boolean redelivered) {
        List<Event> fresh = store.store(batches);
        int received = batches.stream().mapToInt(b -> b.batch().events().size()).sum();
        stored.increment(fresh.size());
        duplicates.increment(received - fresh.size());
        cache.ifPresent(copy -> refresh(copy, batches));
        List<Event> live = redelivered ? everyEventOnce(batches) : fresh;
        if (!live.isEmpty()) {
            bus.publishLive(live);
        }
        return CompletableFuture.completedFuture(null);
    }

    /**
     * A redelivered message may have been committed by a worker that died before it published live, so its
     * events go out again: the live feed is at-least-once for them, and viewers keep each id once.
     */
    private static List<Event> everyEventOnce(List<RoutedBatch> batches) {
        Map<String, Event> byId = new LinkedHashMap<>();
        for (RoutedBatch routed : batches) {
            routed.batch().events().forEach(e -> byId.putIfAbsent(e.user() + '\n' + e.id(), e));
        }
        return List.copyOf(byId.values());
    }

    /**
     * Rewrites the buckets the batches touched. They are the buckets of the user's zone now, which the store
     * bucketed in: the router's zone may be older, by up to its cache's age, after a zone change.
     */
    private void refresh(BucketCache copy, List<RoutedBatch> batches) {
        try {
            List<RoutedBatch> inStoredZones = batches.stream()
                    .map(b -> accounts.user(b.batch().user())
                            .map(user -> new RoutedBatch(b.batch(), user.zone()))
                            .orElse(b))
                    .toList();
            copy.put(store.buckets(Bucketing.touched(inStoredZones)));
        } catch (RuntimeException e) {
            throw new BackendUnavailableException("refresh the bucket cache after commit: " + e.getMessage(), e);
        }
    }
}
