package dev.measureme.server.adapter.rabbit;

import com.rabbitmq.client.GetResponse;
import dev.measureme.core.port.BackendUnavailableException;
import dev.measureme.core.port.QueueGauge;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * What an operator asks of the broker: queue depths and consumers, and the dead letters, listed and replayed
 * (DESIGN.md §5). Reads use {@code basic.get} on one channel and hand every message back, so listing changes
 * nothing; a replay republishes each message to the queue it died in, waits for the broker's confirm, and only
 * then removes it from the dead-letter queue, so a replay interrupted at any point loses nothing.
 *
 * <p>As a {@link QueueGauge} it answers the same depths for the dashboard's pipeline page: a passive declare of
 * each queue, which the broker answers from its own counters. The worker presence queue is left out there: it
 * never holds a message.
 */
public final class RabbitOperations implements QueueGauge {

    /**
     * One queue's state. For a work partition the broker reports only the active consumer; the presence queue
     * {@code <prefix>.workers} counts every worker process, standbys included.
     */
    public record QueueDepth(String queue, long messages, long consumers) {}

    /** One dead letter: where it died, why, how often, and what it carried. */
    public record DeadLetter(String queue, String reason, long deaths, Object events, String preview) {}

    /** Characters of a dead letter's body shown in a listing. */
    private static final int PREVIEW_LENGTH = 160;

    private final AmqpAdmin admin;
    private final RabbitTemplate template;
    private final RabbitTopology topology;

    public RabbitOperations(AmqpAdmin admin, RabbitTemplate template, RabbitTopology topology) {
        this.admin = admin;
        this.template = template;
        this.topology = topology;
    }

    public List<QueueDepth> depths() {
        List<String> queues = new ArrayList<>();
        queues.add(topology.ingestQueue());
        queues.addAll(topology.workQueues());
        queues.add(topology.deadLetterQueue());
        queues.add(topology.workerPresenceQueue());
        List<QueueDepth> depths = new ArrayList<>();
        for (String queue : queues) {
            QueueInformation info = admin.getQueueInfo(queue);
            depths.add(
                    info == null
                            ? new QueueDepth(queue, -1, -1)
                            : new QueueDepth(queue, info.getMessageCount(), info.getConsumerCount()));
        }
        return depths;
    }

    /**
     * @throws BackendUnavailableException when the broker is unreachable, or a queue of the topology is missing
     *     (deleted by hand: every process declares it again when it reconnects)
     */
    @Override
    public BusLoad read() {
        List<QueueLoad> queues = new ArrayList<>(topology.partitions() + 2);
        queues.add(load(topology.ingestQueue(), Stage.INGEST, null));
        for (int p = 0; p < topology.partitions(); p++) {
            queues.add(load(topology.workQueue(p), Stage.WORK, p));
        }
        queues.add(load(topology.deadLetterQueue(), Stage.DEAD_LETTERS, null));
        return new BusLoad(Mode.DISTRIBUTED, topology.partitions(), queues);
    }

    private QueueLoad load(String queue, Stage stage, Integer partition) {
        QueueInformation info;
        try {
            info = admin.getQueueInfo(queue);
        } catch (AmqpException e) {
            throw new BackendUnavailableException("broker unreachable: read the depth of " + queue, e);
        }
        if (info == null) {
            throw new BackendUnavailableException("queue " + queue + " is not declared on the broker");
        }
        // Quorum queues take no max-length here: the broker bounds them by memory and disk alarms, not a count.
        return new QueueLoad(queue, stage, partition, info.getMessageCount(), info.getConsumerCount(), null);
    }

    /** Up to {@code limit} dead letters, oldest first; all of them stay in the queue. */
    public List<DeadLetter> deadLetters(int limit) {
        return template.execute(channel -> {
            List<DeadLetter> letters = new ArrayList<>();
            long lastTag = -1;
            for (int i = 0; i < limit; i++) {
                GetResponse got = channel.basicGet(topology.deadLetterQueue(), false);
                if (got == null) {
                    break;
                }
                lastTag = got.getEnvelope().getDeliveryTag();
                letters.add(describe(got));
            }
            if (lastTag >= 0) {
                channel.basicNack(lastTag, true, true);
            }
            return letters;
        });
    }

    /** Republishes up to {@code limit} dead letters to the queues they died in; returns how many. */
    public int replay(int limit) {
        Integer replayed = template.execute(channel -> {
            channel.confirmSelect();
            // Only the letters present now: a poison message that dies again while we replay is not replayed
            // in a loop.
            long present = channel.messageCount(topology.deadLetterQueue());
            int count = 0;
            for (int i = 0; i < Math.min(limit, present); i++) {
                GetResponse got = channel.basicGet(topology.deadLetterQueue(), false);
                if (got == null) {
                    break;
                }
                String queue = firstDeathQueue(got.getProps().getHeaders());
                if (queue == null) {
                    channel.basicNack(got.getEnvelope().getDeliveryTag(), false, true);
                    throw new IOException("dead letter without x-first-death-queue; left in place");
                }
                channel.basicPublish("", queue, true, got.getProps(), got.getBody());
                try {
                    channel.waitForConfirmsOrDie(TimeUnit.SECONDS.toMillis(10));
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new IOException("no confirm for the replay to " + queue, e);
                }
                channel.basicAck(got.getEnvelope().getDeliveryTag(), false);
                count++;
            }
            return count;
        });
        return replayed == null ? 0 : replayed;
    }

    private static DeadLetter describe(GetResponse got) {
        Map<String, Object> headers =
                got.getProps().getHeaders() == null ? Map.of() : got.getProps().getHeaders();
        String body = new String(got.getBody(), StandardCharsets.UTF_8);
        return new DeadLetter(
                firstDeathQueue(headers),
                Objects.toString(headers.get("x-first-death-reason"), "?"),
                deaths(headers),
                headers.get(RabbitEventBus.EVENTS_HEADER),
                body.length() > PREVIEW_LENGTH ? body.substring(0, PREVIEW_LENGTH) + "…" : body);
    }

    private static String firstDeathQueue(Map<String, Object> headers) {
        Object queue = headers == null ? null : headers.get("x-first-death-queue");
        return queue == null ? null : queue.toString();
    }

    private static long deaths(Map<String, Object> headers) {
        if (headers.get("x-death") instanceof List<?> deaths
                && !deaths.isEmpty()
                && deaths.getFirst() instanceof Map<?, ?> first) {
            return first.get("count") instanceof Number n ? n.longValue() : 1;
        }
        return 1;
    }
}
