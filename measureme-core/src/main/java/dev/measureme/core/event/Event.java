package dev.measureme.core.event;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One accepted measurement, as stored: identity is ({@link #user}, {@link #id}).
 *
 * @param user the owner, bound from the API key, never from the body
 * @param id the client's id, or a server-assigned UUIDv7 when {@link #idGenerated}
 * @param type the metric name, e.g. {@code pushups}
 * @param value the amount, 1 unless given
 * @param unit optional unit, up to 16 characters
 * @param durationMs how long the event lasted; the event covers {@code [timestamp, timestamp + duration)}
 * @param category optional grouping such as {@code fitness}
 * @param timestamp when it happened, already corrected for clock skew
 * @param source the app that sent it
 * @param attributes flat map of strings, finite numbers and booleans
 * @param receivedAt when ingest received the request
 * @param idGenerated whether the server assigned {@link #id}
 */
public record Event(
        String user,
        String id,
        String type,
        double value,
        String unit,
        long durationMs,
        String category,
        Instant timestamp,
        String source,
        Map<String, Object> attributes,
        Instant receivedAt,
        boolean idGenerated) {

    public Event {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(receivedAt, "receivedAt");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** The instant the event's time span ends (exclusive). */
    public Instant end() {
        return timestamp.plusMillis(durationMs);
    }
}
