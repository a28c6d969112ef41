package dev.measureme.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import tools.jackson.databind.JsonNode;

/**
 * Accounts, sessions, API keys and the browser protections, against the jar (embedded, guest and sign-up on).
 * Each test works with users of its own, so the tests share one process. The test opens the process's H2
 * database beside it (AUTO_SERVER) to check what is stored.
 */
class AccountsIT {

    private static final String TRUSTED_ORIGIN = "http://trusted.example";

    @TempDir
    static Path dataDir;

    private static MeasureMeProcess app;

    @BeforeAll
    static void start() {
        app = MeasureMeProcess.start(
                "accounts",
                dataDir,
                "--spring.datasource.url=" + jdbcUrl()
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;LOCK_TIMEOUT=10000",
                "--measureme.security.allowed-origins=" + TRUSTED_ORIGIN,
                "--measureme.ingest.key-events-per-second=500",
                "--measureme.ingest.key-burst=1000");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        app.close();
    }

    private static String jdbcUrl() {
        return "jdbc:h2:file:" + dataDir.resolve("measureme") + ";AUTO_SERVER=TRUE";
    }

    @Test
    void login_wrongPasswordThenRight_startsAHardenedSession() {
        new Browser(app.port()).signUp("lena", "lena's long password", "Europe/Berlin");
        Browser browser = new Browser(app.port());

        HttpResponse<String> wrong = browser.logIn("lena", "not lena's password");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("\"field\":\"password\"");
        assertThat(browser.cookie("SESSION")).isEmpty();

        HttpResponse<String> right = browser.logIn("lena", "lena's long password");
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(right.headers().allValues("Set-Cookie"))
                .filteredOn(c -> c.startsWith("SESSION="))
                .singleElement()
                .satisfies(cookie -> assertThat(cookie)
                        .contains("HttpOnly")
                        .contains("SameSite=Lax")
                        .doesNotContain("Secure"));
        assertThat(browser.get("/api/v1/me").body()).contains("\"name\":\"lena\"", "\"timezone\":\"Europe/Berlin\"");
        assertThat(browser.get("/").body()).contains("/dashboard.js");
    }

    @Test
    void login_givesANewSessionId_andTheOldOneNoLongerWorks() {
        Browser browser = new Browser(app.port());
        browser.signUp("fixation", "fixation's password", "UTC");
        String before = browser.cookie("SESSION").orElseThrow();

        assertThat(browser.logIn("fixation", "fixation's password").statusCode())
                .isEqualTo(200);

        String after = browser.cookie("SESSION").orElseThrow();
        assertThat(after).isNotEqualTo(before);
        assertThat(browser.getWithSession(before, "/api/v1/me").statusCode()).isEqualTo(401);
        assertThat(browser.getWithSession(after, "/api/v1/me").statusCode()).isEqualTo(200);
    }

    @Test
    void stateChange_withoutCsrfToken_isRefused_andChangesNothing() {
        Browser browser = new Browser(app.port());
        browser.signUp("csrf", "csrf's password!", "UTC");

        HttpResponse<String> forged =
                browser.postJsonWithoutCsrf("/api/v1/keys", "{\"source\":\"evil\",\"scopes\":[\"read\"]}");

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("X-XSRF-TOKEN");
        assertThat(json(browser.get("/api/v1/keys")).get("keys")).isEmpty();
        assertThat(browser.logOut().statusCode()).isEqualTo(204);
    }

    @Test
    void everyAnswer_carriesTheBrowserProtections() {
        for (HttpResponse<String> answer : List.of(
                app.getAnonymously("/login"), app.getAnonymously("/api/v1/session"), app.get("/api/v1/events"))) {
            assertThat(answer.headers().firstValue("Content-Security-Policy"))
                    .hasValueSatisfying(csp -> assertThat(csp)
                            .contains("script-src 'self'", "frame-ancestors 'none'", "object-src 'none'")
                            .doesNotContain("unsafe-inline", "unsafe-eval"));
            assertThat(answer.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(answer.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(answer.headers().firstValue("Referrer-Policy")).hasValue("same-origin");
        }
    }

    @Test
    void keys_areShownOnce_listedWithoutSecret_andRevokedAtOnce() {
        Browser browser = new Browser(app.port());
        browser.signUp("keys", "keys' long password", "UTC");
        HttpResponse<String> created =
                browser.postJson("/api/v1/keys", "{\"source\":\"watch\",\"scopes\":[\"ingest\",\"read\"]}");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode key = json(created);
        String secret = key.get("secret").asString();
        assertThat(secret).startsWith("mm_").startsWith(key.get("prefix").asString());

        assertThat(app.postEvents(secret, "{\"id\":\"k1\",\"type\":\"pushups\",\"value\":3}")
                        .statusCode())
                .isEqualTo(202);
        JsonNode listed = json(browser.get("/api/v1/keys")).get("keys").get(0);
        assertThat(listed.has("secret")).isFalse();
        assertThat(listed.get("source").asString()).isEqualTo("watch");
        assertThat(listed.get("last_used_at").isNull()).isFalse();

        assertThat(browser.delete("/api/v1/keys/" + key.get("id").asString()).statusCode())
                .isEqualTo(204);

        assertThat(app.postEvents(secret, "{\"id\":\"k2\",\"type\":\"pushups\"}")
                        .statusCode())
                .isEqualTo(401);
        assertThat(getWithKey(secret, "/api/v1/events").statusCode()).isEqualTo(401);
        assertThat(browser.delete("/api/v1/keys/" + key.get("id").asString()).statusCode())
                .isEqualTo(404);
        assertThat(json(browser.get("/api/v1/keys"))
                        .get("keys")
                        .get(0)
                        .get("revoked_at")
                        .isNull())
                .isFalse();
    }

    @Test
    void ingest_overTheKeysRate_gets429WithRetryAfter_andStoresNothingOfThatRequest() {
        Browser browser = new Browser(app.port());
        browser.signUp("rate", "rate's long password", "UTC");
        String key = secret(browser, "ingest");
        String reader = secret(browser, "read");

        assertThat(app.postEvents(key, batch("first", 1_000)).statusCode()).isEqualTo(202);
        HttpResponse<String> over = app.postEvents(key, batch("second", 1_000));

        assertThat(over.statusCode()).isEqualTo(429);
        assertThat(over.headers().firstValue("Retry-After"))
                .hasValueSatisfying(
                        seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 2L));
        assertThat(over.body()).contains("\"field\":\"Authorization\"");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> json(getWithKey(reader, "/api/v1/events?limit=1000&type=pushups"))
                                .get("events")
                                .size()
                        == 1_000);
        assertThat(getWithKey(reader, "/api/v1/events?limit=1000&type=pushups").body())
                .doesNotContain("second-");
        await("the bucket refills at 500 events a second")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> app.postEvents(key, batch("second", 1_000)).statusCode() == 202);
    }

    private static String batch(String prefix, int size) {
        StringBuilder events = new StringBuilder("{\"events\":[");
        for (int i = 0; i < size; i++) {
            events.append(i == 0 ? "" : ",")
                    .append("{\"id\":\"")
                    .append(prefix)
                    .append('-')
                    .append(i)
                    .append("\",\"type\":\"pushups\"}");
        }
        return events.append("]}").toString();
    }

    @Test
    void export_returnsEverythingOfTheUser_andDeletionLeavesNothing() throws Exception {
        Browser browser = new Browser(app.port());
        String password = "leaver's long password";
        browser.signUp("leaver", password, "Asia/Kolkata");
        String key = secret(browser, "ingest");
        assertThat(app.postEvents(key, """
                        {"events": [
                          {"id": "run-1", "type": "runs", "value": 5, "duration": 5400,
                           "timestamp": "2026-11-30T23:00:00Z", "attributes": {"route": "=cmd|' /C calc'!A0"}},
                          {"id": "water-1", "type": "water.glasses", "value": 2, "timestamp": "2026-12-01T08:00:00Z",
                           "category": "=1+2"},
                          {"type": "Not A Type"}]}""").statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> json(browser.get("/api/v1/events")).get("events").size() == 2);

        JsonNode export = json(browser.get("/api/v1/export"));
        assertThat(export.get("user").get("name").asString()).isEqualTo("leaver");
        assertThat(export.get("user").get("timezone").asString()).isEqualTo("Asia/Kolkata");
        assertThat(export.get("events"))
                .extracting(e -> e.get("id").asString())
                .containsExactlyInAnyOrder("run-1", "water-1");
        assertThat(export.get("warnings"))
                .singleElement()
                .satisfies(w -> assertThat(w.get("field").asString()).isEqualTo("type"));
        assertThat(export.get("keys"))
                .singleElement()
                .satisfies(k -> assertThat(k.has("secret")).isFalse());
        // 23:00-00:30 UTC: two hours; in Kolkata 04:30-06:00 on 1 December, one day; and the water's hour and day.
        assertThat(export.get("buckets").get("hour")).hasSize(3);
        assertThat(export.get("buckets").get("day")).hasSize(2);
        assertThat(export.get("buckets").get("month")).hasSize(2);
        assertThat(export.toString()).doesNotContain(key);

        HttpResponse<String> eventsCsv = browser.get("/api/v1/export?format=csv&data=events");
        assertThat(eventsCsv.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(eventsCsv.headers().firstValue("Content-Disposition"))
                .hasValueSatisfying(d -> assertThat(d).contains("attachment", "measureme-leaver-events.csv"));
        assertThat(List.of(eventsCsv.body().split("\r\n")))
                .hasSize(3)
                .first()
                .isEqualTo("id,type,value,unit,duration_s,category,timestamp,source,received_at,attributes");
        assertThat(eventsCsv.body())
                .contains("run-1,runs,5,,5400,,2026-11-30T23:00:00Z,test,")
                .contains(",'=1+2,")
                .contains("\"{\"\"route\"\":");
        assertThat(browser.get("/api/v1/export?format=csv&data=buckets").body().split("\r\n"))
                .hasSize(1 + 3 + 2 + 2);
        assertThat(browser.get("/api/v1/export?format=xml").statusCode()).isEqualTo(400);

        assertThat(browser.delete("/api/v1/me").statusCode()).as("no password").isEqualTo(403);
        assertThat(browser.deleteJson("/api/v1/me", "{\"password\":\"" + password + "\"}")
                        .statusCode())
                .isEqualTo(204);

        assertThat(app.postEvents(key, "{\"type\":\"pushups\"}").statusCode()).isEqualTo(401);
        assertThat(browser.get("/api/v1/me").statusCode()).isEqualTo(401);
        assertThat(new Browser(app.port()).logIn("leaver", password).statusCode())
                .isEqualTo(401);
        assertThat(new Browser(app.port()).signUp("leaver", password, "UTC").statusCode())
                .as("the name is not free while the old account's events may be on their way")
                .isEqualTo(409);
        try (Connection db = DriverManager.getConnection(jdbcUrl(), "sa", "")) {
            for (String table : List.of("events", "event_keys", "buckets", "warnings", "api_keys")) {
                assertThat(strings(db, "SELECT COUNT(*) FROM " + table + " WHERE user_name = 'leaver'"))
                        .as(table)
                        .containsExactly("0");
            }
            assertThat(strings(db, "SELECT COUNT(*) FROM users WHERE name = 'leaver'"))
                    .containsExactly("0");
            assertThat(strings(db, "SELECT COUNT(*) FROM spring_session WHERE principal_name = 'leaver'"))
                    .containsExactly("0");
        }
    }

    @Test
    void keys_doOnlyWhatTheirScopesAllow_andNeverStartASession() throws Exception {
        Browser browser = new Browser(app.port());
        browser.signUp("scopes", "scopes' long password", "UTC");
        String reader = secret(browser, "read");
        String writer = secret(browser, "ingest");
        long sessions = sessionCount();

        assertThat(app.postEvents(reader, "{\"type\":\"pushups\"}").statusCode())
                .isEqualTo(403);
        assertThat(getWithKey(writer, "/api/v1/events").statusCode()).isEqualTo(403);
        assertThat(getWithKey(reader, "/api/v1/events").statusCode()).isEqualTo(200);
        // Keys manage nothing: a key cannot list or make keys, whatever its scope.
        assertThat(getWithKey(reader, "/api/v1/keys").statusCode()).isEqualTo(403);
        assertThat(app.send(HttpRequest.newBuilder(app.uri("/api/v1/keys"))
                                .header("Authorization", "Bearer " + reader)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"source\":\"x\",\"scopes\":[\"read\"]}"))
                                .build())
                        .statusCode())
                .isEqualTo(403);
        assertThat(app.getAnonymously("/api/v1/events").statusCode()).isEqualTo(401);
        assertThat(sessionCount())
                .as("sessions after key and anonymous requests")
                .isEqualTo(sessions);
    }

    private static long sessionCount() throws Exception {
        try (Connection db = DriverManager.getConnection(jdbcUrl(), "sa", "")) {
            return Long.parseLong(string(db, "SELECT COUNT(*) FROM spring_session"));
        }
    }

    @Test
    void users_cannotReadOrChangeEachOthersData() throws Exception {
        Browser ann = new Browser(app.port());
        ann.signUp("ann", "ann's long password", "UTC");
        Browser bob = new Browser(app.port());
        bob.signUp("bob", "bob's long password", "UTC");
        JsonNode annKey = json(ann.postJson("/api/v1/keys", "{\"source\":\"app\",\"scopes\":[\"ingest\",\"read\"]}"));
        String bobReader = secret(bob, "read");
        Listener bobLive = new Listener();
        WebSocket bobSocket = bob.openLive(bob.origin(), bobLive);

        assertThat(app.postEvents(annKey.get("secret").asString(), "{\"id\":\"ann-1\",\"type\":\"secret.thing\"}")
                        .statusCode())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> json(ann.get("/api/v1/events")).get("events").size() == 1);

        for (String path : List.of(
                "/api/v1/events",
                "/api/v1/buckets?granularity=hour",
                "/api/v1/warnings",
                "/api/v1/keys",
                "/api/v1/me",
                "/api/v1/session",
                "/api/v1/export",
                "/api/v1/export?format=csv&data=events",
                "/api/v1/export?format=csv&data=buckets",
                "/api/v1/export?format=csv&data=warnings")) {
            HttpResponse<String> answer = bob.get(path);
            assertThat(answer.body())
                    .as(path)
                    .doesNotContain("ann-1", "secret.thing", annKey.get("id").asString());
        }
        for (String path : List.of("/api/v1/events", "/api/v1/buckets?granularity=day", "/api/v1/warnings")) {
            assertThat(getWithKey(bobReader, path).body()).as(path).doesNotContain("ann-1", "secret.thing");
        }
        assertThat(bob.delete("/api/v1/keys/" + annKey.get("id").asString()).statusCode())
                .isEqualTo(404);
        assertThat(app.postEvents(annKey.get("secret").asString(), "{\"id\":\"ann-2\",\"type\":\"secret.thing\"}")
                        .statusCode())
                .isEqualTo(202);
        // Live events go out in processing order: once bob's own event is on his socket, ann's were due before.
        assertThat(app.postEvents(secret(bob, "ingest"), "{\"id\":\"bob-1\",\"type\":\"pushups\"}")
                        .statusCode())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> bobLive.messages.stream().anyMatch(m -> m.contains("bob-1")));
        assertThat(bobLive.messages).as("bob's live feed").noneMatch(m -> m.contains("ann-"));
        bobSocket.abort();
    }

    @Test
    void liveSocket_needsASessionAndAnAllowedOrigin_andClosesAfterLogout() throws Exception {
        Browser stranger = new Browser(app.port());
        assertThat(stranger.refusedLive(stranger.origin(), null)).isEqualTo(401);

        Browser browser = new Browser(app.port());
        browser.signUp("live", "live's long password", "UTC");
        assertThat(browser.refusedLive("http://evil.example", null)).isEqualTo(403);
        browser.openLive(TRUSTED_ORIGIN, new Listener()).abort();

        Listener listener = new Listener();
        browser.openLive(browser.origin(), listener);
        String session = browser.cookie("SESSION").orElseThrow();
        assertThat(browser.logOut().statusCode()).isEqualTo(204);
        assertThat(listener.closed.await(5, TimeUnit.SECONDS))
                .as("socket closed within 5 s of the logout")
                .isTrue();

        assertThat(stranger.refusedLive(stranger.origin(), session))
                .as("the ended session opens no socket")
                .isEqualTo(401);
    }

    @Test
    void guest_continuesWithoutPassword_butCannotLogInWithOne() {
        Browser browser = new Browser(app.port());
        browser.get("/login");
        assertThat(json(browser.get("/api/v1/session")).get("guest_login").asBoolean())
                .isTrue();
        assertThat(browser.logIn("guest", "any password at all").statusCode()).isEqualTo(401);

        assertThat(browser.postJson("/api/v1/session/guest", "").statusCode()).isEqualTo(200);
        assertThat(json(browser.get("/api/v1/me")).get("name").asString()).isEqualTo("guest");
    }

    @Test
    void guest_cannotDeleteTheSharedDemoAccount() {
        Browser browser = new Browser(app.port());
        browser.get("/login");
        assertThat(browser.postJson("/api/v1/session/guest", "").statusCode()).isEqualTo(200);

        assertThat(browser.delete("/api/v1/me").statusCode()).isEqualTo(403);
        assertThat(json(browser.get("/api/v1/me")).get("name").asString()).isEqualTo("guest");
        assertThat(app.postEvents("{\"type\":\"pushups\"}").statusCode())
                .as("the guest's key still works")
                .isEqualTo(202);
    }

    @Test
    void readKey_exportsTheDataButNotTheKeys_andItsSocketClosesWhenRevoked() throws Exception {
        Browser browser = new Browser(app.port());
        browser.signUp("scripted", "scripted's long password", "UTC");
        HttpResponse<String> created =
                browser.postJson("/api/v1/keys", "{\"source\":\"script\",\"scopes\":[\"read\"]}");
        JsonNode key = json(created);
        String reader = key.get("secret").asString();

        JsonNode export = json(getWithKey(reader, "/api/v1/export"));
        assertThat(export.get("user").get("name").asString()).isEqualTo("scripted");
        assertThat(export.get("keys")).isEmpty();

        Listener live = new Listener();
        app.http()
                .newWebSocketBuilder()
                .header("Authorization", "Bearer " + reader)
                .buildAsync(URI.create("ws://127.0.0.1:" + app.port() + "/api/v1/live"), live)
                .get(10, TimeUnit.SECONDS);
        assertThat(browser.delete("/api/v1/keys/" + key.get("id").asString()).statusCode())
                .isEqualTo(204);
        assertThat(live.closed.await(5, TimeUnit.SECONDS))
                .as("the key's socket closed within 5 s of the revocation")
                .isTrue();
    }

    @Test
    void signUp_namesTheFieldOfEveryMistake() {
        Browser browser = new Browser(app.port());
        browser.get("/login");
        assertThat(browser.postJson("/api/v1/users", "{\"username\":\"Ann Smith\",\"password\":\"long enough pw\"}"))
                .satisfies(a -> assertThat(a.statusCode()).isEqualTo(400))
                .satisfies(a -> assertThat(a.body()).contains("\"field\":\"username\""));
        assertThat(browser.postJson("/api/v1/users", "{\"username\":\"short\",\"password\":\"short\"}"))
                .satisfies(a -> assertThat(a.statusCode()).isEqualTo(400))
                .satisfies(a -> assertThat(a.body()).contains("\"field\":\"password\""));
        assertThat(browser.postJson(
                        "/api/v1/users",
                        "{\"username\":\"zone\",\"password\":\"long enough pw\",\"timezone\":\"Mars/Base\"}"))
                .satisfies(a -> assertThat(a.statusCode()).isEqualTo(400))
                .satisfies(a -> assertThat(a.body()).contains("\"field\":\"timezone\""));
        assertThat(browser.postJson("/api/v1/users", "{\"username\":\"guest\",\"password\":\"long enough pw\"}"))
                .satisfies(a -> assertThat(a.statusCode()).isEqualTo(409));
        assertThat(browser.postJson("/api/v1/users", "{not json").statusCode()).isEqualTo(400);
    }

    @Test
    void timezoneChange_rederivesDaysAndMonths_andBucketsNewEventsInTheNewZone() {
        Browser browser = new Browser(app.port());
        browser.signUp("mover", "mover's long password", "UTC");
        String key = secret(browser, "ingest");
        // 18:30 UTC on 31 January is already 1 February in Kathmandu (UTC+5:45).
        String at = "2026-01-31T18:30:00Z";
        assertThat(app.postEvents(key, "{\"id\":\"m1\",\"type\":\"steps\",\"value\":500,\"timestamp\":\"" + at + "\"}")
                        .statusCode())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> periods(browser, "day").equals(List.of("2026-01-31")));

        assertThat(browser.patchJson("/api/v1/me", "{\"timezone\":\"+05:45\"}").statusCode())
                .isEqualTo(400);
        HttpResponse<String> changed = browser.patchJson("/api/v1/me", "{\"timezone\":\"Asia/Kathmandu\"}");

        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(json(changed).get("timezone").asString()).isEqualTo("Asia/Kathmandu");
        assertThat(periods(browser, "day")).containsExactly("2026-02-01");
        assertThat(periods(browser, "month")).containsExactly("2026-02");
        assertThat(periods(browser, "hour")).hasSize(1);
        assertThat(app.postEvents(key, "{\"id\":\"m2\",\"type\":\"steps\",\"value\":250,\"timestamp\":\"" + at + "\"}")
                        .statusCode())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> json(browser.get(
                                        "/api/v1/buckets?granularity=day&from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z"))
                                .get("buckets")
                                .get(0)
                                .get("count")
                                .asLong()
                        == 2);
        assertThat(periods(browser, "day")).containsExactly("2026-02-01");
    }

    private static List<String> periods(Browser browser, String granularity) {
        JsonNode answer = json(browser.get(
                "/api/v1/buckets?granularity=" + granularity + "&from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z"));
        List<String> periods = new ArrayList<>();
        answer.get("buckets").forEach(b -> periods.add(b.get("period").asString()));
        return periods;
    }

    @Test
    void passwordChange_needsTheCurrentPassword() {
        Browser browser = new Browser(app.port());
        browser.signUp("changer", "the first password", "UTC");
        Browser other = new Browser(app.port());
        assertThat(other.logIn("changer", "the first password").statusCode()).isEqualTo(200);

        assertThat(browser.postJson(
                                "/api/v1/me/password",
                                "{\"current_password\":\"wrong one here\",\"new_password\":\"the second password\"}")
                        .statusCode())
                .isEqualTo(403);
        assertThat(browser.postJson(
                                "/api/v1/me/password",
                                "{\"current_password\":\"the first password\",\"new_password\":\"the second password\"}")
                        .statusCode())
                .isEqualTo(204);

        assertThat(other.get("/api/v1/me").statusCode())
                .as("another session of the user ends with the change")
                .isEqualTo(401);
        assertThat(browser.get("/api/v1/me").statusCode())
                .as("the session that changed it")
                .isEqualTo(200);
        assertThat(new Browser(app.port())
                        .logIn("changer", "the first password")
                        .statusCode())
                .isEqualTo(401);
        assertThat(new Browser(app.port())
                        .logIn("changer", "the second password")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void storedCredentials_areArgon2idHashesAndKeyDigestsOnly() throws Exception {
        Browser browser = new Browser(app.port());
        String password = "stored's long password";
        browser.signUp("stored", password, "UTC");
        String secret = secret(browser, "read");

        try (Connection db = DriverManager.getConnection(jdbcUrl(), "sa", "")) {
            String hash = string(db, "SELECT password_hash FROM users WHERE name = 'stored'");
            assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain(password);
            for (String column : List.of("id", "user_name", "prefix", "secret_hash", "scopes", "source")) {
                for (String value : strings(db, "SELECT " + column + " FROM api_keys WHERE user_name = 'stored'")) {
                    assertThat(value).as(column).isNotEqualTo(secret).hasSizeLessThan(secret.length() + 20);
                    assertThat(secret).as(column).doesNotContain(value.length() > 12 ? value : "\u0000");
                }
            }
            assertThat(string(db, "SELECT secret_hash FROM api_keys WHERE user_name = 'stored'"))
                    .matches("[0-9a-f]{64}");
            assertThat(strings(db, "SELECT password_hash FROM users WHERE password_hash IS NOT NULL"))
                    .allSatisfy(stored -> assertThat(stored).startsWith("$argon2id$v=19$m=19456,t=2,p=1$"));
        }
    }

    @Test
    void weakerHash_isUpgradedAtTheNextLogin() throws Exception {
        Browser browser = new Browser(app.port());
        String password = "upgrade's long password";
        browser.signUp("upgrade", password, "UTC");
        try (Connection db = DriverManager.getConnection(jdbcUrl(), "sa", "");
                PreparedStatement update = db.prepareStatement("UPDATE users SET password_hash = ? WHERE name = ?")) {
            update.setString(1, new Argon2PasswordEncoder(16, 32, 1, 4096, 1).encode(password));
            update.setString(2, "upgrade");
            update.executeUpdate();
            assertThat(string(db, "SELECT password_hash FROM users WHERE name = 'upgrade'"))
                    .startsWith("$argon2id$v=19$m=4096,t=1,p=1$");

            assertThat(new Browser(app.port()).logIn("upgrade", password).statusCode())
                    .isEqualTo(200);

            assertThat(string(db, "SELECT password_hash FROM users WHERE name = 'upgrade'"))
                    .startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        }
    }

    @Test
    void hostileBodies_toTheApi_getA4xx_andStoreNothing() throws Exception {
        Browser browser = new Browser(app.port());
        browser.signUp("hostile", "hostile's long password", "UTC");
        String deep = "{\"username\":\"deep\",\"password\":\"deep long password\",\"extra\":" + "[".repeat(10_000)
                + "]".repeat(10_000) + "}";
        String longNumber = "{\"username\":\"number\",\"password\":" + "9".repeat(1_000_000) + "}";
        StringBuilder manyKeys = new StringBuilder("{\"source\":\"many\",\"scopes\":[\"read\"]");
        for (int i = 0; i < 10_000; i++) {
            manyKeys.append(",\"k").append(i).append("\":1");
        }
        manyKeys.append('}');

        assertThat(browser.postJson("/api/v1/users", deep))
                .satisfies(a -> assertThat(a.statusCode()).isEqualTo(400))
                .satisfies(a -> assertThat(a.body()).contains("\"field\":\"body\"", "nesting depth"));
        assertThat(browser.postJson("/api/v1/users", longNumber).statusCode()).isEqualTo(413);
        assertThat(browser.postJson(
                        "/api/v1/users", "{\"username\":\"number\",\"password\":" + "9".repeat(1_000) + "}"))
                .satisfies(a -> assertThat(a.statusCode()).isEqualTo(400))
                .satisfies(a -> assertThat(a.body()).contains("\"field\":\"body\"", "Number value length"));
        assertThat(browser.postJson("/api/v1/keys", manyKeys.toString()).statusCode())
                .isEqualTo(413);
        assertThat(browser.postJsonChunked("/api/v1/keys", manyKeys.toString()))
                .satisfies(a -> assertThat(a.statusCode()).isEqualTo(413))
                .satisfies(a -> assertThat(a.body()).contains("\"field\":\"body\"", "at most 65536 bytes"));
        byte[] invalidUtf8 = "{\"source\":\"bad X\",\"scopes\":[\"read\"]}".getBytes(StandardCharsets.ISO_8859_1);
        invalidUtf8[14] = (byte) 0xC3;
        invalidUtf8[15] = (byte) 0x28;
        assertThat(browser.post("/api/v1/keys", invalidUtf8, "application/json").statusCode())
                .isEqualTo(400);
        assertThat(browser.post("/api/v1/keys", "{\"source\":\"x\",\"scopes\":[\"read\"]}".getBytes(), "text/plain")
                        .statusCode())
                .isEqualTo(415);
        assertThat(browser.post("/api/v1/keys", new byte[] {1, 2, 3}, null).statusCode())
                .isEqualTo(415);
        assertThat(browser.post("/api/v1/keys", gzipBomb(), "application/json").statusCode())
                .isIn(400, 413);
        assertThat(rawPostStatus("/api/v1/users", 100L * 1024 * 1024)).isEqualTo(413);

        assertThat(json(browser.get("/api/v1/keys")).get("keys"))
                .as("no key was made")
                .isEmpty();
        assertThat(new Browser(app.port())
                        .signUp("deep", "deep's long password", "UTC")
                        .statusCode())
                .as("no account was made")
                .isEqualTo(201);
        assertThat(app.getAnonymously("/actuator/health/liveness").statusCode()).isEqualTo(200);
    }

    /** 64 MiB of zeros in about 64 KiB of gzip. */
    private static byte[] gzipBomb() throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(out)) {
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < 64; i++) {
                gzip.write(zeros);
            }
        }
        return out.toByteArray();
    }

    /**
     * Declares a body of {@code length} bytes, sends a little of it, and reads the status: the server must answer
     * without reading a body it will not take.
     */
    private static int rawPostStatus(String path, long length) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", app.port())) {
            socket.setSoTimeout(10_000);
            java.io.OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + length + "\r\n\r\n{\"username\":\"")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[64 * 1024]);
            out.flush();
            String status = new java.io.BufferedReader(
                            new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    private static String secret(Browser browser, String scope) {
        HttpResponse<String> created =
                browser.postJson("/api/v1/keys", "{\"source\":\"test\",\"scopes\":[\"" + scope + "\"]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created).get("secret").asString();
    }

    private static HttpResponse<String> getWithKey(String key, String path) {
        return app.send(HttpRequest.newBuilder(app.uri(path))
                .header("Authorization", "Bearer " + key)
                .GET()
                .build());
    }

    private static JsonNode json(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        return MeasureMeProcess.JSON.readTree(response.body());
    }

    private static String string(Connection db, String query) throws Exception {
        List<String> values = strings(db, query);
        assertThat(values).as(query).hasSize(1);
        return values.getFirst();
    }

    private static List<String> strings(Connection db, String query) throws Exception {
        List<String> values = new ArrayList<>();
        try (Statement sql = db.createStatement();
                ResultSet rs = sql.executeQuery(query)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    /** Collects what a live socket receives, and tells when it closes. */
    static final class Listener implements WebSocket.Listener {
        final List<String> messages = new java.util.concurrent.CopyOnWriteArrayList<>();
        final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            messages.add(data.toString());
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
            closed.countDown();
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            closed.countDown();
        }
    }
}
