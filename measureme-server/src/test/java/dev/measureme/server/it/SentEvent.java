package dev.measureme.server.it;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A valid event as the test sends it, and what the test expects to find of it. */
record SentEvent(String id, String type, long value, Instant timestamp, long durationSeconds) {

    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("type", type);
        json.put("value", value);
        json.put("timestamp", timestamp.toString());
        if (durationSeconds > 0) {
            json.put("duration", durationSeconds);
        }
        return json;
    }
}
