package dev.measureme.core.event;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * A position in the newest-first event listing: the last (timestamp, id) a page returned. Opaque to clients.
 */
public record EventCursor(Instant timestamp, String id) {

    public String encode() {
        String plain = timestamp.toEpochMilli() + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes a cursor that {@link #encode} made; empty for anything else. */
    public static Optional<EventCursor> decode(String cursor) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int colon = plain.indexOf(':');
            if (colon < 1 || colon == plain.length() - 1) {
                return Optional.empty();
            }
            long millis = Long.parseLong(plain.substring(0, colon));
            return Optional.of(new EventCursor(Instant.ofEpochMilli(millis), plain.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
