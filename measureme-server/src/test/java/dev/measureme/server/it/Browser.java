package dev.measureme.server.it;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A person's browser against one MeasureMe process: it keeps cookies, and sends the CSRF token from the
 * {@code XSRF-TOKEN} cookie in {@code X-XSRF-TOKEN} with every state-changing request, as the pages do.
 */
final class Browser {

    private final CookieManager cookies;
    private final HttpClient http;
    private final URI base;

    Browser(int port) {
        this(port, new CookieManager());
    }

    /** A browser whose cookies are shared with others: one person behind a load balancer of replicas. */
    Browser(int port, CookieManager cookies) {
        this.cookies = cookies;
        this.base = URI.create("http://127.0.0.1:" + port);
        this.http = HttpClient.newBuilder()
                .cookieHandler(cookies)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    /** A {@code GET} that carries only the given session cookie, as a thief replaying it would. */
    HttpResponse<String> getWithSession(String session, String path) {
        return sendWithoutCookies(HttpRequest.newBuilder(base.resolve(path)).header("Cookie", "SESSION=" + session));
    }

    /** Fetches the login page first, which sets the CSRF cookie, as a person arriving does. */
    HttpResponse<String> logIn(String user, String password) {
        if (cookie("XSRF-TOKEN").isEmpty()) {
            get("/login");
        }
        String form = Map.of("username", user, "password", password).entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(withCsrf(HttpRequest.newBuilder(base.resolve("/login")))
                .header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    HttpResponse<String> signUp(String user, String password, String zone) {
        get("/login");
        return postJson(
                "/api/v1/users",
                "{\"username\":\"" + user + "\",\"password\":\"" + password + "\",\"timezone\":\"" + zone + "\"}");
    }

    /** Creates an API key of this browser's user, as the keys page does; answers its secret. */
    String createKey(String source, String... scopes) {
        String scopeList = String.join("\",\"", scopes);
        HttpResponse<String> created =
                postJson("/api/v1/keys", "{\"source\":\"" + source + "\",\"scopes\":[\"" + scopeList + "\"]}");
        if (created.statusCode() != 201) {
            throw new AssertionError("creating a key answered " + created.statusCode() + ": " + created.body());
        }
        return MeasureMeProcess.JSON.readTree(created.body()).get("secret").asString();
    }

    HttpResponse<String> postJson(String path, String json) {
        return send(withCsrf(HttpRequest.newBuilder(base.resolve(path)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** {@code POST /api/v1/events} with an API key and no cookie, as an app sends. */
    HttpResponse<String> postEventsWithKey(String key, String json) {
        return sendWithoutCookies(HttpRequest.newBuilder(base.resolve("/api/v1/events"))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A JSON POST with the CSRF token and no length: the body goes chunked, so no filter can refuse it unread. */
    HttpResponse<String> postJsonChunked(String path, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return send(withCsrf(HttpRequest.newBuilder(base.resolve(path)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
    }

    /** A POST of raw bytes with the CSRF token, and a {@code Content-Encoding: gzip} if they are gzip. */
    HttpResponse<String> post(String path, byte[] body, String contentType) {
        HttpRequest.Builder request =
                withCsrf(HttpRequest.newBuilder(base.resolve(path))).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (body.length > 2 && body[0] == (byte) 0x1f && body[1] == (byte) 0x8b) {
            request.header("Content-Encoding", "gzip");
        }
        return send(request);
    }

    /** A POST that carries the session cookie but no CSRF token, as a forged cross-site form would. */
    HttpResponse<String> postJsonWithoutCsrf(String path, String json) {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> delete(String path) {
        return send(withCsrf(HttpRequest.newBuilder(base.resolve(path))).DELETE());
    }

    HttpResponse<String> patchJson(String path, String json) {
        return send(withCsrf(HttpRequest.newBuilder(base.resolve(path)))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> putJson(String path, String json) {
        return send(withCsrf(HttpRequest.newBuilder(base.resolve(path)))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> deleteJson(String path, String json) {
        return send(withCsrf(HttpRequest.newBuilder(base.resolve(path)))
                .header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> logOut() {
        return send(
                withCsrf(HttpRequest.newBuilder(base.resolve("/logout"))).POST(HttpRequest.BodyPublishers.noBody()));
    }

    Optional<String> cookie(String name) {
        return cookies.getCookieStore().get(base).stream()
                .filter(c -> c.getName().equals(name))
                .map(HttpCookie::getValue)
                .findFirst();
    }

    /** Opens {@code /api/v1/live} with this browser's cookies and the given {@code Origin}. */
    WebSocket openLive(String origin, WebSocket.Listener listener) throws Exception {
        return live(origin, null).buildAsync(liveUri(), listener).get(10, TimeUnit.SECONDS);
    }

    /**
     * The status with which the server refused to open {@code /api/v1/live}, for this browser's cookies (or
     * only the given session cookie) and the given {@code Origin}; fails if the socket opened.
     */
    int refusedLive(String origin, String sessionCookie) throws Exception {
        try {
            live(origin, sessionCookie)
                    .buildAsync(liveUri(), new WebSocket.Listener() {})
                    .get(10, TimeUnit.SECONDS)
                    .abort();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
        throw new AssertionError("the live socket opened");
    }

    private WebSocket.Builder live(String origin, String sessionCookie) {
        WebSocket.Builder builder = (sessionCookie == null ? http : HttpClient.newHttpClient()).newWebSocketBuilder();
        if (origin != null) {
            builder.header("Origin", origin);
        }
        if (sessionCookie != null) {
            builder.header("Cookie", "SESSION=" + sessionCookie);
        }
        return builder;
    }

    private URI liveUri() {
        return URI.create("ws://127.0.0.1:" + base.getPort() + "/api/v1/live");
    }

    String origin() {
        return base.toString();
    }

    private HttpRequest.Builder withCsrf(HttpRequest.Builder request) {
        cookie("XSRF-TOKEN").ifPresent(token -> request.header("X-XSRF-TOKEN", token));
        return request;
    }

    /** Sends with a client of its own, so that none of this browser's cookies go along. */
    private static HttpResponse<String> sendWithoutCookies(HttpRequest.Builder request) {
        return send(HttpClient.newHttpClient(), request);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        return send(http, request);
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
