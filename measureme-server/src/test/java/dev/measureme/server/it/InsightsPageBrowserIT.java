package dev.measureme.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

/**
 * The Insights page in headless Chromium against the jar: the empty state before any event, then one card per
 * metric whose streaks and peak hour equal {@code GET /api/v1/insights}, at 1280×800 and on a 390×844 phone
 * without sideways scrolling, and no errors in the console.
 */
class InsightsPageBrowserIT extends InBrowser {

    private static final String PASSWORD = "mila's long password";

    @Test
    void insightsPage_showsTheEmptyState_thenACardPerMetricAsTheApiSays() {
        Browser api = new Browser(app.port());
        assertThat(api.signUp("mila", PASSWORD, "Europe/Berlin").statusCode()).isEqualTo(201);
        logIn("mila", PASSWORD);

        browser.get(url("/insights.html"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> browser.findElement(By.id("empty")).isDisplayed());
        assertThat(browser.findElement(By.id("empty")).getText()).contains("No events yet");
        assertThat(browser.findElements(By.cssSelector("[data-testid=insights] [data-type]")))
                .isEmpty();

        String key = api.createKey("phone", "ingest");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String body = """
                {"events": [
                  {"id": "p1", "type": "pushups", "value": 20, "timestamp": "%s"},
                  {"id": "p2", "type": "pushups", "value": 10, "timestamp": "%s"},
                  {"id": "s1", "type": "study.pomodoros", "value": 1, "duration": 1500, "timestamp": "%s"}]}""".formatted(now.minusSeconds(60), now.minus(Duration.ofDays(1)), now.minusSeconds(120));
        assertThat(app.postEvents(key, body).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> insights(api).get("types").size() == 2);
        JsonNode expected = insights(api);

        browser.navigate().refresh();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> browser.findElements(By.cssSelector("[data-testid=insights] [data-type]"))
                                .size()
                        == 2);
        assertThat(browser.findElement(By.id("empty")).isDisplayed()).isFalse();
        List<WebElement> cards = browser.findElements(By.cssSelector("[data-testid=insights] [data-type]"));
        for (int i = 0; i < cards.size(); i++) {
            WebElement card = cards.get(i);
            JsonNode type = expected.get("types").get(i);
            assertThat(card.getDomAttribute("data-type"))
                    .isEqualTo(type.get("type").asString());
            assertThat(card.getDomAttribute("data-current-streak"))
                    .isEqualTo(Integer.toString(type.at("/streaks/current/days").asInt()));
            assertThat(card.getDomAttribute("data-longest-streak"))
                    .isEqualTo(Integer.toString(type.at("/streaks/longest/days").asInt()));
            assertThat(card.getDomAttribute("data-peak-hour"))
                    .isEqualTo(
                            Integer.toString(type.at("/time_of_day/peak_hour").asInt()));
            assertThat(card.findElement(By.tagName("h2")).getText())
                    .isEqualTo(type.get("type").asString());
            assertThat(card.findElements(By.cssSelector(".bars li"))).hasSize(24);
        }
        assertThat(cards.get(0).getText()).contains("Current streak", "Best day", "Last 7 days");
        assertThat(cards.get(1).getText()).contains("Most time in a day", "0 h 25 min");
        Chromium.screenshot(browser, "insights-desktop");

        assertFitsAPhone();
        Chromium.screenshot(browser, "insights-phone");

        assertThat(Chromium.consoleErrors(browser))
                .as("errors in the browser console")
                .isEmpty();
    }

    private static JsonNode insights(Browser api) {
        return MeasureMeProcess.JSON.readTree(api.get("/api/v1/insights").body());
    }
}
