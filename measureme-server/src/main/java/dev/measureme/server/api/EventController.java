package dev.measureme.server.api;

import dev.measureme.core.event.EventCursor;
import dev.measureme.core.event.EventLimits;
import dev.measureme.core.event.EventPage;
import dev.measureme.core.event.EventQuery;
import dev.measureme.core.event.Warning;
import dev.measureme.core.port.EventStore;
import dev.measureme.server.web.ApiException;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/events} (newest first, cursor pages) and {@code GET /api/v1/warnings}. */
@RestController
final class EventController {

    /** Most events or warnings in one page. */
    private static final int MAX_LIMIT = 1000;

    private final Callers callers;
    private final EventStore store;

    EventController(Callers callers, EventStore store) {
        this.callers = callers;
        this.store = store;
    }

    record EventsAnswer(List<EventView> events, String nextCursor) {}

    record WarningsAnswer(List<WarningView> warnings) {}

    record WarningView(Instant receivedAt, String source, Integer index, String id, String field, String reason) {
        static WarningView of(Warning w) {
            int index = w.rejection().index();
            return new WarningView(
                    w.receivedAt(),
                    w.source(),
                    index < 0 ? null : index,
                    w.rejection().eventId(),
                    w.rejection().field(),
                    w.rejection().reason());
        }
    }

    @GetMapping("/api/v1/events")
    EventsAnswer events(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "100") int limit) {
        String user = callers.user();
        Instant start = TimeParams.parse("from", from, EventLimits.EARLIEST);
        Instant end = TimeParams.parse("to", to, Instant.parse("9999-01-01T00:00:00Z"));
        TimeParams.requireOrdered(start, end);
        TypeParam.check(type);
        EventCursor after = null;
        if (cursor != null && !cursor.isEmpty()) {
            after = EventCursor.decode(cursor)
                    .orElseThrow(() ->
                            new ApiException(HttpStatus.BAD_REQUEST, "cursor", "is not a cursor this API returned"));
        }
        EventPage page = store.events(new EventQuery(user, start, end, type, after, checkLimit(limit)));
        return new EventsAnswer(
                page.events().stream().map(EventView::of).toList(),
                page.next() == null ? null : page.next().encode());
    }

    @GetMapping("/api/v1/warnings")
    WarningsAnswer warnings(@RequestParam(defaultValue = "100") int limit) {
        String user = callers.user();
        return new WarningsAnswer(store.warnings(user, checkLimit(limit)).stream()
                .map(WarningView::of)
                .toList());
    }

    private static int checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "limit", "must be between 1 and " + MAX_LIMIT);
        }
        return limit;
    }
}
