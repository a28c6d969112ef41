package dev.measureme.core.event;

/**
 * Why one event of a request was not accepted. A rejection is a value, not an exception.
 *
 * @param index the event's position in the request (0 for a single-event body)
 * @param field the offending field, e.g. {@code timestamp} or {@code attributes.mood}; {@code event} for
 *     the event as a whole
 * @param reason what is wrong, for a developer to read
 * @param eventId the event's {@code id} when it had a readable one, else {@code null}
 */
public record Rejection(int index, String field, String reason, String eventId) {

    static Rejection of(int index, String field, String reason) {
        return new Rejection(index, field, reason, null);
    }

    Rejection withEventId(String id) {
        return new Rejection(index, field, reason, id);
    }
}
