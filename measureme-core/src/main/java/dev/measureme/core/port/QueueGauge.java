package dev.measureme.core.port;

import java.util.List;

/**
 * Reads how loaded the queues of the {@link EventBus} are right now: how many messages wait in each, and how
 * many consumers take from it. It is the bus's own truth (the in-process queues' sizes, or the broker's
 * counts), read on each call and never cached, so two reads a second apart may differ.
 *
 * <p>The answer is aggregate load only: counts of messages, never their content, owner or type, so it
 * reveals nothing about any one user and may be shown to every signed-in user.
 */
public interface QueueGauge {

    /**
     * The queues now, in the order messages flow through them: the ingest queue, the work partitions 0..P-1,
     * then the dead-letter queue where the bus has one.
     *
     * @throws BackendUnavailableException when the broker cannot be asked now
     */
    BusLoad read();

    /** Which bus answers: in-process queues, or the broker shared by the processes of an installation. */
    enum Mode {
        EMBEDDED,
        DISTRIBUTED
    }

    /** Where in the flow a queue sits. */
    enum Stage {
        /** between ingest and the routers */
        INGEST,
        /** between the routers and the workers; one per partition */
        WORK,
        /** messages the broker gave up on */
        DEAD_LETTERS
    }

    /**
     * One queue's load.
     *
     * @param name the queue's name on the bus
     * @param partition the work partition, or {@code null} for a queue of another stage
     * @param messages messages waiting to be delivered (not those a consumer holds unacknowledged)
     * @param consumers consumers attached; for a single-active-consumer partition the broker counts the
     *     active one
     * @param capacity the most messages the queue holds, or {@code null} when it is unbounded
     */
    record QueueLoad(String name, Stage stage, Integer partition, long messages, long consumers, Long capacity) {}

    /**
     * The load of every queue of the bus.
     *
     * @param partitions P, the number of work partitions
     * @param queues in flow order, see {@link #read()}
     */
    record BusLoad(Mode mode, int partitions, List<QueueLoad> queues) {

        public BusLoad {
            queues = List.copyOf(queues);
        }

        /** Messages in the dead-letter queue; 0 for a bus without one (in one process a failure fails its request). */
        public long deadLetters() {
            return queues.stream()
                    .filter(queue -> queue.stage() == Stage.DEAD_LETTERS)
                    .mapToLong(QueueLoad::messages)
                    .sum();
        }
    }
}
