package dev.measureme.core.port;

import dev.measureme.core.event.Event;
import dev.measureme.core.event.IngestBatch;
import dev.measureme.core.event.RoutedBatch;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The three channels between the roles (DESIGN.md §2): ingest → router, router → worker partitions, worker
 * → api (live). Roles talk only through this port, so the wiring in one process is the wiring across
 * machines.
 *
 * <p><b>Delivery.</b> Ingest and work messages are delivered at least once. A publish completes once the
 * message is durable (confirmed by the broker, or in one process, handled by its consumer), and fails with
 * {@link BackendUnavailableException} when it cannot be made durable now. A consumer's returned stage
 * acknowledges the message when it completes normally; an exceptional completion hands it back for
 * redelivery. Live messages are best-effort and never block the pipeline.
 */
public interface EventBus {

    /** The number of work partitions, P. */
    int partitions();

    CompletionStage<Void> publishIngest(IngestBatch batch);

    void consumeIngest(MessageHandler<IngestBatch> handler);

    CompletionStage<Void> publishWork(int partition, RoutedBatch batch);

    /**
     * Consumes the work partitions. Each call of the handler receives messages of one partition, in order,
     * and one partition is handled by at most one handler at a time.
     */
    void consumeWork(WorkHandler handler);

    void publishLive(List<Event> events);

    void consumeLive(Consumer<List<Event>> listener);

    /** Handles work messages; they are acknowledged when the returned stage completes normally. */
    @FunctionalInterface
    interface WorkHandler {
        /**
         * @param messages messages of one partition, in order
         * @param redelivered whether these messages may have been handled before (a broker redelivery, or a
         *     retry after a failure): their stored effects may then exist already while their live updates
         *     were never sent, so a handler that deduplicates must still publish them
         */
        CompletionStage<Void> handle(List<RoutedBatch> messages, boolean redelivered);
    }

    /** Handles a message; the message is acknowledged when the returned stage completes normally. */
    @FunctionalInterface
    interface MessageHandler<T> {
        CompletionStage<Void> handle(T message);
    }
}
