package dev.measureme.server.adapter.embedded;

import dev.measureme.core.event.Event;
import dev.measureme.core.event.IngestBatch;
import dev.measureme.core.event.RoutedBatch;
import dev.measureme.core.port.BackendUnavailableException;
import dev.measureme.core.port.EventBus;
import dev.measureme.core.port.QueueGauge;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event bus of a single process: bounded in-memory queues between the roles.
 *
 * <p><b>How it works.</b> There is one ingest queue, P work queues and one live queue. A publish to the
 * ingest or a work queue completes when the consumer acknowledges the message, that is, when the stage the
 * consumer returned completes. Since the worker acknowledges only after its transaction committed, and the
 * router only after its work messages were acknowledged, an ingest publish completes exactly when its
 * events are committed: in one process, "durable" means "committed" (DESIGN.md §4).
 *
 * <p><b>Backpressure.</b> Nothing is dropped. A full ingest queue refuses the publish at once with {@link
 * BackendUnavailableException}, which ingest answers with 503 and {@code Retry-After}. A full work queue
 * blocks the router's publish for up to {@code publishTimeout}, which in turn fills the ingest queue.
 *
 * <p><b>Concurrency.</b> One thread consumes the ingest queue and one thread each work partition, so a
 * partition's messages are handled in order by one handler at a time. The worker thread drains up to
 * {@code maxBatchMessages} waiting messages into one handler call: that is the group commit. Live messages
 * are handed to listeners on their own thread, so a slow WebSocket never stalls a worker; when the live
 * queue is full the oldest updates are the ones not shown (the feed is best-effort, the store is not).
 *
 * <p><b>Failure.</b> A handler failure fails the publisher's stage, so the client gets 503 and retries; its
 * retry is deduplicated by (user, id). A failed multi-message batch is retried one message at a time, so one
 * bad message fails only its own request.
 *
 * <p><b>Load.</b> As a {@link QueueGauge} it reports each queue's size and capacity as they are at the call,
 * and one consumer per consuming thread. A message a consumer has taken is no longer counted, though its
 * publisher still waits for it. There is no dead-letter queue: a failure fails its own request instead.
 */
public final class EmbeddedEventBus implements EventBus, QueueGauge, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedEventBus.class);

    private record Envelope<T>(T message, CompletableFuture<Void> acked) {}

    private final EmbeddedBusProperties properties;
    private final int partitions;
    private final BlockingQueue<Envelope<IngestBatch>> ingest;
    private final List<BlockingQueue<Envelope<RoutedBatch>>> work;
    private final BlockingQueue<List<Event>> live;
    private final List<Consumer<List<Event>>> liveListeners = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final AtomicInteger ingestConsumers = new AtomicInteger();
    /** Consumers of each work partition: every {@link #consumeWork} call starts one thread per partition. */
    private final AtomicInteger workConsumers = new AtomicInteger();

    private volatile boolean accepting = true;
    private volatile boolean running = true;

    public EmbeddedEventBus(int partitions, EmbeddedBusProperties properties) {
        this.partitions = partitions;
        this.properties = properties;
        this.ingest = new ArrayBlockingQueue<>(properties.ingestCapacity());
        this.work = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            work.add(new ArrayBlockingQueue<>(properties.workCapacity()));
        }
        this.live = new ArrayBlockingQueue<>(properties.liveCapacity());
        start("live", this::dispatchLive);
    }

    @Override
    public int partitions() {
        return partitions;
    }

    @Override
    public CompletionStage<Void> publishIngest(IngestBatch batch) {
        if (!accepting) {
            return CompletableFuture.failedFuture(new BackendUnavailableException("shutting down"));
        }
        Envelope<IngestBatch> envelope = new Envelope<>(batch, new CompletableFuture<>());
        if (!ingest.offer(envelope)) {
            return CompletableFuture.failedFuture(
                    new BackendUnavailableException("ingest queue full capacity=" + properties.ingestCapacity()));
        }
        return envelope.acked;
    }

    @Override
    public void consumeIngest(MessageHandler<IngestBatch> handler) {
        ingestConsumers.incrementAndGet();
        start("router", () -> {
            Envelope<IngestBatch> envelope = ingest.poll(100, TimeUnit.MILLISECONDS);
            if (envelope != null) {
                handleAsync(handler, envelope);
            }
        });
    }

    @Override
    public CompletionStage<Void> publishWork(int partition, RoutedBatch batch) {
        Envelope<RoutedBatch> envelope = new Envelope<>(batch, new CompletableFuture<>());
        try {
            Duration timeout = properties.publishTimeout();
            if (!work.get(partition).offer(envelope, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return CompletableFuture.failedFuture(new BackendUnavailableException(
                        "work partition full partition=" + partition + " timeout=" + timeout));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(new BackendUnavailableException("interrupted", e));
        }
        return envelope.acked;
    }

    @Override
    public void consumeWork(WorkHandler handler) {
        workConsumers.incrementAndGet();
        for (int p = 0; p < partitions; p++) {
            BlockingQueue<Envelope<RoutedBatch>> queue = work.get(p);
            start("worker-" + p, () -> {
                Envelope<RoutedBatch> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    return;
                }
                List<Envelope<RoutedBatch>> drained = new ArrayList<>();
                drained.add(first);
                queue.drainTo(drained, properties.maxBatchMessages() - 1);
                handleBatch(handler, drained, false);
            });
        }
    }

    @Override
    public void publishLive(List<Event> events) {
        if (!live.offer(events)) {
            live.poll();
            live.offer(events);
        }
    }

    @Override
    public void consumeLive(Consumer<List<Event>> listener) {
        liveListeners.add(listener);
    }

    @Override
    public BusLoad read() {
        List<QueueLoad> queues = new ArrayList<>(partitions + 1);
        queues.add(new QueueLoad("ingest", Stage.INGEST, null, ingest.size(), ingestConsumers.get(), (long)
                properties.ingestCapacity()));
        for (int p = 0; p < partitions; p++) {
            queues.add(new QueueLoad("work." + p, Stage.WORK, p, work.get(p).size(), workConsumers.get(), (long)
                    properties.workCapacity()));
        }
        return new BusLoad(Mode.EMBEDDED, partitions, queues);
    }

    /** Stops taking new ingest messages, lets the queues drain for up to {@code drainTimeout}, then stops. */
    @Override
    public void close() {
        accepting = false;
        long deadline = System.nanoTime() + properties.drainTimeout().toNanos();
        while (System.nanoTime() < deadline && !drained()) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        running = false;
        for (Thread thread : threads) {
            thread.interrupt();
        }
    }

    private boolean drained() {
        return ingest.isEmpty() && work.stream().allMatch(BlockingQueue::isEmpty);
    }

    private static <T> void handleAsync(MessageHandler<T> handler, Envelope<T> envelope) {
        try {
            handler.handle(envelope.message).whenComplete((ok, failure) -> settle(envelope, failure));
        } catch (RuntimeException e) {
            settle(envelope, e);
        }
    }

    private static void handleBatch(WorkHandler handler, List<Envelope<RoutedBatch>> batch, boolean retry) {
        try {
            handler.handle(batch.stream().map(Envelope::message).toList(), retry)
                    .toCompletableFuture()
                    .join();
            batch.forEach(envelope -> settle(envelope, null));
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                settle(batch.getFirst(), e);
                return;
            }
            log.warn("batch failed, retrying one message at a time messages={} cause={}", batch.size(), e.toString());
            for (Envelope<RoutedBatch> envelope : batch) {
                handleBatch(handler, List.of(envelope), true);
            }
        }
    }

    private static void settle(Envelope<?> envelope, Throwable failure) {
        if (failure == null) {
            envelope.acked.complete(null);
        } else {
            envelope.acked.completeExceptionally(failure);
        }
    }

    private void dispatchLive() throws InterruptedException {
        List<Event> events = live.poll(100, TimeUnit.MILLISECONDS);
        if (events == null) {
            return;
        }
        for (Consumer<List<Event>> listener : liveListeners) {
            try {
                listener.accept(events);
            } catch (RuntimeException e) {
                log.warn("live listener failed cause={}", e.toString());
            }
        }
    }

    private interface Step {
        void run() throws InterruptedException;
    }

    private void start(String name, Step step) {
        Thread thread = Thread.ofPlatform().name("bus-" + name).daemon(true).start(() -> {
            while (running) {
                try {
                    step.run();
                } catch (InterruptedException e) {
                    if (!running) {
                        return;
                    }
                } catch (RuntimeException e) {
                    log.error(
                            "bus thread failed thread={}",
                            Thread.currentThread().getName(),
                            e);
                }
            }
        });
        threads.add(thread);
    }
}
