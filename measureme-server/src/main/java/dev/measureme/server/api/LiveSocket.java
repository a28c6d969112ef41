package dev.measureme.server.api;

import dev.measureme.core.account.ApiKeys;
import dev.measureme.core.event.Event;
import dev.measureme.core.port.AccountStore;
import dev.measureme.core.port.EventBus;
import dev.measureme.server.account.ApiKeyAuthentication;
import dev.measureme.server.web.ApiException;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.session.SessionRepository;
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
final class LiveSocket extends TextWebSocketHandler implements HandshakeInterceptor, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(LiveSocket.class);

    /** Attribute under which the handshake stores the socket's user. */
    private static final String USER = "measureme.user";

    /** Attribute with the id of the HTTP session that opened the socket, absent for an API key. */
    private static final String SESSION = "measureme.session";

    /** Attribute with the hash of the API key that opened the socket, absent for a session. */
    private static final String KEY = "measureme.key";

    /** How often open sockets are checked against the session store: a logout closes them within this. */
    private static final Duration SESSION_CHECK = Duration.ofSeconds(1);

    /** Most bytes buffered for one slow socket. */
    private static final int BUFFER_BYTES = 1024 * 1024;

    /** Longest a single send may block before the socket is closed. */
    private static final int SEND_TIME_LIMIT_MS = 10_000;

    private final Callers callers;
    private final JsonMapper json;
    private final Map<String, Set<WebSocketSession>> socketsByUser = new ConcurrentHashMap<>();

    private final SessionRepository<?> sessions;
    private final AccountStore accounts;
    private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("live-session-check").daemon(true).factory());

    LiveSocket(Callers callers, JsonMapper json, EventBus bus, SessionRepository<?> sessions, AccountStore accounts) {
        this.callers = callers;
        this.accounts = accounts;
        this.json = json;
        this.sessions = sessions;
        bus.consumeLive(this::push);
        checker.scheduleWithFixedDelay(
                this::closeEndedSessions, SESSION_CHECK.toMillis(), SESSION_CHECK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Closes every socket whose HTTP session has ended (logout, expiry, account deletion), on whichever api
     * replica the session ended: the session store is shared, so each replica sees the end. A socket opened
     * with an API key closes once the key is revoked (or its account deleted).
     */
    private void closeEndedSessions() {
        for (Set<WebSocketSession> sockets : socketsByUser.values()) {
            for (WebSocketSession socket : sockets) {
                String session = (String) socket.getAttributes().get(SESSION);
                String key = (String) socket.getAttributes().get(KEY);
                try {
                    if (session != null && sessions.findById(session) == null) {
                        socket.close(CloseStatus.POLICY_VIOLATION.withReason("session ended"));
                    } else if (key != null
                            && accounts.keyByHash(key)
                                    .filter(k -> k.revokedAt() == null)
                                    .isEmpty()) {
                        socket.close(CloseStatus.POLICY_VIOLATION.withReason("API key revoked"));
                    }
                } catch (IOException | RuntimeException e) {
                    log.debug("live session check failed socket={} cause={}", socket.getId(), e.toString());
                }
            }
        }
    }

    @Override
    public void destroy() {
        checker.shutdownNow();
    }

    record LiveMessage(List<EventView> events) {}

    @Override
    public boolean beforeHandshake(
            ServerHttpRequest request,
            ServerHttpResponse response,
            WebSocketHandler handler,
            Map<String, Object> attributes) {
        try {
            attributes.put(USER, callers.user());
        } catch (ApiException e) {
            response.setStatusCode(HttpStatus.UNAUTHORIZED);
            return false;
        }
        if (SecurityContextHolder.getContext().getAuthentication() instanceof ApiKeyAuthentication key) {
            attributes.put(KEY, key.key().hash());
        } else if (request instanceof ServletServerHttpRequest servlet
                && !ApiKeys.isBearer(servlet.getServletRequest().getHeader(HttpHeaders.AUTHORIZATION))) {
            HttpSession session = servlet.getServletRequest().getSession(false);
            if (session != null) {
                attributes.put(SESSION, session.getId());
            }
        }
        return true;
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
