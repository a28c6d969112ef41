package dev.measureme.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The HTTP side of the event contract (DESIGN.md §4) against the real jar: each status of the table, gzip,
 * and hostile bodies. Every refusal is a 4xx that names the field, and nothing refused is stored.
 */
class IngestHttpIT {

    @TempDir
    static Path dataDir;

    private static MeasureMeProcess app;

    @BeforeAll
    static void start() {
        app = MeasureMeProcess.start("ingest-http", dataDir);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        app.close();
    }

    @Test
    void post_singleEvent_answers202WithCount() {
        HttpResponse<String> answer = app.postEvents("{\"id\":\"single-1\",\"type\":\"pushups\",\"value\":20}");

        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(json(answer).get("accepted").asInt()).isEqualTo(1);
        assertThat(json(answer).get("rejected")).isEmpty();
    }

    @Test
    void post_gzipBody_isAcceptedAndStored() throws IOException {
        byte[] body = gzip("{\"events\":[{\"id\":\"gzip-1\",\"type\":\"water.glasses\",\"value\":2}]}"
                .getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> answer = post(body, "application/json", "gzip", app.guestKey());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        assertThat(app.getJson("/api/v1/events?type=water.glasses").get("events"))
                .extracting(e -> e.get("id").asString())
                .containsExactly("gzip-1");
    }

    @Test
    void post_withoutKey_answers401() {
        HttpResponse<String> answer = post(bytes("{\"type\":\"pushups\"}"), "application/json", null, null);

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(errorField(answer)).isEqualTo("Authorization");
    }

    @Test
    void post_withUnknownKey_answers401() {
        HttpResponse<String> answer = post(bytes("{\"type\":\"pushups\"}"), "application/json", null, "mm_unknown");

        assertThat(answer.statusCode()).isEqualTo(401);
    }

    @Test
    void post_withWrongOrMissingContentType_answers415NamingContentType() {
        for (String type : new String[] {
            "text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin1", null
        }) {
            HttpResponse<String> answer = post(bytes("{\"type\":\"pushups\"}"), type, null, app.guestKey());

            assertThat(answer.statusCode()).as("Content-Type %s", type).isEqualTo(415);
            assertThat(errorField(answer)).isEqualTo("Content-Type");
        }
    }

    @Test
    void post_withUnsupportedEncoding_answers415() {
        HttpResponse<String> answer = post(bytes("{\"type\":\"pushups\"}"), "application/json", "br", app.guestKey());

        assertThat(answer.statusCode()).isEqualTo(415);
        assertThat(errorField(answer)).isEqualTo("Content-Encoding");
    }

    @Test
    void post_bodyOverOneMebibyte_answers413() {
        byte[] body = bytes("{\"type\":\"pushups\",\"unit\":\"" + "x".repeat(1_100_000) + "\"}");

        HttpResponse<String> answer = post(body, "application/json", null, app.guestKey());

        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(errorField(answer)).isEqualTo("body");
    }

    @Test
    void post_gzipBomb_answers413WithoutInflatingIt() throws IOException {
        byte[] bomb = gzip(new byte[64 * 1024 * 1024]);
        assertThat(bomb.length).isLessThan(100_000);

        HttpResponse<String> answer = post(bomb, "application/json", "gzip", app.guestKey());

        assertThat(answer.statusCode()).isEqualTo(413);
    }

    @Test
    void post_corruptGzip_answers400() {
        HttpResponse<String> answer = post(bytes("not gzip at all"), "application/json", "gzip", app.guestKey());

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(errorField(answer)).isEqualTo("body");
    }

    @Test
    void post_malformedJson_answers400WithLineAndColumn() {
        HttpResponse<String> answer = app.postEvents("{\"events\": [\n  {\"type\": \"pushups\",,}\n]}");

        assertThat(answer.statusCode()).isEqualTo(400);
        JsonNode error = json(answer).get("error");
        assertThat(error.get("field").asString()).isEqualTo("body");
        assertThat(error.get("line").asInt()).isEqualTo(2);
        assertThat(error.get("column").asInt()).isPositive();
    }

    @Test
    void post_invalidUtf8_answers400() {
        byte[] body = {'{', '"', 't', 'y', 'p', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

        HttpResponse<String> answer = post(body, "application/json", null, app.guestKey());

        assertThat(answer.statusCode()).isEqualTo(400);
    }

    @Test
    void post_deeplyNestedJson_answers400() {
        String deep = "{\"type\":\"pushups\",\"attributes\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";

        HttpResponse<String> answer = app.postEvents(deep);

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(json(answer).get("error").get("reason").asString()).containsIgnoringCase("nesting");
    }

    @Test
    void post_millionDigitNumber_answers400() {
        HttpResponse<String> answer = app.postEvents("{\"type\":\"pushups\",\"value\":" + "9".repeat(1_000_000) + "}");

        assertThat(answer.statusCode()).isEqualTo(400);
    }

    @Test
    void post_tenThousandAttributeKeys_rejectsTheEventAsTooLarge() {
        StringBuilder attributes = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            attributes.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":1");
        }

        HttpResponse<String> answer =
                app.postEvents("{\"events\":[{\"type\":\"pushups\",\"attributes\":{" + attributes + "}}]}");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(json(answer).get("rejected").get(0).get("field").asString()).isEqualTo("event");
    }

    /** The server answers a declared 100 MB body from its headers, without reading it. */
    @Test
    void post_hundredMegabyteBody_answers413BeforeReadingIt() throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", app.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write(("POST /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                    + "Authorization: Bearer " + app.guestKey() + "\r\nContent-Length: "
                                    + 100L * 1024 * 1024 + "\r\n\r\n{\"events\":[")
                            .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String status = new java.io.BufferedReader(
                            new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();

            assertThat(status).startsWith("HTTP/1.1 413");
        }
    }

    @Test
    void post_moreThanAThousandEvents_answers413NamingEvents() {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 1_001; i++) {
            events.add("{\"type\":\"pushups\"}");
        }

        HttpResponse<String> answer = app.postEvents("{\"events\":[" + String.join(",", events) + "]}");

        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(json(answer).get("error").get("field").asString()).isEqualTo("events");
    }

    @Test
    void post_everyEventRejected_answers400WithEachRejection() {
        HttpResponse<String> answer =
                app.postEvents("{\"events\":[{\"type\":\"Bad Type\"},{\"type\":\"pushups\",\"duration\":-1}]}");

        assertThat(answer.statusCode()).isEqualTo(400);
        JsonNode rejected = json(answer).get("rejected");
        assertThat(rejected).hasSize(2);
        assertThat(rejected.get(0).get("index").asInt()).isZero();
        assertThat(rejected.get(0).get("field").asString()).isEqualTo("type");
        assertThat(rejected.get(1).get("index").asInt()).isEqualTo(1);
        assertThat(rejected.get(1).get("field").asString()).isEqualTo("duration");
    }

    @Test
    void refusedBodies_storeNothing() {
        post_bodyOverOneMebibyte_answers413();
        post_deeplyNestedJson_answers400();
        post_everyEventRejected_answers400WithEachRejection();

        JsonNode events = app.getJson("/api/v1/events?type=pushups&limit=1000").get("events");

        assertThat(events).extracting(e -> e.get("id").asString()).allMatch(id -> id.equals("single-1"));
    }

    @Test
    void landingPage_withoutSession_leadsToTheLoginPage() {
        HttpResponse<String> page = app.getAnonymously("/");

        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location"))
                .hasValueSatisfying(to -> assertThat(to).endsWith("/login"));
        HttpResponse<String> login = app.getAnonymously("/login");
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("MeasureMe").contains("/login.js");
        assertThat(app.getAnonymously("/login.js").statusCode()).isEqualTo(200);
    }

    private static HttpResponse<String> post(byte[] body, String contentType, String encoding, String key) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(app.uri("/api/v1/events")).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (encoding != null) {
            request.header("Content-Encoding", encoding);
        }
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return app.send(request.build());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(plain);
        }
        return out.toByteArray();
    }

    private static JsonNode json(HttpResponse<String> answer) {
        return MeasureMeProcess.JSON.readTree(answer.body());
    }

    private static String errorField(HttpResponse<String> answer) {
        return json(answer).get("error").get("field").asString();
    }
}
