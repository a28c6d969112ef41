package dev.measureme.server.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.measureme.core.account.ApiKey;
import dev.measureme.core.account.Scope;
import dev.measureme.core.event.EventParser;
import dev.measureme.core.event.IngestBatch;
import dev.measureme.core.event.ParseResult;
import dev.measureme.core.event.Rejection;
import dev.measureme.core.event.RequestProblem;
import dev.measureme.core.event.Warning;
import dev.measureme.core.port.BackendUnavailableException;
import dev.measureme.core.port.EventBus;
import dev.measureme.server.account.ApiKeyAuthentication;
import dev.measureme.server.web.ApiException;
import dev.measureme.server.web.RateLimiter;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/events}: the event contract of DESIGN.md §4.
 *
 * <p>A 202 is a promise: the request is answered only once the bus says its accepted events are durable.
 * Rejected events travel with them as warnings, so they are kept too. The request thread blocks while it
 * waits; it is a virtual thread, so waiting costs no platform thread.
 */
@RestController
final class IngestController {

    private static final Logger log = LoggerFactory.getLogger(IngestController.class);

    private final EventParser parser;
    private final EventBus bus;
    private final IngestProperties properties;
    private final Clock clock;
    private final RateLimiter perKey;

    /** API keys whose rate this process tracks at once. */
    private static final int MAX_RATE_LIMITED_KEYS = 100_000;

    IngestController(EventParser parser, EventBus bus, IngestProperties properties, Clock clock) {
        this.parser = parser;
        this.bus = bus;
        this.properties = properties;
        this.clock = clock;
        long burst = properties.keyBurst();
        this.perKey = new RateLimiter(
                burst,
                Duration.ofNanos(burst * 1_000_000_000L / properties.keyEventsPerSecond()),
                MAX_RATE_LIMITED_KEYS);
    }

    /** The answer to every request that reached parsing: DESIGN.md §4's shape. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record IngestAnswer(int accepted, List<RejectedEvent> rejected, Problem error) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RejectedEvent(int index, String field, String reason) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Problem(String field, String reason, Integer line, Integer column) {}

    @PostMapping("/api/v1/events")
    ResponseEntity<?> ingest(HttpServletRequest request) throws IOException {
        // The security filters authenticated the key already (an unknown one never gets here): one lookup.
        if (!(SecurityContextHolder.getContext().getAuthentication() instanceof ApiKeyAuthentication caller)) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, "Authorization", "missing, unknown or revoked API key");
        }
        ApiKey key = caller.key();
        if (!key.allows(Scope.INGEST)) {
            throw new ApiException(HttpStatus.FORBIDDEN, "Authorization", "this API key lacks the ingest scope");
        }
        requireJson(request.getContentType());
        byte[] body = RequestBody.read(
                request.getInputStream(),
                request.getContentLengthLong(),
                request.getHeader(HttpHeaders.CONTENT_ENCODING));
        ParseResult result = parser.parse(body, key.user(), key.source());
        // Every event counts against the key's rate, accepted or not; a body refused whole counts as one.
        int events = result instanceof ParseResult.Parsed parsed
                ? parsed.accepted().size() + parsed.rejected().size()
                : 1;
        OptionalLong wait = perKey.tryTake(key.id(), events);
        if (wait.isPresent()) {
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                    .header(HttpHeaders.RETRY_AFTER, Long.toString(wait.getAsLong()))
                    .body(new IngestAnswer(
                            0,
                            List.of(),
                            new Problem(
                                    "Authorization",
                                    "this API key sent more than " + properties.keyEventsPerSecond()
                                            + " events a second; nothing of this request was stored",
                                    null,
                                    null)));
        }
        return switch (result) {
            case ParseResult.Refused(RequestProblem problem) -> refused(key, problem);
            case ParseResult.Parsed parsed -> answer(key, parsed);
        };
    }

    private static void requireJson(String contentType) {
        MediaType type;
        try {
            type = contentType == null ? null : MediaType.parseMediaType(contentType);
        } catch (IllegalArgumentException e) {
            type = null;
        }
        if (type == null || !type.isCompatibleWith(MediaType.APPLICATION_JSON)) {
            throw new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Type", "must be application/json");
        }
        String charset = type.getParameter("charset");
        if (charset != null && !charset.equalsIgnoreCase("utf-8")) {
            throw new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Type", "the charset must be UTF-8");
        }
    }

    private ResponseEntity<?> refused(ApiKey key, RequestProblem problem) {
        Rejection whole = new Rejection(-1, problem.field(), problem.reason(), null);
        keepWarnings(key, List.of(whole));
        HttpStatus status =
                problem.kind() == RequestProblem.Kind.TOO_LARGE ? HttpStatus.CONTENT_TOO_LARGE : HttpStatus.BAD_REQUEST;
        Integer line = problem.line() > 0 ? problem.line() : null;
        Integer column = problem.column() > 0 ? problem.column() : null;
        return ResponseEntity.status(status)
                .body(new IngestAnswer(0, List.of(), new Problem(problem.field(), problem.reason(), line, column)));
    }

    private ResponseEntity<?> answer(ApiKey key, ParseResult.Parsed parsed) {
        List<RejectedEvent> rejected = parsed.rejected().stream()
                .map(r -> new RejectedEvent(r.index(), r.field(), r.reason()))
                .toList();
        if (parsed.accepted().isEmpty()) {
            keepWarnings(key, parsed.rejected());
            return ResponseEntity.badRequest().body(new IngestAnswer(0, rejected, null));
        }
        IngestBatch batch = new IngestBatch(key.user(), parsed.accepted(), warnings(key, parsed.rejected()));
        try {
            bus.publishIngest(batch)
                    .toCompletableFuture()
                    .get(properties.commitTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | BackendUnavailableException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            log.warn(
                    "ingest not durable, answering 503 user={} events={} cause={}",
                    key.user(),
                    parsed.accepted().size(),
                    cause.toString());
            return unavailable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable();
        }
        return ResponseEntity.accepted().body(new IngestAnswer(parsed.accepted().size(), rejected, null));
    }

    private ResponseEntity<?> unavailable() {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(
                        HttpHeaders.RETRY_AFTER,
                        Long.toString(properties.retryAfter().toSeconds()))
                .body(new IngestAnswer(
                        0,
                        List.of(),
                        new Problem(null, "events could not be made durable now; retry later", null, null)));
    }

    /**
     * Keeps the warnings of a request that has nothing to accept. The client already has the reasons in the
     * answer, so a failure here is logged rather than turned into a 503.
     */
    private void keepWarnings(ApiKey key, List<Rejection> rejections) {
        try {
            bus.publishIngest(new IngestBatch(key.user(), List.of(), warnings(key, rejections)))
                    .toCompletableFuture()
                    .get(properties.commitTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | BackendUnavailableException e) {
            log.warn("warnings not kept user={} count={} cause={}", key.user(), rejections.size(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<Warning> warnings(ApiKey key, List<Rejection> rejections) {
        Instant now = clock.instant();
        return rejections.stream()
                .map(r -> new Warning(key.user(), now, key.source(), r))
                .toList();
    }
}
