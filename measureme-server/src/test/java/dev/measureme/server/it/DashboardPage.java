package dev.measureme.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import tools.jackson.databind.JsonNode;

/** What the browser tests do on the dashboard, and how they compare what it shows with the API. */
final class DashboardPage {

    static final Duration PATIENCE = Duration.ofSeconds(20);

    private final ChromeDriver browser;
    private final Browser api;
    private final ZoneId zone;

    /** @param api an HTTP client signed in as the same user, for the numbers to compare with */
    DashboardPage(ChromeDriver browser, Browser api, ZoneId zone) {
        this.browser = browser;
        this.api = api;
        this.zone = zone;
    }

    /** Logs in on the login page the browser shows, and waits for the dashboard's top bar. */
    void logIn(String user, String password) {
        type(By.id("username"), user);
        type(By.id("password"), password);
        browser.findElement(By.id("submit")).click();
        await().atMost(PATIENCE)
                .until(() -> browser.findElements(By.id("user")).stream()
                        .anyMatch(e -> e.getText().equals(user)));
    }

    void type(By field, String text) {
        WebElement input = browser.findElement(field);
        input.clear();
        input.sendKeys(text);
    }

    /** The day buckets of a month in the user's zone, by day and type, from {@code GET /api/v1/buckets}. */
    Map<String, Map<String, JsonNode>> dayBuckets(YearMonth month) {
        Instant from = month.atDay(1).atStartOfDay(zone).toInstant();
        Instant to = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
        JsonNode answer =
                MeasureMeProcess.JSON.readTree(api.get("/api/v1/buckets?granularity=day&from=" + from + "&to=" + to)
                        .body());
        Map<String, Map<String, JsonNode>> byDay = new HashMap<>();
        answer.get("buckets")
                .forEach(b -> byDay.computeIfAbsent(b.get("period").asString(), d -> new HashMap<>())
                        .put(b.get("type").asString(), b));
        return byDay;
    }

    /**
     * The totals the table's day rows show, by day and type: count, sum and duration, as the rows' data attributes
     * hold them. Read in one script run, because live updates replace a row's totals while they are read.
     */
    @SuppressWarnings("unchecked")
    Map<String, Map<String, List<Double>>> shownTotals() {
        List<Map<String, Object>> metrics = (List<Map<String, Object>>) browser.executeScript("""
                return [...document.querySelectorAll("[data-testid=daily-table] tr[data-day] .metric")].map((m) => ({
                  day: m.closest("tr").dataset.day, type: m.dataset.type,
                  count: m.dataset.count, sum: m.dataset.sum, duration: m.dataset.duration }));""");
        Map<String, Map<String, List<Double>>> byDay = new HashMap<>();
        for (Map<String, Object> m : metrics) {
            byDay.computeIfAbsent((String) m.get("day"), d -> new HashMap<>())
                    .put(
                            (String) m.get("type"),
                            List.of(
                                    Double.parseDouble((String) m.get("count")),
                                    Double.parseDouble((String) m.get("sum")),
                                    Double.parseDouble((String) m.get("duration"))));
        }
        return byDay;
    }

    /** The same, from the API's buckets of the day. */
    static Map<String, List<Double>> apiTotals(Map<String, JsonNode> buckets) {
        Map<String, List<Double>> totals = new HashMap<>();
        buckets.forEach((type, b) -> totals.put(
                type,
                List.of(
                        b.get("count").asDouble(),
                        b.get("sum").asDouble(),
                        b.get("duration").asDouble())));
        return totals;
    }

    /** Waits until every day row of the month shows exactly the API's totals (live updates may lag a little). */
    void awaitTableEqualsApi(YearMonth month) {
        await().atMost(PATIENCE).untilAsserted(() -> {
            Map<String, Map<String, JsonNode>> expected = dayBuckets(month);
            assertThat(browser.findElements(By.cssSelector("[data-testid=daily-table] tr[data-day]")))
                    .hasSize(month.lengthOfMonth());
            Map<String, Map<String, List<Double>>> shown = shownTotals();
            for (LocalDate day = month.atDay(1); !day.isAfter(month.atEndOfMonth()); day = day.plusDays(1)) {
                String key = day.toString();
                assertThat(shown.getOrDefault(key, Map.of()))
                        .as("totals of %s", key)
                        .isEqualTo(apiTotals(expected.getOrDefault(key, Map.of())));
            }
        });
    }

    /**
     * Opens a day into its hours and the first hour with events into its events, and checks that they are
     * exactly the API's events of that hour. Answers the hour's start.
     */
    String openDayAndFirstHour(String day, int expectedHours) {
        WebElement row = browser.findElement(By.cssSelector("tr[data-day='" + day + "']"));
        row.findElement(By.tagName("button")).click();
        By hours = By.cssSelector("tr[data-hour-of='" + day + "']");
        await().atMost(PATIENCE).until(() -> browser.findElements(hours).size() == expectedHours);
        WebElement hour = browser.findElements(hours).stream()
                .filter(h -> h.findElement(By.tagName("button")).isEnabled())
                .findFirst()
                .orElseThrow();
        String start = hour.getDomAttribute("data-start");
        hour.findElement(By.tagName("button")).click();
        By shown = By.cssSelector("tr[data-events-of='" + day + " " + start + "'] li[data-event-id]");
        await().atMost(PATIENCE).until(() -> !browser.findElements(shown).isEmpty());
        Instant from = Instant.parse(start);
        JsonNode events = MeasureMeProcess.JSON.readTree(
                api.get("/api/v1/events?from=" + from + "&to=" + from.plus(Duration.ofHours(1)) + "&limit=1000")
                        .body());
        List<String> inTheHour = new ArrayList<>();
        events.get("events").forEach(e -> inTheHour.add(e.get("id").asString()));
        assertThat(browser.findElements(shown).stream().map(li -> li.getDomAttribute("data-event-id")))
                .isNotEmpty()
                .containsExactlyInAnyOrderElementsOf(inTheHour);
        return start;
    }
}
