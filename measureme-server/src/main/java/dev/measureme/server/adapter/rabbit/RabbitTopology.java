package dev.measureme.server.adapter.rabbit;

import java.util.ArrayList;
import java.util.List;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Exchange;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;

/**
 * The broker objects of one installation, named from {@code measureme.rabbit.prefix}. Every role declares all
 * of them at start-up and after each reconnection; declaring is idempotent, so any role may start first.
 *
 * <ul>
 *   <li>{@code <prefix>.ingest}: the original MeasureMe's {@code test} queue, fed by ingest, drained by routers;
 *   <li>{@code <prefix>.work.0 … .work.<P-1>}: the original's {@code celery} queue, partitioned by user. Single
 *       active consumer, so that one worker owns a partition (and so a user) at a time;
 *   <li>{@code <prefix>.dead-letters}: messages the broker gave up on after {@code delivery-limit} deliveries,
 *       through the fanout exchange {@code <prefix>.dlx}, with the reason in the {@code x-death} header;
 *   <li>{@code <prefix>.live}: a topic exchange; each api process binds its own auto-delete queue to it;
 *   <li>{@code <prefix>.workers}: never holds a message; its consumers are the worker processes, counted to
 *       share the partitions out.
 * </ul>
 *
 * All queues are quorum queues: replicated, durable, and with a delivery limit that stops a poison message.
 */
public final class RabbitTopology {

    private final String prefix;
    private final int partitions;
    private final int deliveryLimit;

    public RabbitTopology(String prefix, int partitions, int deliveryLimit) {
        this.prefix = prefix;
        this.partitions = partitions;
        this.deliveryLimit = deliveryLimit;
    }

    public String ingestQueue() {
        return prefix + ".ingest";
    }

    public String workQueue(int partition) {
        return prefix + ".work." + partition;
    }

    public String deadLetterQueue() {
        return prefix + ".dead-letters";
    }

    /**
     * A queue that carries no messages: every worker process consumes it, so its consumer count is the number of
     * workers. (A single-active-consumer queue reports only its active consumer.)
     */
    String workerPresenceQueue() {
        return prefix + ".workers";
    }

    String deadLetterExchange() {
        return prefix + ".dlx";
    }

    String liveExchange() {
        return prefix + ".live";
    }

    public int partitions() {
        return partitions;
    }

    public List<String> workQueues() {
        List<String> names = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            names.add(workQueue(p));
        }
        return names;
    }

    /** Everything to declare, as Spring AMQP's {@code RabbitAdmin} declares it. */
    public Declarables declarables() {
        List<Declarable> all = new ArrayList<>();
        FanoutExchange dlx = new FanoutExchange(deadLetterExchange(), true, false);
        Queue deadLetters = QueueBuilder.durable(deadLetterQueue()).quorum().build();
        all.add(dlx);
        all.add(deadLetters);
        all.add(BindingBuilder.bind(deadLetters).to(dlx));
        all.add(withLimits(QueueBuilder.durable(ingestQueue())).build());
        for (String name : workQueues()) {
            all.add(withLimits(QueueBuilder.durable(name))
                    .singleActiveConsumer()
                    .build());
        }
        all.add(QueueBuilder.durable(workerPresenceQueue()).build());
        all.add(new TopicExchange(liveExchange(), false, false));
        return new Declarables(all);
    }

    /** Declares everything now, outside an application context (tests, operator commands). */
    public void declare(AmqpAdmin admin) {
        for (Declarable declarable : declarables().getDeclarables()) {
            switch (declarable) {
                case Queue queue -> admin.declareQueue(queue);
                case Exchange exchange -> admin.declareExchange(exchange);
                case Binding binding -> admin.declareBinding(binding);
                default -> throw new IllegalStateException("cannot declare " + declarable);
            }
        }
    }

    /** Binds an api process's own live queue to every user's events. */
    Binding liveBinding(Queue queue) {
        return BindingBuilder.bind(queue)
                .to(new TopicExchange(liveExchange(), false, false))
                .with("#");
    }

    private QueueBuilder withLimits(QueueBuilder queue) {
        return queue.quorum().deliveryLimit(deliveryLimit).deadLetterExchange(deadLetterExchange());
    }
}
