package dev.measureme.server.adapter.rabbit;

import com.rabbitmq.client.Channel;
import dev.measureme.core.event.Event;
import dev.measureme.core.event.IngestBatch;
import dev.measureme.core.event.RoutedBatch;
import dev.measureme.core.port.BackendUnavailableException;
import dev.measureme.core.port.EventBus;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Base64UrlNamingStrategy;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.amqp.core.ReturnedMessage;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionListener;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;
import org.springframework.context.SmartLifecycle;

/**
 * The event bus on RabbitMQ (DESIGN.md §2, §5), with the topology of {@link RabbitTopology}.
 *
 * <p><b>How it works.</b> Ingest and the router publish through {@link GroupCommitter}s: the batches of
 * concurrent requests (or, in the router, the routed batches bound for one partition) share one persistent
 * broker message, published with a publisher confirm. A publish completes when the broker confirmed the
 * message that carries it, so ingest answers 202 only for events the broker has made durable, and the router
 * acknowledges an ingest message only when every work message made from it is confirmed. Workers consume
 * each partition through its own consumer; the queue's single-active-consumer flag lets one worker process
 * own a partition while the others stand by. A work message is handled synchronously, in order, and
 * acknowledged only after the handler (one database transaction, the Redis refresh and the live publish)
 * succeeded. Live events go to a topic exchange without confirms, on one channel of a second connection of
 * the bus's own, so that they keep their order. Each api process reads them from its own auto-delete queue.
 *
 * <p><b>Concurrency.</b> Publishing is thread-safe ({@link RabbitTemplate} takes a cached channel per call).
 * Consumers handle a message on the listener thread and acknowledge it there, once its outcome is known; a
 * router process therefore holds {@code router-consumers} messages in flight, and a worker one per partition.
 *
 * <p><b>Failure.</b> A broker that is down fails a publish at once (connection refused), and a nack, a
 * return (no such queue) or a missing confirm after {@code confirm-timeout} fail it with {@link
 * BackendUnavailableException}; ingest answers 503. Connections and consumers recover on their own when the
 * broker is back. A worker whose backend is unavailable retries the same message in place, with back-off, so
 * an outage of PostgreSQL or Redis stalls a partition instead of burning its delivery limit. Any other failure
 * hands the message back; after {@code delivery-limit} deliveries the broker dead-letters it, and a message
 * that cannot even be decoded is dead-lettered at once.
 */
public final class RabbitEventBus implements EventBus, SmartLifecycle, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RabbitEventBus.class);

    private static final DefaultMessagePropertiesConverter PROPERTIES = new DefaultMessagePropertiesConverter();

    /** Header with the number of events a message carries, for operators reading dead letters. */
    static final String EVENTS_HEADER = "x-measureme-events";

    /** First pause of a worker that retries a message in place; it doubles up to {@link #MAX_BACKOFF}. */
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

    /** Rounds a worker waits for another to take a partition it gave up before it takes the partition back. */
    private static final int HAND_ON_ROUNDS = 3;

    /** Longest pause between two in-place retries. */
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final CachingConnectionFactory connections;
    private final CachingConnectionFactory liveConnections;
    private final RabbitTemplate template;
    private Channel liveChannel;
    private final AmqpAdmin admin;
    private final RabbitTopology topology;
    private final RabbitBusProperties properties;
    private final BatchCodec codec = new BatchCodec();
    private final ScheduledExecutorService scheduler;
    private final GroupCommitter<IngestBatch> ingest;
    private final List<GroupCommitter<RoutedBatch>> work = new ArrayList<>();
    private final List<DirectMessageListenerContainer> containers = new CopyOnWriteArrayList<>();
    /**
     * The partitions this process is the active consumer of: those that delivered to its current consumer.
     * Single active consumer never moves a queue away from a live consumer, so a delivery proves ownership
     * until this process cancels the consumer or its connection is replaced.
     */
    private final Set<String> activeOn = ConcurrentHashMap.newKeySet();
    /** Partitions this worker gave up, with the rounds since, until it subscribes again as a standby. */
    private final Map<String, Integer> handedOn = new ConcurrentHashMap<>();

    private volatile boolean running = true;

    public RabbitEventBus(
            CachingConnectionFactory connections,
            RabbitTemplate template,
            AmqpAdmin admin,
            RabbitTopology topology,
            RabbitBusProperties properties) {
        this.connections = connections;
        this.template = template;
        this.liveConnections = new CachingConnectionFactory(connections.getRabbitConnectionFactory());
        this.liveConnections.setConnectionNameStrategy(factory -> "measureme-live");
        this.admin = admin;
        this.topology = topology;
        this.properties = properties;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("rabbit-group-commit").daemon(true).factory());
        this.ingest = new GroupCommitter<>(
                properties.ingestBatchEvents(),
                properties.ingestLinger(),
                batches ->
                        publish(topology.ingestQueue(), new BatchCodec.IngestMessage(batches), ingestEvents(batches)),
                scheduler);
        for (int p = 0; p < topology.partitions(); p++) {
            String queue = topology.workQueue(p);
            work.add(new GroupCommitter<>(
                    properties.workBatchEvents(),
                    properties.workLinger(),
                    batches -> publish(queue, new BatchCodec.WorkMessage(batches), routedEvents(batches)),
                    scheduler));
        }
    }

    @Override
    public int partitions() {
        return topology.partitions();
    }

    @Override
    public CompletableFuture<Void> publishIngest(IngestBatch batch) {
        if (!running) {
            return CompletableFuture.failedFuture(new BackendUnavailableException("shutting down"));
        }
        return ingest.add(batch, batch.events().size() + batch.warnings().size());
    }

    @Override
    public CompletableFuture<Void> publishWork(int partition, RoutedBatch batch) {
        return work.get(partition)
                .add(
                        batch,
                        batch.batch().events().size() + batch.batch().warnings().size());
    }

    @Override
    public void publishLive(List<Event> events) {
        Map<String, List<Event>> byUser = events.stream().collect(Collectors.groupingBy(Event::user));
        byUser.forEach((user, own) -> {
            Message message = message(new BatchCodec.LiveMessage(own), own.size(), false);
            try {
                sendLive(user, message);
            } catch (IOException | AmqpException e) {
                log.warn("live publish failed user={} events={} cause={}", user, own.size(), e.toString());
            }
        });
    }

    /**
     * Live updates leave on one channel, held open and used under a lock: a broker keeps the order of one
     * channel's messages, and nothing else would guarantee that consecutive updates do not overtake each other.
     */
    private synchronized void sendLive(String user, Message message) throws IOException {
        if (liveChannel == null || !liveChannel.isOpen()) {
            liveChannel = liveConnections.createConnection().createChannel(false);
        }
        liveChannel.basicPublish(
                topology.liveExchange(),
                user,
                false,
                PROPERTIES.fromMessageProperties(message.getMessageProperties(), "UTF-8"),
                message.getBody());
    }

    @Override
    public void consumeIngest(MessageHandler<IngestBatch> handler) {
        ChannelAwareMessageListener listener = (message, channel) -> {
            long tag = message.getMessageProperties().getDeliveryTag();
            List<IngestBatch> batches;
            try {
                batches = codec.decode(message.getBody(), BatchCodec.IngestMessage.class)
                        .batches();
            } catch (RuntimeException e) {
                log.error("undecodable ingest message, dead-lettering it cause={}", e.toString());
                channel.basicReject(tag, false);
                return;
            }
            settle(
                    channel,
                    tag,
                    handleInPlace(
                            message.getMessageProperties(),
                            attempt -> CompletableFuture.allOf(batches.stream()
                                    .map(batch -> handled(handler, batch))
                                    .toArray(CompletableFuture[]::new))));
        };
        start(
                properties.ingestPrefetch(),
                properties.routerConsumers(),
                AcknowledgeMode.MANUAL,
                listener,
                topology.ingestQueue());
    }

    @Override
    public void consumeWork(WorkHandler handler) {
        ChannelAwareMessageListener listener = (message, channel) -> {
            long tag = message.getMessageProperties().getDeliveryTag();
            List<RoutedBatch> batches;
            try {
                batches = codec.decode(message.getBody(), BatchCodec.WorkMessage.class)
                        .batches();
            } catch (RuntimeException e) {
                log.error(
                        "undecodable work message, dead-lettering it queue={} cause={}",
                        message.getMessageProperties().getConsumerQueue(),
                        e.toString());
                channel.basicReject(tag, false);
                return;
            }
            activeOn.add(message.getMessageProperties().getConsumerQueue());
            boolean redelivered = message.getMessageProperties().isRedelivered();
            settle(channel, tag, handleInPlace(message.getMessageProperties(), attempt -> {
                try {
                    return handler.handle(batches, redelivered || attempt > 1).toCompletableFuture();
                } catch (RuntimeException e) {
                    return CompletableFuture.failedFuture(e);
                }
            }));
        };
        DirectMessageListenerContainer container = start(
                properties.workPrefetch(),
                1,
                AcknowledgeMode.MANUAL,
                listener,
                topology.workQueues().toArray(String[]::new));
        start(1, 1, AcknowledgeMode.NONE, (message, channel) -> {}, topology.workerPresenceQueue());
        // A new connection means new consumers, which may be standbys now: ownership is learnt again.
        connections.addConnectionListener(connection -> activeOn.clear());
        long interval = properties.rebalanceInterval().toMillis();
        scheduler.scheduleWithFixedDelay(() -> rebalance(container), interval, interval, TimeUnit.MILLISECONDS);
    }

    @Override
    public void consumeLive(Consumer<List<Event>> listener) {
        // Named here rather than by AnonymousQueue, whose leader-locator argument older brokers refuse for
        // classic queues. Exclusive and auto-delete: it lives as long as this process's connection.
        Queue queue =
                new Queue(new Base64UrlNamingStrategy(topology.liveExchange() + ".").generateName(), false, true, true);
        ConnectionListener declare = connection -> {
            admin.declareQueue(queue);
            admin.declareBinding(topology.liveBinding(queue));
        };
        connections.addConnectionListener(declare);
        try {
            declare.onCreate(null);
        } catch (AmqpException e) {
            log.warn(
                    "live queue not declared yet, will be on connection queue={} cause={}",
                    queue.getName(),
                    e.toString());
        }
        start(
                256,
                1,
                AcknowledgeMode.NONE,
                (message, channel) -> {
                    try {
                        listener.accept(codec.decode(message.getBody(), BatchCodec.LiveMessage.class)
                                .events());
                    } catch (RuntimeException e) {
                        log.warn("live message dropped cause={}", e.toString());
                    }
                },
                queue.getName());
    }

    /**
     * Stops after the web server (a lower phase stops later), so that requests in flight still publish, and
     * before the context closes the connections under it.
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    @Override
    public void start() {}

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Stops consuming, lets the messages in flight finish and be acknowledged (within {@code
     * shutdown-timeout}), and publishes what the group committers still hold.
     */
    @Override
    public void stop() {
        if (!running) {
            return;
        }
        running = false;
        containers.forEach(DirectMessageListenerContainer::stop);
        ingest.flush();
        work.forEach(GroupCommitter::flush);
    }

    @Override
    public void close() {
        stop();
        scheduler.shutdown();
        liveConnections.destroy();
    }

    private CompletableFuture<Void> publish(String queue, Object body, int events) {
        CorrelationData correlation = new CorrelationData();
        try {
            template.send("", queue, message(body, events, true), correlation);
        } catch (AmqpException e) {
            return CompletableFuture.failedFuture(new BackendUnavailableException(
                    "publish " + events + " events to " + queue + ": " + e.getMessage(), e));
        }
        return correlation
                .getFuture()
                .orTimeout(properties.confirmTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .handle((confirm, failure) -> {
                    if (failure != null) {
                        Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                        String why = cause instanceof TimeoutException
                                ? "no confirm within " + properties.confirmTimeout()
                                : cause.toString();
                        throw new BackendUnavailableException(
                                "publish " + events + " events to " + queue + ": " + why, cause);
                    }
                    ReturnedMessage returned = correlation.getReturned();
                    if (returned != null) {
                        throw new BackendUnavailableException(
                                "publish to " + queue + " returned: " + returned.getReplyText());
                    }
                    if (!confirm.ack()) {
                        throw new BackendUnavailableException("publish to " + queue + " nacked: " + confirm.reason());
                    }
                    return null;
                });
    }

    private Message message(Object body, int events, boolean persistent) {
        return MessageBuilder.withBody(codec.encode(body))
                .setContentType(MessageProperties.CONTENT_TYPE_JSON)
                .setDeliveryMode(persistent ? MessageDeliveryMode.PERSISTENT : MessageDeliveryMode.NON_PERSISTENT)
                .setHeader(EVENTS_HEADER, events)
                .build();
    }

    /**
     * Runs a work handler until it succeeds, retrying in place while a backend is unavailable; returns the
     * failure that should hand the message back, or {@code null}.
     */
    private Throwable handleInPlace(MessageProperties message, IntFunction<CompletableFuture<Void>> attempt) {
        Duration backoff = FIRST_BACKOFF;
        for (int number = 1; ; number++) {
            Throwable failure =
                    attempt.apply(number).handle((ok, error) -> error).join();
            if (failure == null) {
                return null;
            }
            Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
            if (!(cause instanceof BackendUnavailableException) || !running) {
                log.error(
                        "message failed, handing it back queue={} redelivered={} cause={}",
                        message.getConsumerQueue(),
                        message.isRedelivered(),
                        cause.toString());
                return cause;
            }
            log.warn(
                    "backend unavailable, retrying in place queue={} backoff={} cause={}",
                    message.getConsumerQueue(),
                    backoff,
                    cause.getMessage());
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return e;
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    private static <T> CompletableFuture<Void> handled(MessageHandler<T> handler, T message) {
        try {
            return handler.handle(message).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static void settle(Channel channel, long tag, Throwable failure) {
        try {
            if (failure == null) {
                channel.basicAck(tag, false);
            } else {
                channel.basicNack(tag, false, true);
            }
        } catch (IOException | RuntimeException e) {
            // The channel closed under us: the broker redelivers the message, and effects are idempotent.
            log.warn("acknowledgement lost, the broker will redeliver tag={} cause={}", tag, e.toString());
        }
    }

    /**
     * Spreads the partitions over the workers. Single active consumer gives a queue to the consumer that
     * subscribed first, so the first worker up would own every partition while the others stand by. A worker
     * that is the active consumer (it received messages there) of more than its share ({@code ceil(P / workers)}, the workers
     * counted as the consumers of the presence queue) cancels its consumers on the excess partitions. The
     * broker activates a waiting worker once the cancelled consumer's messages are settled; the worker that gave
     * the partition up subscribes again as a standby only when the partition shows an active consumer (it has
     * none there itself), or after {@link #HAND_ON_ROUNDS} rounds if no one took it, so no partition is left
     * without a consumer for long. Subscribing again at once could win the queue back.
     * Rounds repeat until no worker holds more than its share. A hand-over may let two workers see one
     * partition for a moment; effects stay exactly-once because the store deduplicates and Redis keeps the
     * newest version.
     */
    private void rebalance(DirectMessageListenerContainer container) {
        try {
            QueueInformation presence = admin.getQueueInfo(topology.workerPresenceQueue());
            if (presence == null || !running) {
                return;
            }
            for (Map.Entry<String, Integer> given : List.copyOf(handedOn.entrySet())) {
                QueueInformation partition = admin.getQueueInfo(given.getKey());
                boolean taken = partition != null && partition.getConsumerCount() > 0;
                // A round passes first: until the given-up consumer's messages are settled, it still counts.
                if ((taken && given.getValue() > 0) || given.getValue() >= HAND_ON_ROUNDS) {
                    handedOn.remove(given.getKey());
                    activeOn.remove(given.getKey());
                    container.addQueueNames(given.getKey());
                } else {
                    handedOn.put(given.getKey(), given.getValue() + 1);
                }
            }
            int workers = Math.max(1, (int) presence.getConsumerCount());
            int share = (topology.partitions() + workers - 1) / workers;
            List<String> active = topology.workQueues().stream()
                    .filter(queue -> !handedOn.containsKey(queue))
                    .filter(activeOn::contains)
                    .toList();
            for (String queue : active.subList(Math.min(share, active.size()), active.size())) {
                handedOn.put(queue, 0);
                container.removeQueueNames(queue);
                log.info(
                        "partition handed on queue={} active={} share={} workers={}",
                        queue,
                        active.size(),
                        share,
                        workers);
            }
        } catch (RuntimeException e) {
            log.warn("rebalance skipped cause={}", e.toString());
        }
    }

    private DirectMessageListenerContainer start(
            int prefetch,
            int consumersPerQueue,
            AcknowledgeMode ack,
            ChannelAwareMessageListener listener,
            String... queues) {
        DirectMessageListenerContainer container = new DirectMessageListenerContainer(connections);
        container.setQueueNames(queues);
        container.setPrefetchCount(prefetch);
        container.setConsumersPerQueue(consumersPerQueue);
        container.setAcknowledgeMode(ack);
        container.setMessageListener(listener);
        container.setMissingQueuesFatal(false);
        container.setRecoveryInterval(1000);
        container.setMonitorInterval(1000);
        container.setShutdownTimeout(properties.shutdownTimeout().toMillis());
        container.afterPropertiesSet();
        container.start();
        containers.add(container);
        return container;
    }

    private static int ingestEvents(List<IngestBatch> batches) {
        return batches.stream().mapToInt(b -> b.events().size()).sum();
    }

    private static int routedEvents(List<RoutedBatch> batches) {
        return batches.stream().mapToInt(b -> b.batch().events().size()).sum();
    }
}
