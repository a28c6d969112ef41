package dev.measureme.server.api;

import dev.measureme.core.event.Event;
import dev.measureme.core.port.EventBus;
import dev.measureme.server.web.ApiException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code WS /api/v1/live}: pushes each processed event to the sockets of its owner, as {@code {"events":
 * [...]}} messages, one per processed batch.
 *
 * <p><b>Concurrency.</b> Bus listeners run on the bus's live thread. Each socket is wrapped in a {@link
 * ConcurrentWebSocketSessionDecorator}, which buffers up to {@link #BUFFER_BYTES} for a slow client and
 * closes a client that stays stuck longer than {@link #SEND_TIME_LIMIT_MS}, so one slow browser never holds
 * up the others.
 */
final class LiveSocket extends TextWebSocketHandler implements HandshakeInterceptor {

    private static final Logger log = LoggerFactory.getLogger(LiveSocket.class);

    /** Attribute under which the handshake stores the socket's user. */
    private static final String USER = "measureme.user";

    /** Most bytes buffered for one slow socket. */
    private static final int BUFFER_BYTES = 1024 * 1024;

    /** Longest a single send may block before the socket is closed. */
    private static final int SEND_TIME_LIMIT_MS = 10_000;

    private final Callers callers;
    private final JsonMapper json;
    private final Map<String, Set<WebSocketSession>> socketsByUser = new ConcurrentHashMap<>();

    LiveSocket(Callers callers, JsonMapper json, EventBus bus) {
        this.callers = callers;
        this.json = json;
        bus.consumeLive(this::push);
    }

    record LiveMessage(List<EventView> events) {}

    @Override
    public boolean beforeHandshake(
            ServerHttpRequest request,
            ServerHttpResponse response,
            WebSocketHandler handler,
            Map<String, Object> attributes) {
        try {
            attributes.put(USER, callers.user(request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION)));
            return true;
        } catch (ApiException e) {
            response.setStatusCode(org.springframework.http.HttpStatus.UNAUTHORIZED);
            return false;
        }
    }

    @Override
    public void afterHandshake(
            ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler, Exception e) {}

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        WebSocketSession safe = new ConcurrentWebSocketSessionDecorator(session, SEND_TIME_LIMIT_MS, BUFFER_BYTES);
        socketsByUser
                .computeIfAbsent(userOf(session), u -> ConcurrentHashMap.newKeySet())
                .add(safe);
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        Set<WebSocketSession> sockets = socketsByUser.get(userOf(session));
        if (sockets != null) {
            sockets.removeIf(s -> s.getId().equals(session.getId()));
        }
    }

    private static String userOf(WebSocketSession session) {
        return (String) session.getAttributes().get(USER);
    }

    private void push(List<Event> events) {
        Map<String, List<Event>> byUser = events.stream().collect(Collectors.groupingBy(Event::user));
        byUser.forEach((user, own) -> {
            Set<WebSocketSession> sockets = socketsByUser.get(user);
            if (sockets == null || sockets.isEmpty()) {
                return;
            }
            TextMessage message = new TextMessage(json.writeValueAsString(
                    new LiveMessage(own.stream().map(EventView::of).toList())));
            for (WebSocketSession socket : sockets) {
                try {
                    socket.sendMessage(message);
                } catch (IOException | IllegalStateException e) {
                    log.debug("live send failed session={} cause={}", socket.getId(), e.toString());
                }
            }
        });
    }
}
