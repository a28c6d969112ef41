package dev.measureme.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/insights} against the jar: a user sends a known history over HTTP with an API key, and the
 * insights come back exactly as the rules of {@code dev.measureme.core.insight} say, to the same user only.
 *
 * <p>The jar reads the real clock, so the history is laid out relative to the user's today, in a {@link NoonZone}.
 */
class InsightsIT {

    @TempDir
    static Path dataDir;

    private static MeasureMeProcess app;
    private static Browser ines;
    private static String inesKey;
    private static ZoneId zone;
    private static LocalDate today;
    private static final List<Sent> SENT = new ArrayList<>();

    /** One event of the history, as sent. */
    private record Sent(String type, LocalDate day, LocalTime time, double value, int durationSeconds) {}

    @BeforeAll
    static void startAndSendAHistory() {
        app = MeasureMeProcess.start("insights", dataDir);
        zone = NoonZone.at(Instant.now());
        today = LocalDate.now(zone);
        ines = new Browser(app.port());
        assertThat(ines.signUp("ines", "ines' long password", zone.getId()).statusCode())
                .isEqualTo(201);
        inesKey = ines.createKey("insights-test", "ingest", "read");

        // pushups: a 5-day run (5 each at 08:00) from 12 to 8 days ago, a gap, then a run up to today.
        for (int daysAgo = 12; daysAgo >= 8; daysAgo--) {
            send("pushups", daysAgo, LocalTime.of(8, 0), 5, 0);
        }
        send("pushups", 2, LocalTime.of(8, 0), 10, 0);
        send("pushups", 1, LocalTime.of(8, 0), 10, 0);
        send("pushups", 0, LocalTime.of(10, 0), 30, 0);
        send("pushups", 40, LocalTime.of(19, 0), 150, 0); // the best day, in the 30 days before the last 30
        // study.minutes: the bigger sum three days ago, the longer time five days ago.
        send("study.minutes", 3, LocalTime.of(9, 0), 60, 1800);
        send("study.minutes", 5, LocalTime.of(9, 0), 30, 3600);
        StringJoiner events = new StringJoiner(",", "{\"events\":[", "]}");
        for (int i = 0; i < SENT.size(); i++) {
            Sent e = SENT.get(i);
            events.add("{\"id\":\"h-%d\",\"type\":\"%s\",\"value\":%s,\"duration\":%d,\"timestamp\":\"%s\"}"
                    .formatted(
                            i,
                            e.type(),
                            e.value(),
                            e.durationSeconds(),
                            e.day().atTime(e.time()).atZone(zone).toOffsetDateTime()));
        }
        HttpResponse<String> accepted = app.postEvents(inesKey, events.toString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        await("the history in ines' buckets")
                .atMost(Duration.ofSeconds(30))
                .until(() -> insights(inesKey, "").get("types").size() == 2
                        && insights(inesKey, "?type=pushups")
                                        .at("/types/0/trends/month/earlier")
                                        .asDouble()
                                == 150);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        app.close();
    }

    @Test
    void insights_ofPushups_haveTheStreaksRecordsTrendsAndPeakOfTheHistory() {
        JsonNode answer = insights(inesKey, "");
        assertThat(answer.get("timezone").asString()).isEqualTo(zone.getId());
        assertThat(answer.get("today").asString()).isEqualTo(today.toString());
        assertThat(answer.get("omitted_types").asInt(-1)).isZero();
        assertThat(answer.get("from").asString()).isEqualTo(today.minusDays(89).toString());
        List<String> types = new ArrayList<>();
        answer.get("types").forEach(type -> types.add(type.get("type").asString()));
        assertThat(types).containsExactly("pushups", "study.minutes");

        JsonNode pushups = answer.get("types").get(0);
        assertThat(pushups.get("has_duration").asBoolean()).isFalse();
        assertThat(streak(pushups, "current")).isEqualTo("3 days, %s..%s".formatted(day(2), day(0)));
        assertThat(streak(pushups, "longest")).isEqualTo("5 days, %s..%s".formatted(day(12), day(8)));
        assertThat(pushups.at("/records/best_day/date").asString()).isEqualTo(day(40));
        assertThat(pushups.at("/records/best_day/sum").asDouble()).isEqualTo(150);
        assertThat(pushups.at("/records/best_day_by_duration").isNull()).isTrue();
        LocalDate monday = today.minusDays(40).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        assertThat(pushups.at("/records/best_week/start").asString()).isEqualTo(monday.toString());
        assertThat(pushups.at("/records/best_week/end").asString())
                .isEqualTo(monday.plusDays(6).toString());
        assertThat(pushups.at("/records/best_week/sum").asDouble()).isEqualTo(150);
        Map.Entry<YearMonth, Double> bestMonth = bestMonthOf("pushups");
        assertThat(pushups.at("/records/best_month/start").asString())
                .isEqualTo(bestMonth.getKey().atDay(1).toString());
        assertThat(pushups.at("/records/best_month/sum").asDouble()).isEqualTo(bestMonth.getValue());
        // Last 7 days: 10 + 10 + 30; the 7 before: 5 × 5. Last 30: 50 + 25; the 30 before: 150.
        assertThat(trend(pushups, "week")).isEqualTo(List.of(50.0, 25.0, 100.0));
        assertThat(trend(pushups, "month")).isEqualTo(List.of(75.0, 150.0, -50.0));
        // 150 at 19:00 of 225 in all; 08:00 has 5 × 5 + 2 × 10 = 45.
        assertThat(pushups.at("/time_of_day/peak_hour").asInt()).isEqualTo(19);
        assertThat(pushups.at("/time_of_day/shares")).hasSize(24);
        assertThat(pushups.at("/time_of_day/shares/19").asDouble()).isEqualTo(150.0 / 225);
        assertThat(pushups.at("/time_of_day/shares/8").asDouble()).isEqualTo(0.2);
        assertThat(pushups.at("/time_of_day/shares/10").asDouble()).isEqualTo(30.0 / 225);
    }

    @Test
    void insights_ofADurationMetric_separateTheBestSumFromTheLongestTime() {
        JsonNode study = insights(inesKey, "?type=study.minutes").get("types").get(0);

        assertThat(study.get("type").asString()).isEqualTo("study.minutes");
        assertThat(study.get("has_duration").asBoolean()).isTrue();
        assertThat(study.at("/records/best_day/date").asString()).isEqualTo(day(3));
        assertThat(study.at("/records/best_day_by_duration/date").asString()).isEqualTo(day(5));
        assertThat(study.at("/records/best_day_by_duration/duration").asDouble())
                .isEqualTo(3600);
        // Neither today nor yesterday: no current streak. Two 1-day runs: the earlier is the longest.
        assertThat(study.at("/streaks/current/days").asInt()).isZero();
        assertThat(study.at("/streaks/current/start").isNull()).isTrue();
        assertThat(streak(study, "longest")).isEqualTo("1 days, %s..%s".formatted(day(5), day(5)));
        assertThat(study.at("/time_of_day/peak_hour").asInt()).isEqualTo(9);
        assertThat(trend(study, "week")).containsExactly(90.0, 0.0, null);
    }

    @Test
    void insights_withASession_answerAsWithTheKey() {
        HttpResponse<String> withSession = ines.get("/api/v1/insights");

        assertThat(withSession.statusCode()).isEqualTo(200);
        assertThat(MeasureMeProcess.JSON.readTree(withSession.body())).isEqualTo(insights(inesKey, ""));
    }

    @Test
    void insights_withoutSessionOrKey_are401() {
        HttpResponse<String> anonymous = app.getAnonymously("/api/v1/insights");

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(field(anonymous)).isEqualTo("session");
    }

    @Test
    void insights_withAKeyThatCannotRead_are403() {
        String ingestOnly = ines.createKey("insights-test", "ingest");

        assertThat(getWithKey(ingestOnly, "/api/v1/insights").statusCode()).isEqualTo(403);
    }

    @Test
    void insights_ofABadType_are400NamingType() {
        HttpResponse<String> bad = getWithKey(inesKey, "/api/v1/insights?type=Push%20Ups");

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(field(bad)).isEqualTo("type");
    }

    @Test
    void insights_ofAnotherUser_holdNoneOfInes() {
        Browser other = new Browser(app.port());
        assertThat(other.signUp("oskar", "oskar's long password", "UTC").statusCode())
                .isEqualTo(201);

        JsonNode oskars = MeasureMeProcess.JSON.readTree(
                other.get("/api/v1/insights?type=pushups").body());

        assertThat(oskars.get("timezone").asString()).isEqualTo("UTC");
        assertThat(oskars.get("types")).isEmpty();
        assertThat(app.getJson("/api/v1/insights").get("types"))
                .as("the guest's")
                .isEmpty();
    }

    private static void send(String type, int daysAgo, LocalTime time, double value, int durationSeconds) {
        SENT.add(new Sent(type, today.minusDays(daysAgo), time, value, durationSeconds));
    }

    private static Map.Entry<YearMonth, Double> bestMonthOf(String type) {
        TreeMap<YearMonth, Double> sums = new TreeMap<>();
        SENT.stream()
                .filter(e -> e.type().equals(type))
                .forEach(e -> sums.merge(YearMonth.from(e.day()), e.value(), Double::sum));
        Map.Entry<YearMonth, Double> best = null;
        for (Map.Entry<YearMonth, Double> month : sums.entrySet()) {
            best = best == null || month.getValue() > best.getValue() ? month : best;
        }
        return best;
    }

    private static String day(int daysAgo) {
        return today.minusDays(daysAgo).toString();
    }

    private static String streak(JsonNode type, String which) {
        JsonNode streak = type.get("streaks").get(which);
        return "%d days, %s..%s"
                .formatted(
                        streak.get("days").asInt(),
                        streak.get("start").asString(),
                        streak.get("end").asString());
    }

    private static List<Double> trend(JsonNode type, String which) {
        JsonNode trend = type.get("trends").get(which);
        List<Double> numbers = new ArrayList<>();
        numbers.add(trend.get("recent").asDouble());
        numbers.add(trend.get("earlier").asDouble());
        numbers.add(
                trend.get("change_percent").isNull()
                        ? null
                        : trend.get("change_percent").asDouble());
        return numbers;
    }

    private static JsonNode insights(String key, String query) {
        HttpResponse<String> answer = getWithKey(key, "/api/v1/insights" + query);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return MeasureMeProcess.JSON.readTree(answer.body());
    }

    private static String field(HttpResponse<String> answer) {
        return MeasureMeProcess.JSON.readTree(answer.body()).at("/error/field").asString();
    }

    private static HttpResponse<String> getWithKey(String key, String path) {
        return app.send(HttpRequest.newBuilder(app.uri(path))
                .header("Authorization", "Bearer " + key)
                .GET()
                .build());
    }
}
