package dev.measureme.server.adapter.rabbit;

import static dev.measureme.core.contract.ContractEvents.anEvent;
import static dev.measureme.core.contract.ContractEvents.batchOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.measureme.core.contract.EventBusContract;
import dev.measureme.core.event.IngestBatch;
import dev.measureme.core.port.BackendUnavailableException;
import dev.measureme.core.port.EventBus;
import dev.measureme.core.port.QueueGauge.BusLoad;
import dev.measureme.core.port.QueueGauge.Mode;
import dev.measureme.core.port.QueueGauge.QueueLoad;
import dev.measureme.core.port.QueueGauge.Stage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * The event bus contract against {@link RabbitEventBus} on the real RabbitMQ (127.0.0.1:5672), each test on
 * its own topology (a fresh name prefix), plus what only the broker does: group commit, confirms, fast
 * failure when the broker is unreachable, in-place retry, and dead-lettering; and the queue gauge of
 * {@link RabbitOperations}, which must count what the broker holds.
 */
class RabbitEventBusIT extends EventBusContract {

    private static final int PARTITIONS = 4;
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final List<Runnable> cleanups = new ArrayList<>();
    private RabbitEventBus bus;
    private RabbitAdmin admin;
    private RabbitTopology topology;
    private RabbitOperations operations;

    @BeforeEach
    void openBus() {
        bus = open("127.0.0.1", 5672, properties(5));
    }

    @AfterEach
    void deleteTopology() {
        cleanups.reversed().forEach(Runnable::run);
    }

    @Override
    protected EventBus bus() {
        return bus;
    }

    @Override
    protected void close() {
        bus.close();
    }

    @Test
    void publishIngest_fromConcurrentRequests_sharesBrokerMessages() throws Exception {
        RabbitEventBus lingering = open("127.0.0.1", 5672, properties(200));
        List<CompletableFuture<Void>> published = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            published.add(lingering.publishIngest(ingestMessage(i)));
        }

        CompletableFuture.allOf(published.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

        long messages = admin.getQueueInfo(topology.ingestQueue()).getMessageCount();
        assertThat(messages).as("broker messages for 50 requests").isBetween(1L, 5L);
        List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        lingering.consumeIngest(batch -> {
            received.add(batch.events().getFirst().id());
            return CompletableFuture.completedFuture(null);
        });
        await().atMost(PATIENCE).until(() -> received.size() == 50);
        assertThat(received).doesNotHaveDuplicates();
        lingering.close();
    }

    @Test
    void publishIngest_whenBrokerUnreachable_failsFastAsUnavailable() {
        RabbitEventBus unreachable = open("127.0.0.1", 1, properties(5));
        long started = System.nanoTime();

        CompletableFuture<Void> published = unreachable.publishIngest(ingestMessage(0));

        assertThatThrownBy(() -> published.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(BackendUnavailableException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        unreachable.close();
    }

    @Test
    void consumeWork_whenBackendUnavailable_retriesInPlaceWithoutDeadLettering() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<Boolean> redeliveries = new java.util.concurrent.CopyOnWriteArrayList<>();
        bus.consumeWork((messages, redelivered) -> {
            redeliveries.add(redelivered);
            return calls.incrementAndGet() < 3
                    ? CompletableFuture.failedFuture(new BackendUnavailableException("store down"))
                    : CompletableFuture.completedFuture(null);
        });

        bus.publishWork(0, workMessage(0, 1)).get(10, TimeUnit.SECONDS);

        await().atMost(PATIENCE)
                .until(() -> calls.get() == 3
                        && admin.getQueueInfo(topology.workQueue(0)).getMessageCount() == 0);
        assertThat(admin.getQueueInfo(topology.deadLetterQueue()).getMessageCount())
                .isZero();
    }

    @Test
    void consumeWork_whenMessageAlwaysFails_deadLettersItAfterTheDeliveryLimit() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        bus.consumeWork((messages, redelivered) -> {
            calls.incrementAndGet();
            throw new IllegalStateException("poison");
        });

        bus.publishWork(1, workMessage(1, 7)).get(10, TimeUnit.SECONDS);

        await().atMost(PATIENCE)
                .until(() -> admin.getQueueInfo(topology.deadLetterQueue()).getMessageCount() == 1);
        assertThat(calls.get()).isGreaterThanOrEqualTo(2).isLessThanOrEqualTo(3 + 1);
        assertThat(admin.getQueueInfo(topology.workQueue(1)).getMessageCount()).isZero();
    }

    @Test
    void consumeIngest_whenRoutingFails_redeliversUntilItSucceeds() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        IngestBatch batch = batchOf("ann", List.of(anEvent("ann", "retry-me").build()));
        bus.consumeIngest(message -> calls.incrementAndGet() == 1
                ? CompletableFuture.failedFuture(new BackendUnavailableException("partition full"))
                : CompletableFuture.completedFuture(null));

        bus.publishIngest(batch).get(10, TimeUnit.SECONDS);

        await().atMost(PATIENCE)
                .until(() -> calls.get() >= 2
                        && admin.getQueueInfo(topology.ingestQueue()).getMessageCount() == 0);
        assertThat(admin.getQueueInfo(topology.deadLetterQueue()).getMessageCount())
                .isZero();
    }

    @Test
    void read_publishedButUnconsumed_countsEveryWaitingMessage() throws Exception {
        // One at a time, so that each request is its own broker message.
        for (int seq = 0; seq < 3; seq++) {
            bus.publishIngest(ingestMessage(seq)).get(10, TimeUnit.SECONDS);
        }
        bus.publishWork(1, workMessage(1, 0)).get(10, TimeUnit.SECONDS);
        bus.publishWork(1, workMessage(1, 1)).get(10, TimeUnit.SECONDS);

        BusLoad load = operations.read();

        assertThat(load.mode()).isEqualTo(Mode.DISTRIBUTED);
        assertThat(load.partitions()).isEqualTo(PARTITIONS);
        assertThat(load.deadLetters()).isZero();
        String prefix =
                topology.ingestQueue().substring(0, topology.ingestQueue().indexOf('.'));
        assertThat(load.queues())
                .containsExactly(
                        new QueueLoad(prefix + ".ingest", Stage.INGEST, null, 3, 0, null),
                        new QueueLoad(prefix + ".work.0", Stage.WORK, 0, 0, 0, null),
                        new QueueLoad(prefix + ".work.1", Stage.WORK, 1, 2, 0, null),
                        new QueueLoad(prefix + ".work.2", Stage.WORK, 2, 0, 0, null),
                        new QueueLoad(prefix + ".work.3", Stage.WORK, 3, 0, 0, null),
                        new QueueLoad(prefix + ".dead-letters", Stage.DEAD_LETTERS, null, 0, 0, null));
    }

    @Test
    void read_onceConsumed_countsTheConsumersAndNoMessages() throws Exception {
        bus.publishWork(2, workMessage(2, 0)).get(10, TimeUnit.SECONDS);

        bus.consumeWork((messages, redelivered) -> CompletableFuture.completedFuture(null));

        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(operations.read().queues())
                        .filteredOn(queue -> queue.stage() == Stage.WORK)
                        .allSatisfy(queue -> {
                            assertThat(queue.messages()).isZero();
                            assertThat(queue.consumers()).isEqualTo(1);
                        }));
    }

    @Test
    void read_afterAPoisonMessage_countsItsDeadLetter() throws Exception {
        bus.consumeWork((messages, redelivered) -> {
            throw new IllegalStateException("poison");
        });

        bus.publishWork(3, workMessage(3, 0)).get(10, TimeUnit.SECONDS);

        await().atMost(PATIENCE).until(() -> operations.read().deadLetters() == 1);
        assertThat(operations.read().queues().getLast())
                .extracting(QueueLoad::stage, QueueLoad::messages)
                .containsExactly(Stage.DEAD_LETTERS, 1L);
    }

    @Test
    void read_whenBrokerUnreachable_failsFastAsUnavailable() {
        CachingConnectionFactory connections = new CachingConnectionFactory("127.0.0.1", 1);
        connections.setConnectionTimeout(2000);
        cleanups.add(connections::destroy);
        RabbitOperations unreachable = new RabbitOperations(
                new RabbitAdmin(connections), new RabbitTemplate(connections), new RabbitTopology("nowhere", 2, 3));
        long started = System.nanoTime();

        assertThatThrownBy(unreachable::read)
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("broker unreachable")
                .hasMessageContaining("nowhere.ingest");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }

    private RabbitBusProperties properties(int lingerMs) {
        return new RabbitBusProperties(
                "it-" + UUID.randomUUID().toString().substring(0, 8),
                1000,
                Duration.ofMillis(lingerMs),
                1000,
                Duration.ofMillis(5),
                Duration.ofSeconds(5),
                3,
                16,
                2,
                8,
                Duration.ofSeconds(1),
                Duration.ofSeconds(5));
    }

    private RabbitEventBus open(String host, int port, RabbitBusProperties properties) {
        CachingConnectionFactory connections = new CachingConnectionFactory(host, port);
        connections.setUsername("guest");
        connections.setPassword("guest");
        connections.setConnectionTimeout(2000);
        connections.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
        connections.setPublisherReturns(true);
        RabbitTemplate template = new RabbitTemplate(connections);
        template.setMandatory(true);
        RabbitAdmin ownAdmin = new RabbitAdmin(connections);
        RabbitTopology ownTopology = new RabbitTopology(properties.prefix(), PARTITIONS, properties.deliveryLimit());
        if (port == 5672) {
            ownTopology.declare(ownAdmin);
            admin = ownAdmin;
            topology = ownTopology;
            operations = new RabbitOperations(ownAdmin, template, ownTopology);
            cleanups.add(() -> {
                ownTopology.workQueues().forEach(ownAdmin::deleteQueue);
                ownAdmin.deleteQueue(ownTopology.ingestQueue());
                ownAdmin.deleteQueue(ownTopology.deadLetterQueue());
                ownAdmin.deleteQueue(ownTopology.workerPresenceQueue());
            });
        }
        CachingConnectionFactory liveConnections =
                new CachingConnectionFactory(connections.getRabbitConnectionFactory());
        cleanups.add(connections::destroy);
        return new RabbitEventBus(connections, template, ownAdmin, ownTopology, properties);
    }
}
