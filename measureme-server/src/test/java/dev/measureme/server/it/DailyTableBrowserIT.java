package dev.measureme.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard's daily table in headless Chromium against the jar: one row per day of the month in the
 * user's zone, each metric's totals equal to {@code GET /api/v1/buckets} to the digit, a day opens into the
 * hour buckets it overlaps (25 for Kolkata's half-hour offset), and an hour into exactly its events.
 */
class DailyTableBrowserIT extends InBrowser {

    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
    private static final String PASSWORD = "dana's long password";

    @Test
    void dailyTable_equalsTheBuckets_andOpensIntoHoursAndEvents() {
        Browser api = new Browser(app.port());
        assertThat(api.signUp("dana", PASSWORD, KOLKATA.getId()).statusCode()).isEqualTo(201);
        String key = api.createKey("phone", "ingest");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant first = now.minusSeconds(60);
        String body = """
                {"events": [
                  {"id": "p1", "type": "pushups", "value": 20, "timestamp": "%s"},
                  {"id": "p2", "type": "pushups", "value": 15.5, "timestamp": "%s"},
                  {"id": "s1", "type": "study.pomodoros", "value": 1, "duration": 1500, "timestamp": "%s"}]}""".formatted(first, first.minusSeconds(1), first.minusSeconds(2));
        assertThat(app.postEvents(key, body).statusCode()).isEqualTo(202);
        LocalDate today = first.atZone(KOLKATA).toLocalDate();

        browser.get(url("/login"));
        browser.findElement(By.id("username")).sendKeys("dana");
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.id("submit")).click();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> browser.findElements(By.cssSelector("[data-testid=daily-table] tbody tr"))
                                .size()
                        == YearMonth.from(today).lengthOfMonth());

        WebElement day = browser.findElement(By.cssSelector("tr[data-day='" + today + "']"));
        Map<String, JsonNode> expected = new HashMap<>();
        JsonNode buckets = MeasureMeProcess.JSON.readTree(api.get("/api/v1/buckets?granularity=day&from="
                        + today.atStartOfDay(KOLKATA).toInstant() + "&to="
                        + today.plusDays(1).atStartOfDay(KOLKATA).toInstant())
                .body());
        buckets.get("buckets").forEach(b -> expected.put(b.get("type").asString(), b));
        List<WebElement> metrics = day.findElements(By.cssSelector(".metric"));
        assertThat(metrics).hasSize(expected.size()).hasSize(2);
        for (WebElement metric : metrics) {
            JsonNode bucket = expected.get(metric.getDomAttribute("data-type"));
            assertThat(Long.parseLong(metric.getDomAttribute("data-count")))
                    .isEqualTo(bucket.get("count").asLong());
            assertThat(Double.parseDouble(metric.getDomAttribute("data-sum")))
                    .isEqualTo(bucket.get("sum").asDouble());
            assertThat(Double.parseDouble(metric.getDomAttribute("data-duration")))
                    .isEqualTo(bucket.get("duration").asDouble());
        }
        assertThat(day.getText()).contains("pushups: 2", "35.5", "study.pomodoros: 1", "25 min");
        Chromium.screenshot(browser, "daily-table");

        day.findElement(By.tagName("button")).click();
        // UTC hour buckets: with Kolkata's half-hour offset the first and last overlap the day in part.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> browser.findElements(By.cssSelector("tr[data-hour-of='" + today + "']"))
                                .size()
                        == 25);
        String hourStart = first.truncatedTo(ChronoUnit.HOURS).toString();
        WebElement hour = browser.findElement(By.cssSelector("tr[data-start='" + hourStart + "']"));
        hour.findElement(By.tagName("button")).click();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !browser.findElements(By.cssSelector("li[data-event-id]"))
                        .isEmpty());
        List<String> shown = browser.findElements(By.cssSelector("li[data-event-id]")).stream()
                .map(li -> li.getDomAttribute("data-event-id"))
                .toList();
        JsonNode events = MeasureMeProcess.JSON.readTree(api.get("/api/v1/events?from=" + hourStart + "&to="
                        + first.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS) + "&limit=1000")
                .body());
        List<String> inTheHour = new java.util.ArrayList<>();
        events.get("events").forEach(e -> inTheHour.add(e.get("id").asString()));
        assertThat(shown).containsExactlyInAnyOrderElementsOf(inTheHour).contains("p1");
        Chromium.screenshot(browser, "daily-table-hour-events");

        assertThat(Chromium.consoleErrors(browser))
                .as("errors in the browser console")
                .isEmpty();
    }
}
