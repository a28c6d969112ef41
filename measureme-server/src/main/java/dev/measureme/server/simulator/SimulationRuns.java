package dev.measureme.server.simulator;

import dev.measureme.core.account.ApiKeys;
import dev.measureme.core.account.Scope;
import dev.measureme.core.account.User;
import dev.measureme.core.event.Event;
import dev.measureme.core.port.AccountStore;
import dev.measureme.core.port.EventBus;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * The simulations of the simulation panel, run in this process for the users who start them.
 *
 * <p><b>How it works.</b> A run gets a key of its own, with the {@code ingest} scope and the source
 * {@code simulator}, made for the user and revoked when the run ends, and sends through the real ingest API
 * over HTTP ({@link Simulation}). It also listens to the live feed: each of its events that comes back there
 * is counted as seen, with the time from its ingestion to now, which is what the dashboard shows.
 *
 * <p><b>Concurrency.</b> Each run is a virtual thread; a user runs one simulation at a time and the process at
 * most {@code max-running}. Runs and their counters are read while they run.
 */
final class SimulationRuns implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SimulationRuns.class);

    /** Finished runs kept per user for the panel to show. */
    private static final int KEPT_PER_USER = 5;

    /** Ingestion-to-live latencies tracked up to this, in microseconds. */
    private static final long MAX_LIVE_LATENCY_MICROS = TimeUnit.MINUTES.toMicros(10);

    /** One run: its simulation, its key, and what the live feed showed of it. */
    static final class Run {
        final String id;
        final String user;
        final Simulation.Settings settings;
        final Instant startedAt;
        final Simulation simulation;
        final String keyId;
        final AtomicLong seenLive = new AtomicLong();
        final Histogram liveLatency = new SynchronizedHistogram(MAX_LIVE_LATENCY_MICROS, 3);
        volatile Instant endedAt;
        volatile boolean stoppedByUser;

        Run(
                String id,
                String user,
                Simulation.Settings settings,
                Instant startedAt,
                Simulation simulation,
                String keyId) {
            this.id = id;
            this.user = user;
            this.settings = settings;
            this.startedAt = startedAt;
            this.simulation = simulation;
            this.keyId = keyId;
        }
    }

    private final AccountStore accounts;
    private final Clock clock;
    private final SimulatorProperties properties;
    private final Supplier<URI> ingest;
    private final Map<String, Run> byId = new ConcurrentHashMap<>();

    SimulationRuns(
            AccountStore accounts, EventBus bus, Clock clock, SimulatorProperties properties, Supplier<URI> ingest) {
        this.accounts = accounts;
        this.clock = clock;
        this.properties = properties;
        this.ingest = ingest;
        bus.consumeLive(this::seen);
    }

    /** Starts a run for {@code user}; empty if the user already runs one or the process is at its limit. */
    synchronized Optional<Run> start(
            String user, int rate, Duration duration, int backfillDays, Set<EventGenerator.Source> sources) {
        long running = byId.values().stream().filter(r -> r.endedAt == null).count();
        boolean userRunning = byId.values().stream().anyMatch(r -> r.user.equals(user) && r.endedAt == null);
        if (userRunning || running >= properties.maxRunning()) {
            return Optional.empty();
        }
        ZoneId zone = accounts.user(user).map(User::zone).orElse(ZoneId.of("UTC"));
        ApiKeys.Issued key = ApiKeys.issue(user, Set.of(Scope.INGEST), "simulator", clock.instant());
        accounts.addKey(key.key());
        String id = UUID.randomUUID().toString().substring(0, 8);
        Simulation.Settings settings =
                new Simulation.Settings(ingest.get(), key.secret(), rate, duration, backfillDays, 40, sources, zone);
        Simulation simulation =
                new Simulation(settings, new EventGenerator("sim-" + id, System.nanoTime(), sources), clock);
        Run run = new Run(
                id, user, settings, clock.instant(), simulation, key.key().id());
        byId.put(id, run);
        forget(user);
        Thread.ofVirtual().name("simulation-" + id).start(() -> {
            try {
                simulation.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.warn("simulation failed run={} user={} cause={}", id, user, e.toString());
            } finally {
                accounts.revokeKey(user, run.keyId, clock.instant());
                run.endedAt = clock.instant();
            }
        });
        return Optional.of(run);
    }

    /** Stops the user's run {@code id}; false if the user has no such run. */
    boolean stop(String user, String id) {
        Run run = byId.get(id);
        if (run == null || !run.user.equals(user)) {
            return false;
        }
        run.stoppedByUser = true;
        run.simulation.stop();
        return true;
    }

    /** The user's runs, newest first. */
    List<Run> of(String user) {
        List<Run> runs = new ArrayList<>(
                byId.values().stream().filter(r -> r.user.equals(user)).toList());
        runs.sort((a, b) -> b.startedAt.compareTo(a.startedAt));
        return runs;
    }

    private void forget(String user) {
        List<Run> ended = of(user).stream().filter(r -> r.endedAt != null).toList();
        ended.stream().skip(KEPT_PER_USER).forEach(r -> byId.remove(r.id));
    }

    /** Counts the live events of running simulations, by the run in their id ({@code sim-<run>-<n>}). */
    private void seen(Collection<Event> events) {
        long now = clock.millis();
        for (Event event : events) {
            String id = event.id();
            if (!id.startsWith("sim-") || id.lastIndexOf('-') <= 4) {
                continue;
            }
            Run run = byId.get(id.substring(4, id.lastIndexOf('-')));
            if (run != null && run.user.equals(event.user())) {
                run.seenLive.incrementAndGet();
                long micros = (now - event.receivedAt().toEpochMilli()) * 1000;
                run.liveLatency.recordValue(Math.max(0, Math.min(MAX_LIVE_LATENCY_MICROS, micros)));
            }
        }
    }

    @Override
    public void destroy() {
        byId.values().forEach(run -> run.simulation.stop());
    }
}
