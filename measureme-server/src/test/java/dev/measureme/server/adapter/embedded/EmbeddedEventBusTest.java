package dev.measureme.server.adapter.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.measureme.core.contract.EventBusContract;
import dev.measureme.core.event.RoutedBatch;
import dev.measureme.core.port.BackendUnavailableException;
import dev.measureme.core.port.EventBus;
import dev.measureme.core.port.QueueGauge.BusLoad;
import dev.measureme.core.port.QueueGauge.Mode;
import dev.measureme.core.port.QueueGauge.QueueLoad;
import dev.measureme.core.port.QueueGauge.Stage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The event bus contract against {@link EmbeddedEventBus}, plus what only the in-process bus promises: a
 * publish completes when its consumer does, and fails when the consumer fails.
 */
class EmbeddedEventBusTest extends EventBusContract {

    private static final int PARTITIONS = 4;
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final List<EmbeddedEventBus> opened = new ArrayList<>();
    private EmbeddedEventBus bus;

    @BeforeEach
    void openBus() {
        bus = open(16, 8);
    }

    @Override
    protected EventBus bus() {
        return bus;
    }

    @Override
    protected void close() {
        opened.forEach(EmbeddedEventBus::close);
    }

    @Test
    void publishIngest_beforeConsumerStageCompletes_isNotDone() throws Exception {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        CompletableFuture<Void> handed = new CompletableFuture<>();
        bus.consumeIngest(message -> {
            handed.complete(null);
            return gate;
        });

        CompletableFuture<Void> published = bus.publishIngest(ingestMessage(0)).toCompletableFuture();
        handed.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

        assertThat(published).isNotDone();
        gate.complete(null);
        published.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(published).isCompletedWithValue(null);
    }

    @Test
    void publishIngest_whenConsumerStageFails_failsThePublisher() {
        IllegalStateException failure = new IllegalStateException("store down");
        bus.consumeIngest(message -> CompletableFuture.failedFuture(failure));

        CompletableFuture<Void> published = bus.publishIngest(ingestMessage(0)).toCompletableFuture();

        assertThatThrownBy(() -> published.get(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                .hasCause(failure);
    }

    @Test
    void publishIngest_whenConsumerThrows_failsThePublisher() {
        IllegalStateException failure = new IllegalStateException("router bug");
        bus.consumeIngest(message -> {
            throw failure;
        });

        CompletableFuture<Void> published = bus.publishIngest(ingestMessage(0)).toCompletableFuture();

        assertThatThrownBy(() -> published.get(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                .hasCause(failure);
    }

    @Test
    void publishWork_beforeConsumerStageCompletes_isNotDone() throws Exception {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        CompletableFuture<Void> handed = new CompletableFuture<>();
        bus.consumeWork((messages, redelivered) -> {
            handed.complete(null);
            return gate;
        });

        CompletableFuture<Void> published =
                bus.publishWork(2, workMessage(2, 0)).toCompletableFuture();
        handed.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

        assertThat(published).isNotDone();
        gate.complete(null);
        published.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(published).isCompletedWithValue(null);
    }

    @Test
    void publishWork_whenConsumerFails_failsThePublisher() {
        bus.consumeWork(
                (messages, redelivered) -> CompletableFuture.failedFuture(new IllegalStateException("store down")));

        CompletableFuture<Void> published =
                bus.publishWork(1, workMessage(1, 0)).toCompletableFuture();

        assertThatThrownBy(() -> published.get(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                .rootCause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("store down");
    }

    @Test
    void publishIngest_whenQueueFull_refusesAtOnce() {
        EmbeddedEventBus tight = open(1, 8);
        CompletableFuture<Void> waiting = tight.publishIngest(ingestMessage(0)).toCompletableFuture();

        CompletableFuture<Void> refused = tight.publishIngest(ingestMessage(1)).toCompletableFuture();

        assertThat(refused).isCompletedExceptionally();
        assertThatThrownBy(refused::join)
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("ingest queue full");
        assertThat(waiting).isNotDone();

        tight.consumeIngest(message -> CompletableFuture.completedFuture(null));
        await().atMost(PATIENCE).until(waiting::isDone);
        assertThat(waiting).isCompletedWithValue(null);
        assertThat(tight.publishIngest(ingestMessage(2)).toCompletableFuture()).succeedsWithin(PATIENCE);
    }

    @Test
    void publishIngest_afterClose_refusesAtOnce() {
        bus.close();

        CompletableFuture<Void> refused = bus.publishIngest(ingestMessage(0)).toCompletableFuture();

        assertThat(refused).isCompletedExceptionally();
        assertThatThrownBy(refused::join).cause().isInstanceOf(BackendUnavailableException.class);
    }

    @Test
    void consumeWork_whenBatchOfManyFails_retriesOneAtATimeSoOnlyTheBadPublisherFails() {
        RoutedBatch good1 = workMessage(3, 1);
        RoutedBatch bad = workMessage(3, 2);
        RoutedBatch good3 = workMessage(3, 3);
        // Published before anyone consumes, so that the worker drains all three into one call.
        CompletableFuture<Void> published1 = bus.publishWork(3, good1).toCompletableFuture();
        CompletableFuture<Void> publishedBad = bus.publishWork(3, bad).toCompletableFuture();
        CompletableFuture<Void> published3 = bus.publishWork(3, good3).toCompletableFuture();
        List<List<RoutedBatch>> calls = new CopyOnWriteArrayList<>();

        bus.consumeWork((messages, redelivered) -> {
            calls.add(messages);
            return messages.contains(bad)
                    ? CompletableFuture.failedFuture(new IllegalStateException("poison"))
                    : CompletableFuture.completedFuture(null);
        });

        assertThat(published1).succeedsWithin(PATIENCE);
        assertThat(published3).succeedsWithin(PATIENCE);
        assertThat(publishedBad).failsWithin(PATIENCE);
        assertThat(calls).containsExactly(List.of(good1, bad, good3), List.of(good1), List.of(bad), List.of(good3));
    }

    @Test
    void read_beforeAnyConsumer_listsTheIngestQueueAndEveryPartitionEmpty() {
        BusLoad load = bus.read();

        assertThat(load.mode()).isEqualTo(Mode.EMBEDDED);
        assertThat(load.partitions()).isEqualTo(PARTITIONS);
        assertThat(load.deadLetters()).isZero();
        assertThat(load.queues())
                .containsExactly(
                        new QueueLoad("ingest", Stage.INGEST, null, 0, 0, 16L),
                        new QueueLoad("work.0", Stage.WORK, 0, 0, 0, 16L),
                        new QueueLoad("work.1", Stage.WORK, 1, 0, 0, 16L),
                        new QueueLoad("work.2", Stage.WORK, 2, 0, 0, 16L),
                        new QueueLoad("work.3", Stage.WORK, 3, 0, 0, 16L));
    }

    @Test
    void read_whileTheWorkerIsBlocked_countsTheMessagesWaitingBehindIt() throws Exception {
        CountDownLatch handling = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        bus.consumeWork((messages, redelivered) -> {
            handling.countDown();
            blockUntil(release);
            return CompletableFuture.completedFuture(null);
        });
        List<CompletableFuture<Void>> published = new ArrayList<>();
        published.add(bus.publishWork(2, workMessage(2, 0)).toCompletableFuture());
        assertThat(handling.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();

        for (int seq = 1; seq <= 3; seq++) {
            published.add(bus.publishWork(2, workMessage(2, seq)).toCompletableFuture());
        }

        // The first message is in the worker's hands, so only the three behind it wait.
        assertThat(bus.read().queues())
                .filteredOn(queue -> queue.stage() == Stage.WORK)
                .extracting(QueueLoad::messages, QueueLoad::consumers)
                .containsExactly(tuple(0L, 1L), tuple(0L, 1L), tuple(3L, 1L), tuple(0L, 1L));
        release.countDown();
        assertThat(CompletableFuture.allOf(published.toArray(CompletableFuture[]::new)))
                .succeedsWithin(PATIENCE);
        assertThat(bus.read().queues())
                .allSatisfy(queue -> assertThat(queue.messages()).isZero());
    }

    @Test
    void read_whileTheRouterIsBlocked_countsTheIngestMessagesWaiting() throws Exception {
        CountDownLatch routing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        bus.consumeIngest(message -> {
            routing.countDown();
            blockUntil(release);
            return CompletableFuture.completedFuture(null);
        });
        List<CompletableFuture<Void>> published = new ArrayList<>();
        published.add(bus.publishIngest(ingestMessage(0)).toCompletableFuture());
        assertThat(routing.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();

        published.add(bus.publishIngest(ingestMessage(1)).toCompletableFuture());
        published.add(bus.publishIngest(ingestMessage(2)).toCompletableFuture());

        assertThat(bus.read().queues().getFirst()).isEqualTo(new QueueLoad("ingest", Stage.INGEST, null, 2, 1, 16L));
        release.countDown();
        assertThat(CompletableFuture.allOf(published.toArray(CompletableFuture[]::new)))
                .succeedsWithin(PATIENCE);
        assertThat(bus.read().queues().getFirst().messages()).isZero();
    }

    /** Blocks a bus thread the way a slow transaction would, until the test lets it go. */
    private static void blockUntil(CountDownLatch release) {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while blocked", e);
        }
    }

    private EmbeddedEventBus open(int ingestCapacity, int maxBatchMessages) {
        EmbeddedEventBus opening = new EmbeddedEventBus(
                PARTITIONS,
                new EmbeddedBusProperties(
                        ingestCapacity, 16, maxBatchMessages, Duration.ofSeconds(5), 64, Duration.ofSeconds(2)));
        opened.add(opening);
        return opening;
    }
}
