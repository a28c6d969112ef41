package dev.measureme.server.api;

import dev.measureme.core.port.BackendUnavailableException;
import dev.measureme.core.port.QueueGauge;
import dev.measureme.core.port.QueueGauge.BusLoad;
import dev.measureme.core.port.QueueGauge.QueueLoad;
import dev.measureme.server.web.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/pipeline}: how loaded the queues between ingest, router and worker are now, for the
 * dashboard's pipeline page. Aggregate counts only (see {@link QueueGauge}), so any signed-in caller may read
 * them; a broker that cannot be asked is answered 503 with {@code Retry-After}.
 */
@RestController
final class PipelineController {

    private static final Logger log = LoggerFactory.getLogger(PipelineController.class);

    /** What {@code Retry-After} tells a caller when the broker cannot be asked; the page polls sooner anyway. */
    private static final long RETRY_AFTER_SECONDS = 5;

    private final Callers callers;
    private final QueueGauge gauge;
    private final Clock clock;

    PipelineController(Callers callers, QueueGauge gauge, Clock clock) {
        this.callers = callers;
        this.gauge = gauge;
        this.clock = clock;
    }

    record PipelineAnswer(String mode, int partitions, long deadLetters, Instant readAt, List<QueueView> queues) {}

    /** {@code stage} is {@code ingest}, {@code work} or {@code dead-letters}; capacity is null when unbounded. */
    record QueueView(String name, String stage, Integer partition, long messages, long consumers, Long capacity) {

        static QueueView of(QueueLoad queue) {
            return new QueueView(
                    queue.name(),
                    wireName(queue.stage()),
                    queue.partition(),
                    queue.messages(),
                    queue.consumers(),
                    queue.capacity());
        }
    }

    @GetMapping("/api/v1/pipeline")
    PipelineAnswer pipeline() {
        // Signed-in callers only (401 otherwise), though the answer belongs to no user.
        callers.user();
        BusLoad load;
        try {
            load = gauge.read();
        } catch (BackendUnavailableException e) {
            log.warn("pipeline load unavailable cause={}", e.toString());
            throw new ApiException(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "broker",
                    "the queues cannot be read now (" + e.getMessage() + "); try again",
                    RETRY_AFTER_SECONDS);
        }
        return new PipelineAnswer(
                wireName(load.mode()),
                load.partitions(),
                load.deadLetters(),
                clock.instant(),
                load.queues().stream().map(QueueView::of).toList());
    }

    private static String wireName(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
