package dev.measureme.server.adapter.rabbit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Gathers items from concurrent callers into one broker message: a group commit, as a database batches the
 * commits of concurrent transactions into one log write.
 *
 * <p><b>How it works.</b> {@link #add} puts an item in the open group and returns a future for it. The group
 * is published when its items weigh {@code maxWeight} (events, typically), or {@code linger} after its first
 * item, whichever comes first. Every item's future completes with the outcome of the one publish that carried
 * it: done once the broker confirmed the message, failed if it nacked, returned or timed out.
 *
 * <p><b>Concurrency.</b> Callers add under a lock held only to swap the group; publishing happens outside it,
 * on the caller that filled the group or on the scheduler thread when the linger expires. Several groups may
 * be in flight at once.
 *
 * <p><b>Failure.</b> A publish that throws fails its group only; the next group tries again, so a broker
 * that comes back is used at once.
 */
final class GroupCommitter<T> {

    private record Pending<T>(T item, CompletableFuture<Void> done) {}

    private final int maxWeight;
    private final Duration linger;
    private final Function<List<T>, CompletableFuture<Void>> publish;
    private final ScheduledExecutorService scheduler;

    private List<Pending<T>> group = new ArrayList<>();
    private int weight;
    private ScheduledFuture<?> timer;

    GroupCommitter(
            int maxWeight,
            Duration linger,
            Function<List<T>, CompletableFuture<Void>> publish,
            ScheduledExecutorService scheduler) {
        this.maxWeight = maxWeight;
        this.linger = linger;
        this.publish = publish;
        this.scheduler = scheduler;
    }

    CompletableFuture<Void> add(T item, int itemWeight) {
        Pending<T> pending = new Pending<>(item, new CompletableFuture<>());
        List<Pending<T>> full = null;
        synchronized (this) {
            group.add(pending);
            weight += Math.max(1, itemWeight);
            if (weight >= maxWeight) {
                full = take();
            } else if (timer == null) {
                timer = scheduler.schedule(this::flush, linger.toNanos(), TimeUnit.NANOSECONDS);
            }
        }
        if (full != null) {
            publish(full);
        }
        return pending.done;
    }

    /** Publishes the open group now, if it has items. */
    void flush() {
        List<Pending<T>> taken;
        synchronized (this) {
            taken = take();
        }
        if (!taken.isEmpty()) {
            publish(taken);
        }
    }

    private List<Pending<T>> take() {
        List<Pending<T>> taken = group;
        group = new ArrayList<>();
        weight = 0;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        return taken;
    }

    private void publish(List<Pending<T>> taken) {
        CompletableFuture<Void> outcome;
        try {
            outcome = publish.apply(taken.stream().map(Pending::item).toList());
        } catch (RuntimeException e) {
            outcome = CompletableFuture.failedFuture(e);
        }
        outcome.whenComplete((ok, failure) -> {
            for (Pending<T> pending : taken) {
                if (failure == null) {
                    pending.done.complete(null);
                } else {
                    pending.done.completeExceptionally(failure);
                }
            }
        });
    }
}
