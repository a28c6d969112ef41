package dev.measureme.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

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
        DashboardPage dashboard = new DashboardPage(browser, api, KOLKATA);
        dashboard.logIn("dana", PASSWORD);
        dashboard.awaitTableEqualsApi(YearMonth.from(today));
        WebElement day = browser.findElement(By.cssSelector("tr[data-day='" + today + "']"));
        assertThat(dashboard.shownTotals().get(today.toString())).containsOnlyKeys("pushups", "study.pomodoros");
        assertThat(day.getText()).contains("pushups: 2", "35.5", "study.pomodoros: 1", "25 min");
        Chromium.screenshot(browser, "daily-table");

        // UTC hour buckets: with Kolkata's half-hour offset the first and last overlap the day in part.
        String hour = dashboard.openDayAndFirstHour(today.toString(), 25);
        assertThat(hour)
                .isEqualTo(first.minusSeconds(2).truncatedTo(ChronoUnit.HOURS).toString());
        assertThat(browser.findElements(By.cssSelector("li[data-event-id]")).stream()
                        .map(li -> li.getDomAttribute("data-event-id")))
                .isSubsetOf("p1", "p2", "s1");
        Chromium.screenshot(browser, "daily-table-hour-events");

        // Durations round to whole minutes before the hours are split off.
        assertThat(browser.executeAsyncScript("""
                        const done = arguments[arguments.length - 1];
                        import("/ui.js").then(({ duration }) => done([7190, 3590, 3600, 59].map(duration)));"""))
                .isEqualTo(List.of("2 h 00 min", "1 h 00 min", "1 h 00 min", "59 s"));

        assertThat(Chromium.consoleErrors(browser))
                .as("errors in the browser console")
                .isEmpty();
    }
}
