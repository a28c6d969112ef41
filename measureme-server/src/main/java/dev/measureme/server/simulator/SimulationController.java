package dev.measureme.server.simulator;

import dev.measureme.server.account.CurrentUser;
import dev.measureme.server.web.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.HdrHistogram.Histogram;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/simulations}: the simulation panel starts, watches and stops simulated apps that send to the
 * real ingest API with a key of the user (DESIGN.md §9).
 */
@RestController
final class SimulationController {

    private final SimulationRuns runs;

    SimulationController(SimulationRuns runs) {
        this.runs = runs;
    }

    record Start(List<String> sources, Integer rate, Integer durationSeconds, Integer backfillDays) {}

    record RunView(
            String id,
            String state,
            List<String> sources,
            int rate,
            long durationSeconds,
            int backfillDays,
            Instant startedAt,
            Instant endedAt,
            long sent,
            long accepted,
            long rejected,
            long failedRequests,
            double eventsPerSecond,
            double requestP50Ms,
            double requestP99Ms,
            long seenLive,
            Double liveP50Ms,
            Double liveP99Ms) {

        static RunView of(SimulationRuns.Run run) {
            Simulation.Report report = run.simulation.report();
            Histogram live = run.liveLatency.copy();
            boolean anyLive = live.getTotalCount() > 0;
            return new RunView(
                    run.id,
                    run.endedAt == null ? "running" : run.stoppedByUser ? "stopped" : "finished",
                    run.settings.sources().stream()
                            .map(s -> s.name().toLowerCase(Locale.ROOT))
                            .sorted()
                            .toList(),
                    run.settings.rate(),
                    run.settings.duration().toSeconds(),
                    run.settings.backfillDays(),
                    run.startedAt,
                    run.endedAt,
                    report.sent(),
                    report.accepted(),
                    report.rejected(),
                    report.failedRequests(),
                    report.eventsPerSecond(),
                    report.latency().getValueAtPercentile(50) / 1000.0,
                    report.latency().getValueAtPercentile(99) / 1000.0,
                    run.seenLive.get(),
                    anyLive ? live.getValueAtPercentile(50) / 1000.0 : null,
                    anyLive ? live.getValueAtPercentile(99) / 1000.0 : null);
        }
    }

    record RunsAnswer(List<RunView> simulations) {}

    @PostMapping("/api/v1/simulations")
    ResponseEntity<RunView> start(@RequestBody Start body) {
        String user = CurrentUser.name();
        Set<EventGenerator.Source> sources = sources(body.sources());
        int rate = within("rate", body.rate(), 100, 1, Simulation.MAX_RATE);
        int seconds =
                within("duration_seconds", body.durationSeconds(), 60, 0, (int) Simulation.MAX_DURATION.toSeconds());
        int days = within("backfill_days", body.backfillDays(), 0, 0, Simulation.MAX_BACKFILL_DAYS);
        SimulationRuns.Run run = runs.start(user, rate, Duration.ofSeconds(seconds), days, sources)
                .orElseThrow(() -> new ApiException(
                        HttpStatus.CONFLICT, "simulation", "one simulation runs at a time; stop it or wait for it"));
        return ResponseEntity.status(HttpStatus.CREATED).body(RunView.of(run));
    }

    @GetMapping("/api/v1/simulations")
    RunsAnswer list() {
        return new RunsAnswer(
                runs.of(CurrentUser.name()).stream().map(RunView::of).toList());
    }

    @DeleteMapping("/api/v1/simulations/{id}")
    ResponseEntity<Void> stop(@PathVariable String id) {
        if (!runs.stop(CurrentUser.name(), id)) {
            throw new ApiException(HttpStatus.NOT_FOUND, "id", "no such simulation");
        }
        return ResponseEntity.noContent().build();
    }

    private static Set<EventGenerator.Source> sources(List<String> names) {
        if (names == null || names.isEmpty()) {
            return EnumSet.allOf(EventGenerator.Source.class);
        }
        Set<EventGenerator.Source> sources = EnumSet.noneOf(EventGenerator.Source.class);
        for (String name : names) {
            try {
                sources.add(EventGenerator.Source.valueOf(String.valueOf(name).toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "sources", "must each be one of fitness, study, voice");
            }
        }
        return sources;
    }

    private static int within(String field, Integer value, int otherwise, int min, int max) {
        int chosen = value == null ? otherwise : value;
        if (chosen < min || chosen > max) {
            throw new ApiException(
                    HttpStatus.BAD_REQUEST, field, "must be " + min + " to " + max + " (got " + chosen + ")");
        }
        return chosen;
    }
}
