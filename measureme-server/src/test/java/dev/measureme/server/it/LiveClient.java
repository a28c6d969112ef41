package dev.measureme.server.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/** A WebSocket client of {@code /api/v1/live} that counts how often it saw each event id. */
final class LiveClient implements WebSocket.Listener, AutoCloseable {

    private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    private final StringBuilder partial = new StringBuilder();
    private final WebSocket socket;

    /** Connects as the owner of {@code key}, a key with the read scope. */
    LiveClient(HttpClient http, int port, String key) throws Exception {
        WebSocket.Builder builder = http.newWebSocketBuilder();
        builder.header("Authorization", "Bearer " + key);
        socket = builder.buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/v1/live"), this)
                .get(10, TimeUnit.SECONDS);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            JsonNode message = MeasureMeProcess.JSON.readTree(partial.toString());
            partial.setLength(0);
            for (JsonNode event : message.get("events")) {
                seen.computeIfAbsent(event.get("id").asString(), id -> new AtomicInteger())
                        .incrementAndGet();
            }
        }
        webSocket.request(1);
        return null;
    }

    Map<String, AtomicInteger> seen() {
        return seen;
    }

    @Override
    public void close() {
        socket.abort();
    }
}
