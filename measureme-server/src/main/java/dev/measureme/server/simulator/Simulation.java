package dev.measureme.server.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends simulated events to the real ingest API over HTTP with a user's key, exactly as an app does: first an
 * optional backfill of past days, as fast as ingest takes it, then live events at a steady rate for a while.
 *
 * <p><b>How it works.</b> Live events go out every {@link #TICK} as one batch of the events due in it, so the
 * rate holds from 1 to 5,000 events a second with few requests. A 429 or 503 is retried with the same ids
 * after its {@code Retry-After}, so nothing is counted twice; any other refusal is counted as rejected.
 * Each request's round trip goes into an HdrHistogram.
 */
final class Simulation {

    /** How often live events are sent. */
    private static final Duration TICK = Duration.ofMillis(100);

    /** Events a backfill request carries. */
    private static final int BACKFILL_BATCH = 500;

    /** Tries of one request that is answered 429 or 503. */
    private static final int MAX_TRIES = 20;

    /** Highest rate a simulation may ask for, in events a second. */
    static final int MAX_RATE = 5_000;

    /** Longest live run. */
    static final Duration MAX_DURATION = Duration.ofHours(1);

    /** Most days of backfill. */
    static final int MAX_BACKFILL_DAYS = 365;

    record Settings(
            URI ingest,
            String key,
            int rate,
            Duration duration,
            int backfillDays,
            int backfillPerDay,
            Set<EventGenerator.Source> sources,
            ZoneId zone) {

        Settings {
            if (rate < 1 || rate > MAX_RATE) {
                throw new IllegalArgumentException(
                        "rate must be 1 to " + MAX_RATE + " events a second (got " + rate + ")");
            }
            if (duration.isNegative() || duration.compareTo(MAX_DURATION) > 0) {
                throw new IllegalArgumentException("duration must be 0 to " + MAX_DURATION + " (got " + duration + ")");
            }
            if (backfillDays < 0 || backfillDays > MAX_BACKFILL_DAYS) {
                throw new IllegalArgumentException(
                        "backfill-days must be 0 to " + MAX_BACKFILL_DAYS + " (got " + backfillDays + ")");
            }
            if (backfillPerDay < 1 || backfillPerDay > 10_000) {
                throw new IllegalArgumentException("per-day must be 1 to 10000 (got " + backfillPerDay + ")");
            }
            sources = Set.copyOf(sources);
        }
    }

    /** What a run did: events sent, accepted and rejected, requests that failed, and request round trips. */
    record Report(long sent, long accepted, long rejected, long failedRequests, Duration took, Histogram latency) {

        double eventsPerSecond() {
            return took.isZero() ? 0 : accepted * 1_000_000_000.0 / took.toNanos();
        }

        String line() {
            return "sent=%d accepted=%d rejected=%d failed_requests=%d seconds=%.1f events_per_second=%.0f p50_ms=%.1f p99_ms=%.1f"
                    .formatted(
                            sent,
                            accepted,
                            rejected,
                            failedRequests,
                            took.toMillis() / 1000.0,
                            eventsPerSecond(),
                            latency.getValueAtPercentile(50) / 1000.0,
                            latency.getValueAtPercentile(99) / 1000.0);
        }
    }

    private final Settings settings;
    private final EventGenerator generator;
    private final Clock clock;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    /** Round trips in microseconds, up to a minute. */
    private final Histogram latency = new SynchronizedHistogram(TimeUnit.MINUTES.toMicros(1), 3);

    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong failedRequests = new AtomicLong();
    private volatile boolean stopped;
    private volatile long startedNanos;
    private volatile long endedNanos;

    Simulation(Settings settings, EventGenerator generator, Clock clock) {
        this.settings = settings;
        this.generator = generator;
        this.clock = clock;
    }

    /** Runs the simulation to its end, or until {@link #stop()}; returns what it did. */
    Report run() throws InterruptedException {
        startedNanos = System.nanoTime();
        try {
            sendAll();
        } finally {
            endedNanos = System.nanoTime();
        }
        return report();
    }

    /** Ends a running simulation after the request in flight. */
    void stop() {
        stopped = true;
    }

    /** What the simulation has done so far. */
    Report report() {
        long end = endedNanos != 0 ? endedNanos : System.nanoTime();
        Histogram copy = latency.copy();
        return new Report(
                sent.get(),
                accepted.get(),
                rejected.get(),
                failedRequests.get(),
                startedNanos == 0 ? Duration.ZERO : Duration.ofNanos(end - startedNanos),
                copy);
    }

    private void sendAll() throws InterruptedException {
        if (settings.backfillDays() > 0) {
            List<Map<String, Object>> past = generator.backfill(
                    clock.instant(), settings.zone(), settings.backfillDays(), settings.backfillPerDay());
            for (int from = 0; from < past.size() && !stopped; from += BACKFILL_BATCH) {
                send(past.subList(from, Math.min(past.size(), from + BACKFILL_BATCH)));
            }
        }
        long liveStart = System.nanoTime();
        long ticks = settings.duration().toNanos() / TICK.toNanos();
        double due = 0;
        for (long tick = 0; tick < ticks && !stopped; tick++) {
            due += settings.rate() * (TICK.toNanos() / 1e9);
            int now = (int) due;
            due -= now;
            List<Map<String, Object>> batch = new ArrayList<>(now);
            Instant at = clock.instant();
            for (int i = 0; i < now; i++) {
                batch.add(generator.event(at));
            }
            if (!batch.isEmpty()) {
                send(batch);
            }
            long wait = liveStart + (tick + 1) * TICK.toNanos() - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
        }
    }

    private void send(List<Map<String, Object>> events) throws InterruptedException {
        sent.addAndGet(events.size());
        byte[] body = json.writeValueAsBytes(Map.of("events", events));
        for (int attempt = 1; attempt <= MAX_TRIES; attempt++) {
            long before = System.nanoTime();
            HttpResponse<String> answer;
            try {
                answer = http.send(
                        HttpRequest.newBuilder(settings.ingest())
                                .header("Authorization", "Bearer " + settings.key())
                                .header("Content-Type", "application/json")
                                .timeout(Duration.ofSeconds(30))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                TimeUnit.SECONDS.sleep(1);
                continue;
            }
            latency.recordValue(Math.min(latency.getHighestTrackableValue(), (System.nanoTime() - before) / 1000));
            int status = answer.statusCode();
            if (status == 429 || status == 503) {
                long seconds = answer.headers().firstValueAsLong("Retry-After").orElse(1);
                TimeUnit.SECONDS.sleep(Math.min(10, Math.max(1, seconds)));
                continue;
            }
            if (status == 202 || status == 400) {
                JsonNode result = json.readTree(answer.body());
                long taken = result.path("accepted").asLong(0);
                accepted.addAndGet(taken);
                rejected.addAndGet(events.size() - taken);
            } else {
                rejected.addAndGet(events.size());
            }
            return;
        }
        failedRequests.incrementAndGet();
    }
}
