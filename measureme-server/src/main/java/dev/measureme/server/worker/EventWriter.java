package dev.measureme.server.worker;

import dev.measureme.core.event.Event;
import dev.measureme.core.event.RoutedBatch;
import dev.measureme.core.port.EventBus;
import dev.measureme.core.port.EventStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The worker role: stores each batch of work messages with its aggregate deltas in one transaction, then
 * publishes the new events live.
 *
 * <p><b>Acknowledgement.</b> The returned stage completes after the commit, so a message is acknowledged
 * only once its effects are durable. A redelivered message is deduplicated by the store and its events are
 * not published live a second time.
 */
public final class EventWriter {

    private final EventBus bus;
    private final EventStore store;
    private final Counter stored;
    private final Counter duplicates;

    EventWriter(EventBus bus, EventStore store, MeterRegistry meters) {
        this.bus = bus;
        this.store = store;
        this.stored = meters.counter("measureme.worker.events", "outcome", "stored");
        this.duplicates = meters.counter("measureme.worker.events", "outcome", "duplicate");
    }

    void start() {
        bus.consumeWork(this::write);
    }

    CompletionStage<Void> write(List<RoutedBatch> batches) {
        List<Event> fresh = store.store(batches);
        int received = batches.stream().mapToInt(b -> b.batch().events().size()).sum();
        stored.increment(fresh.size());
        duplicates.increment(received - fresh.size());
        if (!fresh.isEmpty()) {
            bus.publishLive(fresh);
        }
        return CompletableFuture.completedFuture(null);
    }
}
