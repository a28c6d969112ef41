package dev.measureme.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.measureme.core.event.Event;
import java.time.Instant;
import java.util.Map;

/** An event on the wire, as the API and the live feed show it. Duration is in seconds, like the contract. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record EventView(
        String id,
        String type,
        double value,
        String unit,
        double duration,
        String category,
        Instant timestamp,
        String source,
        Map<String, Object> attributes,
        Instant receivedAt) {

    static EventView of(Event e) {
        return new EventView(
                e.id(),
                e.type(),
                e.value(),
                e.unit(),
                e.durationMs() / 1000.0,
                e.category(),
                e.timestamp(),
                e.source(),
                e.attributes(),
                e.receivedAt());
    }
}
