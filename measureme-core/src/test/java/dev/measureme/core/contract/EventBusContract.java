package dev.measureme.core.contract;

import static dev.measureme.core.contract.ContractEvents.T0;
import static dev.measureme.core.contract.ContractEvents.anEvent;
import static dev.measureme.core.contract.ContractEvents.batchOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.measureme.core.event.Event;
import dev.measureme.core.event.IngestBatch;
import dev.measureme.core.event.RoutedBatch;
import dev.measureme.core.port.EventBus;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EventBus} adapter must do (DESIGN.md §2, §5), written once and run against each adapter.
 *
 * <p>Only what holds for every backend is here: a publish completes once its consumer acknowledged it,
 * every message arrives, a partition's messages arrive in publish order and one handler call at a time, and
 * live events reach every listener. How a publish relates to its consumer's outcome differs by backend (in
 * one process a publish completes when the consumer does; with a broker, when the broker confirms), so
 * those rules are tested beside each adapter.
 *
 * <p>A subclass supplies a fresh bus with a few partitions (four suit) per test, and closes it in {@link
 * #close()}, which the contract calls after each test.
 */
public abstract class EventBusContract {

    /** How long a test waits for a message that should arrive. */
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    /** Messages the delivery tests publish. */
    private static final int MANY = 200;

    /** Ingest messages published before waiting for them: fewer than any ingest queue should hold. */
    private static final int WINDOW = 8;

    /** The bus under test: fresh for every test, the same instance within one test, no consumers yet. */
    protected abstract EventBus bus();

    /** Releases the bus of the test that just ran. */
    protected abstract void close();

    @AfterEach
    void closeBus() {
        close();
    }

    // ---- ingest --------------------------------------------------------------------------------------

    @Test
    void publishIngest_whenConsumerAcknowledges_deliversTheBatchAndCompletes() throws Exception {
        List<IngestBatch> received = new CopyOnWriteArrayList<>();
        bus().consumeIngest(message -> {
            received.add(message);
            return CompletableFuture.completedFuture(null);
        });
        IngestBatch batch = ingestMessage(0);

        bus().publishIngest(batch).toCompletableFuture().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

        await().atMost(PATIENCE).until(() -> !received.isEmpty());
        assertThat(received).containsExactly(batch);
    }

    @Test
    void publishIngest_whenManyPublished_deliversEveryMessage() throws Exception {
        Set<String> received = ConcurrentHashMap.newKeySet();
        AtomicInteger deliveries = new AtomicInteger();
        bus().consumeIngest(message -> {
            received.add(message.events().getFirst().id());
            deliveries.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        });

        // In windows, so that a bus that refuses when full (as ingest may, with 503) is not overrun.
        for (int window = 0; window < MANY; window += WINDOW) {
            List<CompletableFuture<Void>> published = IntStream.range(window, Math.min(window + WINDOW, MANY))
                    .mapToObj(i -> bus().publishIngest(ingestMessage(i)).toCompletableFuture())
                    .toList();
            CompletableFuture.allOf(published.toArray(CompletableFuture[]::new))
                    .get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        }

        await().atMost(PATIENCE).until(() -> received.size() == MANY);
        assertThat(received).containsExactlyInAnyOrderElementsOf(ids(MANY));
        assertThat(deliveries).as("deliveries without any failure").hasValue(MANY);
    }

    // ---- work ----------------------------------------------------------------------------------------

    @Test
    void publishWork_toEachPartition_reachesTheWorkConsumer() throws Exception {
        int partitions = bus().partitions();
        List<RoutedBatch> received = new CopyOnWriteArrayList<>();
        bus().consumeWork((messages, redelivered) -> {
            received.addAll(messages);
            return CompletableFuture.completedFuture(null);
        });
        List<RoutedBatch> sent =
                IntStream.range(0, partitions).mapToObj(p -> workMessage(p, 0)).toList();

        for (int p = 0; p < partitions; p++) {
            bus().publishWork(p, sent.get(p)).toCompletableFuture().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        }

        await().atMost(PATIENCE).until(() -> received.size() >= partitions);
        assertThat(received).containsExactlyInAnyOrderElementsOf(sent);
    }

    @Test
    void publishWork_whenManyToOnePartition_deliversThemInPublishOrderOneCallAtATime() throws Exception {
        int partitions = bus().partitions();
        Map<Integer, List<Integer>> sequences = new ConcurrentHashMap<>();
        Map<Integer, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        List<String> violations = new CopyOnWriteArrayList<>();
        bus().consumeWork((messages, redelivered) -> {
            Set<Integer> partitionsOfCall = Set.copyOf(
                    messages.stream().map(EventBusContract::partitionOf).toList());
            if (partitionsOfCall.size() != 1) {
                violations.add("one call held partitions " + partitionsOfCall);
            }
            int partition = partitionOf(messages.getFirst());
            AtomicInteger running = inFlight.computeIfAbsent(partition, p -> new AtomicInteger());
            if (running.incrementAndGet() > 1) {
                violations.add("partition " + partition + " handled by two calls at once");
            }
            for (RoutedBatch message : messages) {
                sequences
                        .computeIfAbsent(partitionOf(message), p -> new CopyOnWriteArrayList<>())
                        .add(sequenceOf(message));
            }
            running.decrementAndGet();
            return CompletableFuture.completedFuture(null);
        });
        int perPartition = MANY / partitions;

        List<CompletableFuture<Void>> published = new ArrayList<>();
        for (int seq = 0; seq < perPartition; seq++) {
            for (int p = 0; p < partitions; p++) {
                published.add(bus().publishWork(p, workMessage(p, seq)).toCompletableFuture());
            }
        }

        CompletableFuture.allOf(published.toArray(CompletableFuture[]::new))
                .get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        await().atMost(PATIENCE)
                .until(() -> sequences.values().stream().mapToInt(List::size).sum() >= perPartition * partitions);
        List<Integer> inOrder = IntStream.range(0, perPartition).boxed().toList();
        for (int p = 0; p < partitions; p++) {
            assertThat(sequences.get(p)).as("partition %d", p).containsExactlyElementsOf(inOrder);
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void publishWork_whenManyAcrossPartitions_deliversEveryMessage() throws Exception {
        int partitions = bus().partitions();
        Set<String> received = ConcurrentHashMap.newKeySet();
        AtomicInteger deliveries = new AtomicInteger();
        bus().consumeWork((messages, redelivered) -> {
            messages.forEach(m -> received.add(m.batch().events().getFirst().id()));
            deliveries.addAndGet(messages.size());
            return CompletableFuture.completedFuture(null);
        });

        List<CompletableFuture<Void>> published = IntStream.range(0, MANY)
                .mapToObj(i -> bus().publishWork(i % partitions, workMessage(i % partitions, i))
                        .toCompletableFuture())
                .toList();

        CompletableFuture.allOf(published.toArray(CompletableFuture[]::new))
                .get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        await().atMost(PATIENCE).until(() -> received.size() == MANY);
        assertThat(received).containsExactlyInAnyOrderElementsOf(ids(MANY));
        assertThat(deliveries).as("deliveries without any failure").hasValue(MANY);
    }

    // ---- live ----------------------------------------------------------------------------------------

    @Test
    void publishLive_whenListening_reachesEveryListener() {
        List<Event> first = new CopyOnWriteArrayList<>();
        List<Event> second = new CopyOnWriteArrayList<>();
        bus().consumeLive(first::addAll);
        bus().consumeLive(second::addAll);
        List<Event> events = List.of(
                anEvent("ann", "e1").build(),
                anEvent("ann", "e2").at(T0.plusSeconds(1)).build());

        bus().publishLive(events);

        await().atMost(PATIENCE).until(() -> first.size() >= 2 && second.size() >= 2);
        assertThat(first).containsExactlyElementsOf(events);
        assertThat(second).containsExactlyElementsOf(events);
    }

    @Test
    void publishLive_whenPublishedInTurn_deliversEachUpdate() {
        List<List<Event>> updates = new CopyOnWriteArrayList<>();
        bus().consumeLive(updates::add);

        for (int i = 0; i < 10; i++) {
            bus().publishLive(List.of(anEvent("ann", "e" + i).build()));
        }

        await().atMost(PATIENCE).until(() -> updates.size() >= 10);
        assertThat(updates)
                .flatExtracting(u -> u)
                .extracting(Event::id)
                .containsExactlyElementsOf(
                        IntStream.range(0, 10).mapToObj(i -> "e" + i).toList());
    }

    // ---- messages ------------------------------------------------------------------------------------

    /** An ingest message whose one event has id {@code m-<seq>}. */
    protected static IngestBatch ingestMessage(int seq) {
        return batchOf("ann", List.of(anEvent("ann", id(seq)).build()));
    }

    /** A work message for {@code partition} whose user names the partition and whose event id its sequence. */
    protected static RoutedBatch workMessage(int partition, int seq) {
        String user = "user-p" + partition;
        return new RoutedBatch(batchOf(user, List.of(anEvent(user, id(seq)).build())), ZoneOffset.UTC);
    }

    private static int partitionOf(RoutedBatch message) {
        return Integer.parseInt(message.batch().user().substring("user-p".length()));
    }

    private static int sequenceOf(RoutedBatch message) {
        return Integer.parseInt(message.batch().events().getFirst().id().substring("m-".length()));
    }

    private static String id(int seq) {
        return "m-%03d".formatted(seq);
    }

    private static List<String> ids(int count) {
        return IntStream.range(0, count).mapToObj(EventBusContract::id).toList();
    }
}
