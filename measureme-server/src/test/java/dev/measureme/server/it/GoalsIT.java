package dev.measureme.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/v1/goals} against the jar: gina sends a known history over HTTP with an API key, sets goals in her
 * session, and their progress comes back exactly as the rules of {@code dev.measureme.core.goal} say; the
 * answers to bad, duplicate, foreign and unauthorised requests; goals in the export; and an account's deletion
 * taking its goals along, looked up in the database itself after the jar stopped.
 *
 * <p>The history is laid out relative to gina's today, in a {@link NoonZone}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GoalsIT {

    @TempDir
    static Path dataDir;

    private static MeasureMeProcess app;
    private static Browser gina;
    private static String ginaKey;
    private static LocalDate today;
    private static String dailyPushups;
    private static String weeklyCount;
    private static String monthlyStudy;

    /** Gina's push-ups by days ago: {@code PUSHUPS[d]} is the one event {@code d} days ago, at 08:00. */
    private static final int[] PUSHUPS = {30, 50, 50, 10};

    @BeforeAll
    static void startSendAHistoryAndSetGoals() {
        app = MeasureMeProcess.start("goals", dataDir);
        ZoneId zone = NoonZone.at(Instant.now());
        today = LocalDate.now(zone);
        gina = new Browser(app.port());
        assertThat(gina.signUp("gina", "gina's long password", zone.getId()).statusCode())
                .isEqualTo(201);
        ginaKey = gina.createKey("goals-test", "ingest", "read");
        List<String> events = new ArrayList<>();
        for (int daysAgo = 0; daysAgo < PUSHUPS.length; daysAgo++) {
            events.add("{\"id\":\"p-%d\",\"type\":\"pushups\",\"value\":%d,\"timestamp\":\"%s\"}"
                    .formatted(
                            daysAgo,
                            PUSHUPS[daysAgo],
                            today.minusDays(daysAgo).atTime(8, 0).atZone(zone).toOffsetDateTime()));
        }
        events.add("{\"id\":\"s-0\",\"type\":\"study.minutes\",\"value\":25,\"duration\":1500,\"timestamp\":\"%s\"}"
                .formatted(today.atTime(9, 0).atZone(zone).toOffsetDateTime()));
        HttpResponse<String> accepted = app.postEvents(ginaKey, "{\"events\":[" + String.join(",", events) + "]}");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        await("gina's history in her buckets").atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode insights = json(gina.get("/api/v1/insights"));
            return insights.get("types").size() == 2
                    && insights.at("/types/0/trends/week/recent").asDouble() == 140;
        });

        dailyPushups = created(gina, goal("pushups", "sum", "day", "50", "\"Daily push-ups\""));
        weeklyCount = created(gina, goal("pushups", "count", "week", "3", "null"));
        monthlyStudy = created(gina, goal("study.minutes", "duration", "month", "3000", "null"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        app.close();
    }

    @Test
    void goals_afterAKnownHistory_showTheirProgressExactly() {
        JsonNode answer = json(gina.get("/api/v1/goals"));

        assertThat(answer.get("today").asString()).isEqualTo(today.toString());
        JsonNode daily = byId(answer, dailyPushups);
        assertThat(daily.get("type").asString()).isEqualTo("pushups");
        assertThat(daily.get("measure").asString()).isEqualTo("sum");
        assertThat(daily.get("period").asString()).isEqualTo("day");
        assertThat(daily.get("target").asDouble()).isEqualTo(50);
        assertThat(daily.get("name").asString()).isEqualTo("Daily push-ups");
        assertThat(daily.get("created_at").asString()).isNotBlank();
        assertThat(progress(daily.get("current"))).isEqualTo(day(0) + ".." + day(0) + " 30.0 0.6 false");
        // Today's 30 is short of 50; yesterday's and the day before's 50 met it; 10 three days ago did not.
        assertThat(daily.at("/streak/periods").asInt()).isEqualTo(2);
        assertThat(daily.at("/streak/start").asString()).isEqualTo(day(2));
        assertThat(daily.at("/streak/end").asString()).isEqualTo(day(1));
        JsonNode periods = daily.get("periods");
        assertThat(periods).hasSize(8);
        assertThat(periods.get(7)).isEqualTo(daily.get("current"));
        assertThat(progress(periods.get(6))).isEqualTo(day(1) + ".." + day(1) + " 50.0 1.0 true");
        assertThat(progress(periods.get(4))).isEqualTo(day(3) + ".." + day(3) + " 10.0 0.2 false");
        assertThat(progress(periods.get(0))).isEqualTo(day(7) + ".." + day(7) + " 0.0 0.0 false");

        LocalDate monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        int thisWeek = (int) (today.toEpochDay() - monday.toEpochDay()) + 1;
        int count = Math.min(thisWeek, PUSHUPS.length);
        assertThat(progress(byId(answer, weeklyCount).get("current")))
                .isEqualTo("%s..%s %s %s %s"
                        .formatted(monday, monday.plusDays(6), (double) count, count / 3.0, count >= 3));

        LocalDate first = today.withDayOfMonth(1);
        assertThat(progress(byId(answer, monthlyStudy).get("current")))
                .isEqualTo("%s..%s 1500.0 0.5 false"
                        .formatted(first, first.plusMonths(1).minusDays(1)));
    }

    @Test
    void goals_withAReadKey_answerAsWithTheSession() {
        HttpResponse<String> withKey = getWithKey(ginaKey, "/api/v1/goals");

        assertThat(withKey.statusCode()).isEqualTo(200);
        assertThat(json(withKey)).isEqualTo(json(gina.get("/api/v1/goals")));
    }

    @Test
    void goals_withoutTheRightCredentials_areRefused() {
        HttpResponse<String> anonymous = app.getAnonymously("/api/v1/goals");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(field(anonymous)).isEqualTo("session");

        String ingestOnly = gina.createKey("goals-test", "ingest");
        assertThat(getWithKey(ingestOnly, "/api/v1/goals").statusCode()).isEqualTo(403);

        HttpResponse<String> byKey = app.send(HttpRequest.newBuilder(app.uri("/api/v1/goals"))
                .header("Authorization", "Bearer " + ginaKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(goal("water.glasses", "sum", "day", "8", "null")))
                .build());
        assertThat(byKey.statusCode()).as("a read key changes no goal").isEqualTo(403);
        assertThat(field(byKey)).isEqualTo("Authorization");

        HttpResponse<String> forged =
                gina.postJsonWithoutCsrf("/api/v1/goals", goal("water.glasses", "sum", "day", "8", "null"));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(field(forged)).isEqualTo("X-XSRF-TOKEN");
        assertThat(json(gina.get("/api/v1/goals")).findValuesAsString("type")).doesNotContain("water.glasses");
    }

    @Test
    void create_withABadField_is400NamingIt() {
        assertThat(refusal(gina.postJson("/api/v1/goals", goal("Push Ups", "sum", "day", "1", "null"))))
                .isEqualTo("400 type");
        assertThat(refusal(gina.postJson("/api/v1/goals", goal("pushups", "average", "day", "1", "null"))))
                .isEqualTo("400 measure");
        assertThat(refusal(gina.postJson("/api/v1/goals", goal("pushups", "sum", "year", "1", "null"))))
                .isEqualTo("400 period");
        assertThat(refusal(gina.postJson("/api/v1/goals", goal("pushups", "sum", "week", "\"ten\"", "null"))))
                .isEqualTo("400 target");
        assertThat(refusal(gina.postJson("/api/v1/goals", goal("pushups", "sum", "week", "0", "null"))))
                .isEqualTo("400 target");
        // So small that the fraction reached would overflow to infinity.
        assertThat(refusal(gina.postJson("/api/v1/goals", goal("pushups", "sum", "week", "4.9e-324", "null"))))
                .isEqualTo("400 target");
        HttpResponse<String> listForAType = gina.postJson(
                "/api/v1/goals", goal("pushups", "sum", "week", "1", "null").replace("\"pushups\"", "[\"pushups\"]"));
        assertThat(refusal(listForAType)).isEqualTo("400 type");
        assertThat(json(listForAType).at("/error/reason").asString()).isEqualTo("must be a string");
        assertThat(refusal(gina.postJson(
                        "/api/v1/goals", goal("pushups", "sum", "week", "1", "\"" + "x".repeat(65) + "\""))))
                .isEqualTo("400 name");
        assertThat(refusal(gina.postJson("/api/v1/goals", "{\"type\":"))).isEqualTo("400 body");
    }

    @Test
    void create_aSecondGoalOfTheSameTypeMeasureAndPeriod_is409() {
        assertThat(refusal(gina.postJson("/api/v1/goals", goal("pushups", "sum", "day", "80", "null"))))
                .isEqualTo("409 type");
    }

    @Test
    void create_beyondFiftyGoals_is409() {
        Browser max = signedUp("max");
        for (int i = 0; i < 50; i++) {
            created(max, goal("metric-" + i, "count", "day", "1", "null"));
        }

        assertThat(refusal(max.postJson("/api/v1/goals", goal("one-more", "count", "day", "1", "null"))))
                .isEqualTo("409 goals");
        assertThat(json(max.get("/api/v1/goals")).get("goals")).hasSize(50);
    }

    @Test
    void changeAndDelete_workOnTheCallersGoalOnly() {
        String water = created(gina, goal("water.glasses", "sum", "day", "8", "null"));
        Browser oskar = signedUp("oskar");

        assertThat(refusal(oskar.putJson("/api/v1/goals/" + water, "{\"target\":1}")))
                .isEqualTo("404 id");
        assertThat(refusal(oskar.delete("/api/v1/goals/" + water))).isEqualTo("404 id");
        assertThat(json(oskar.get("/api/v1/goals")).get("goals")).isEmpty();
        assertThat(refusal(gina.putJson("/api/v1/goals/" + water, "{\"target\":-1}")))
                .isEqualTo("400 target");

        HttpResponse<String> changed = gina.putJson("/api/v1/goals/" + water, "{\"target\":4,\"name\":\"Water\"}");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(json(changed).get("target").asDouble()).isEqualTo(4);
        assertThat(byId(json(gina.get("/api/v1/goals")), water).get("name").asString())
                .isEqualTo("Water");

        assertThat(gina.delete("/api/v1/goals/" + water).statusCode()).isEqualTo(204);
        assertThat(refusal(gina.delete("/api/v1/goals/" + water))).isEqualTo("404 id");
        assertThat(refusal(gina.putJson("/api/v1/goals/unknown", "{\"target\":1}")))
                .isEqualTo("404 id");
        assertThat(json(gina.get("/api/v1/goals")).findValuesAsString("id")).doesNotContain(water);
    }

    @Test
    void goals_ofOtherUsers_holdNoneOfGinas() {
        Browser uma = signedUp("uma");

        assertThat(json(uma.get("/api/v1/goals")).get("goals")).isEmpty();
        assertThat(app.getJson("/api/v1/goals").get("goals")).as("the guest's").isEmpty();
    }

    @Test
    void export_holdsTheGoals_inJsonAndAsGuardedCsv() {
        JsonNode export = json(gina.get("/api/v1/export"));
        assertThat(export.get("goals").findValuesAsString("id")).contains(dailyPushups, weeklyCount, monthlyStudy);
        JsonNode daily = byId(export, dailyPushups);
        assertThat(daily.get("measure").asString()).isEqualTo("sum");
        assertThat(daily.get("target").asDouble()).isEqualTo(50);
        assertThat(daily.has("current"))
                .as("the export keeps what the user set, not progress")
                .isFalse();
        assertThat(json(getWithKey(ginaKey, "/api/v1/export")).get("goals")).isEqualTo(export.get("goals"));

        Browser erik = signedUp("erik");
        String formula = created(erik, goal("pushups", "sum", "week", "2.5", "\"=SUM(A1:A9)\""));
        HttpResponse<String> csv = erik.get("/api/v1/export?format=csv&data=goals");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.body().split("\r\n"))
                .hasSize(2)
                .startsWith("id,type,measure,period,target,name,created_at")
                .anySatisfy(line -> assertThat(line).startsWith(formula + ",pushups,sum,week,2.5,'=SUM(A1:A9),"));
    }

    /** Last: it stops the jar to look into its database. */
    @Test
    @Order(Integer.MAX_VALUE)
    void deletingAnAccount_deletesItsGoals() throws Exception {
        Browser dora = new Browser(app.port());
        assertThat(dora.signUp("dora", "dora's long password", "UTC").statusCode())
                .isEqualTo(201);
        created(dora, goal("pushups", "sum", "day", "10", "null"));

        assertThat(dora.deleteJson("/api/v1/me", "{\"password\":\"dora's long password\"}")
                        .statusCode())
                .isEqualTo(204);

        app.stop();
        assertThat(goalsInTheDatabase("dora")).isZero();
        assertThat(goalsInTheDatabase("gina")).as("another user's").isGreaterThanOrEqualTo(3);
    }

    private static long goalsInTheDatabase(String user) throws SQLException {
        try (Connection h2 = DriverManager.getConnection(
                        "jdbc:h2:file:" + dataDir.resolve("measureme").toAbsolutePath()
                                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
                        "sa",
                        "");
                PreparedStatement count = h2.prepareStatement("SELECT COUNT(*) FROM goals WHERE user_name = ?")) {
            count.setString(1, user);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Browser signedUp(String user) {
        Browser browser = new Browser(app.port());
        assertThat(browser.signUp(user, user + "'s long password", "UTC").statusCode())
                .isEqualTo(201);
        return browser;
    }

    /** Posts a goal; answers its id. */
    private static String created(Browser browser, String goal) {
        HttpResponse<String> answer = browser.postJson("/api/v1/goals", goal);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        return json(answer).get("id").asString();
    }

    /** A goal's JSON; {@code target} and {@code name} as raw JSON. */
    private static String goal(String type, String measure, String period, String target, String name) {
        return "{\"type\":\"%s\",\"measure\":\"%s\",\"period\":\"%s\",\"target\":%s,\"name\":%s}"
                .formatted(type, measure, period, target, name);
    }

    private static String progress(JsonNode period) {
        return "%s..%s %s %s %s"
                .formatted(
                        period.get("start").asString(),
                        period.get("end").asString(),
                        period.get("achieved").asDouble(),
                        period.get("fraction").asDouble(),
                        period.get("met").asBoolean());
    }

    private static JsonNode byId(JsonNode answer, String id) {
        for (JsonNode goal : answer.get("goals")) {
            if (goal.get("id").asString().equals(id)) {
                return goal;
            }
        }
        throw new AssertionError("no goal " + id + " in " + answer);
    }

    private static String day(int daysAgo) {
        return today.minusDays(daysAgo).toString();
    }

    private static String refusal(HttpResponse<String> answer) {
        return answer.statusCode() + " " + field(answer);
    }

    private static String field(HttpResponse<String> answer) {
        return json(answer).at("/error/field").asString();
    }

    private static JsonNode json(HttpResponse<String> answer) {
        return MeasureMeProcess.JSON.readTree(answer.body());
    }

    private static HttpResponse<String> getWithKey(String key, String path) {
        return app.send(HttpRequest.newBuilder(app.uri(path))
                .header("Authorization", "Bearer " + key)
                .GET()
                .build());
    }
}
