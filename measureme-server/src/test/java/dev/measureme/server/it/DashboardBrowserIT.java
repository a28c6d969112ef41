package dev.measureme.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The whole dashboard in headless Chromium against the jar, at desktop and at phone width: log in (a wrong
 * password first), backfill 90 days with the simulation panel, then a live run at 1,000 events/s; the chart
 * draws this month from the API's numbers, the table equals the API to the digit and follows the live events
 * without a reload, the live feed grows and pauses, a day opens down to its events, a key is created and
 * revoked, and the user logs out. The page's longest main-thread task during the live run is recorded
 * (target/performance/) and must stay under 100 ms.
 *
 * <p>With {@code -Ddocs.screenshots=true} it also writes the README's screenshots to docs/screenshots/.
 */
class DashboardBrowserIT extends InBrowser {

    private static final String PASSWORD = "a long enough password";
    private static final int LIVE_RATE = 1_000;
    private static final int LIVE_SECONDS = 30;
    private static final int MEASURED_EVENTS = 10_000;
    private static final double LONGEST_TASK_MS = 100;

    enum Viewport {
        DESKTOP(1280, 800, false, "Europe/Berlin"),
        PHONE(390, 844, true, "America/New_York");

        final int width;
        final int height;
        final boolean mobile;
        final ZoneId zone;

        Viewport(int width, int height, boolean mobile, String zone) {
            this.width = width;
            this.height = height;
            this.mobile = mobile;
            this.zone = ZoneId.of(zone);
        }
    }

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void theWholeFlow(Viewport viewport) {
        emulate(viewport);
        String user = "flow-" + viewport.name().toLowerCase();
        Browser api = new Browser(app.port());
        assertThat(api.signUp(user, PASSWORD, viewport.zone.getId()).statusCode())
                .isEqualTo(201);
        // A daily goal of the metric the chart shows first (push-ups' sum): the chart draws it as a line.
        assertThat(api.postJson(
                                "/api/v1/goals",
                                "{\"type\":\"pushups\",\"measure\":\"sum\",\"period\":\"day\",\"target\":150}")
                        .statusCode())
                .isEqualTo(201);
        DashboardPage dashboard = new DashboardPage(browser, api, viewport.zone);
        String shots = viewport.name().toLowerCase() + "-";

        browser.get(url("/"));
        await().atMost(DashboardPage.PATIENCE)
                .until(() -> browser.getCurrentUrl().startsWith(url("/login")));
        dashboard.type(By.id("username"), user);
        dashboard.type(By.id("password"), "not the password");
        browser.findElement(By.id("submit")).click();
        await().atMost(DashboardPage.PATIENCE)
                .until(() -> browser.findElement(By.id("error")).isDisplayed());
        assertThat(browser.findElement(By.id("error")).getText()).contains("Wrong user name or password");
        screenshot(shots + "login-wrong-password", viewport == Viewport.DESKTOP ? "login" : null);
        dashboard.logIn(user, PASSWORD);
        assertThat(browser.findElement(By.id("zone")).getText()).isEqualTo(viewport.zone.getId());
        assertThat(browser.findElements(By.cssSelector("#shell nav a")).stream().map(WebElement::getText))
                .containsExactly("Dashboard", "Insights", "API keys", "Pipeline");
        assertNoHorizontalScroll(viewport);

        // Backfill: 90 days at daily rhythms, then nothing live.
        WebElement panel = browser.findElement(By.cssSelector("[data-testid=simulation-panel]"));
        panel.findElement(By.name("backfill")).click();
        dashboard.type(By.cssSelector("[data-testid=simulation-panel] input[name=duration]"), "0");
        panel.findElement(By.cssSelector("button[data-role=start]")).click();
        await().atMost(DashboardPage.PATIENCE).until(() -> "finished".equals(panel.getDomAttribute("data-state")));
        long backfilled = stat(panel, "accepted");
        assertThat(backfilled).isPositive().isEqualTo(stat(panel, "sent"));
        assertThat(stat(panel, "rejected")).isZero();

        YearMonth month = YearMonth.now(viewport.zone);
        WebElement chart = browser.findElement(By.cssSelector("[data-testid=monthly-chart]"));
        await().atMost(DashboardPage.PATIENCE).untilAsserted(() -> assertChartEqualsApi(chart, dashboard, month));
        dashboard.awaitTableEqualsApi(month);
        assertThat(chart.findElement(By.name("metric")).getDomProperty("value")).isEqualTo("pushups|sum");
        assertThat(chart.getDomAttribute("data-goal")).isEqualTo("150");
        assertThat(chart.findElement(By.cssSelector("[data-role=goal-legend]")).isDisplayed())
                .isTrue();
        WebElement plot = chart.findElement(By.cssSelector(".u-over"));
        new Actions(browser)
                .moveToElement(plot, -plot.getSize().width / 2 + 2, 0)
                .perform();
        WebElement tooltip = chart.findElement(By.cssSelector(".tooltip"));
        await().atMost(DashboardPage.PATIENCE).until(tooltip::isDisplayed);
        assertThat(tooltip.getText()).startsWith(month.atDay(1) + ": ").endsWith(" · goal 150");
        screenshot(shots + "dashboard-backfilled", null);

        // Live: 1,000 events/s, watched by the feed, the chart and the table, with the main thread timed.
        startLongTaskObserver();
        panel.findElement(By.name("backfill")).click();
        dashboard.type(By.cssSelector("[data-testid=simulation-panel] input[name=rate]"), String.valueOf(LIVE_RATE));
        dashboard.type(
                By.cssSelector("[data-testid=simulation-panel] input[name=duration]"), String.valueOf(LIVE_SECONDS));
        panel.findElement(By.cssSelector("button[data-role=start]")).click();
        WebElement feed = browser.findElement(By.cssSelector("[data-testid=live-feed]"));
        await().atMost(DashboardPage.PATIENCE).until(() -> shown(feed) >= 200 && rate(feed) > 100);
        assertThat(shown(feed)).isLessThanOrEqualTo(500);
        // The main thread is measured over 10,000 events of the live run with nothing else going on.
        long receivedBefore = received(feed);
        browser.executeScript("window.__measuredFrom = performance.now()");
        // Polled once a second: each look is a script run on the main thread being measured.
        await().atMost(DashboardPage.PATIENCE)
                .pollInterval(java.time.Duration.ofSeconds(1))
                .until(() -> received(feed) >= receivedBefore + MEASURED_EVENTS);
        browser.executeScript("window.__measuredTo = performance.now()");
        assertThat(shown(feed)).isEqualTo(500);
        recordLongTasks(viewport);

        feed.findElement(By.cssSelector("button[data-role=pause]")).click();
        String newestWhenPaused = newestShown(feed);
        long seenWhenPaused = stat(panel, "seen");
        await().atMost(DashboardPage.PATIENCE).until(() -> stat(panel, "seen") > seenWhenPaused + 1_000);
        // A pointer passing over the list and away again must not bring in what arrived while paused.
        new Actions(browser)
                .moveToElement(feed.findElement(By.cssSelector("ol.feed")))
                .moveToElement(feed.findElement(By.cssSelector("button[data-role=pause]")))
                .perform();
        assertThat(newestShown(feed)).isEqualTo(newestWhenPaused);
        assertThat(feed.findElement(By.cssSelector("button[data-role=pause]")).getText())
                .matches("Resume \\([\\d,]+ new\\)");
        screenshot(shots + "live-feed-paused", null);
        feed.findElement(By.cssSelector("button[data-role=pause]")).click();
        await().atMost(DashboardPage.PATIENCE).until(() -> !newestShown(feed).equals(newestWhenPaused));
        screenshot(shots + "dashboard-live", viewport == Viewport.DESKTOP ? "dashboard" : "dashboard-phone");

        // A pointer over the list holds its rows still, so the row clicked is the row aimed at.
        WebElement list = feed.findElement(By.cssSelector("ol.feed"));
        browser.executeScript("arguments[0].scrollIntoView({ block: 'center' })", list);
        new Actions(browser).moveToElement(list).perform();
        String aimedAt = newestShown(feed);
        feed.findElement(By.cssSelector("ol.feed li button")).click();
        WebElement detail = feed.findElement(By.tagName("dialog"));
        await().atMost(DashboardPage.PATIENCE).until(detail::isDisplayed);
        assertThat(detail.getText()).contains(aimedAt, "Ingestion → display", "Source");
        detail.findElement(By.tagName("button")).click();

        await().atMost(DashboardPage.PATIENCE.multipliedBy(3))
                .until(() -> "finished".equals(panel.getDomAttribute("data-state")));
        assertThat(stat(panel, "rejected")).isZero();
        assertThat(stat(panel, "accepted")).isEqualTo(stat(panel, "sent"));
        // The live updates, not a reload, brought the table to the API's numbers.
        assertThat(browser.executeScript("return window.__sameDocument === true"))
                .isEqualTo(true);
        dashboard.awaitTableEqualsApi(month);
        await().atMost(DashboardPage.PATIENCE).untilAsserted(() -> assertChartEqualsApi(chart, dashboard, month));

        dashboard.openDayAndFirstHour(LocalDate.now(viewport.zone).toString(), expectedHours(viewport.zone));
        screenshot(shots + "day-hour-events", null);

        // The simulations made (and revoked) keys of their own; the one made here is the only live one.
        int keysBefore = MeasureMeProcess.JSON
                .readTree(api.get("/api/v1/keys").body())
                .get("keys")
                .size();
        browser.findElement(By.linkText("API keys")).click();
        By rows = By.cssSelector("[data-testid=key-list] tbody tr");
        By revokeButtons = By.cssSelector("[data-testid=key-list] tbody tr button");
        await().atMost(DashboardPage.PATIENCE)
                .until(() -> browser.findElements(rows).size() == keysBefore);
        assertThat(browser.findElements(revokeButtons)).isEmpty();
        browser.findElement(By.cssSelector("[data-testid=create-key] button[type=submit]"))
                .click();
        await().atMost(DashboardPage.PATIENCE)
                .until(() -> browser.findElement(By.cssSelector("[data-testid=new-key]"))
                        .isDisplayed());
        String secret = browser.findElement(By.id("secret")).getText();
        assertThat(app.postEvents(secret, "{\"type\":\"pushups\",\"value\":1}").statusCode())
                .isEqualTo(202);
        await().atMost(DashboardPage.PATIENCE)
                .until(() -> browser.findElements(revokeButtons).size() == 1);
        assertNoHorizontalScroll(viewport);
        screenshot(shots + "keys", null);
        browser.findElement(revokeButtons).click();
        await().atMost(DashboardPage.PATIENCE)
                .until(() -> browser.findElements(revokeButtons).isEmpty());
        assertThat(browser.findElements(rows)).hasSize(keysBefore + 1);
        assertThat(app.postEvents(secret, "{\"type\":\"pushups\",\"value\":1}").statusCode())
                .isEqualTo(401);

        if (viewport == Viewport.DESKTOP) {
            browser.findElement(By.id("logout")).click();
            await().atMost(DashboardPage.PATIENCE)
                    .until(() -> browser.getCurrentUrl().equals(url("/login")));
        } else {
            // The session ends elsewhere (another tab logs out): the dashboard's socket is closed by the server,
            // and the page goes back to the login page and says why.
            browser.findElement(By.linkText("Dashboard")).click();
            await().atMost(DashboardPage.PATIENCE)
                    .until(() -> "live"
                            .equals(browser.findElement(By.cssSelector("[data-testid=live-feed]"))
                                    .getDomAttribute("data-connection")));
            browser.executeScript("""
                    const token = decodeURIComponent(document.cookie.split("; ")
                      .find((c) => c.startsWith("XSRF-TOKEN=")).substring("XSRF-TOKEN=".length));
                    fetch("/logout", { method: "POST", headers: { "X-XSRF-TOKEN": token } });
                    """);
            await().atMost(DashboardPage.PATIENCE)
                    .until(() -> browser.getCurrentUrl().equals(url("/login?expired")));
            await().atMost(DashboardPage.PATIENCE)
                    .until(() -> browser.findElement(By.id("notice")).isDisplayed());
            assertThat(browser.findElement(By.id("notice")).getText()).contains("session has ended");
            screenshot(shots + "session-ended", null);
        }
        assertThat(Chromium.consoleErrors(browser))
                .as("errors in the browser console")
                .isEmpty();
    }

    /** The chart's days are this month's; its total is the API's for the metric it shows. */
    private static void assertChartEqualsApi(WebElement chart, DashboardPage dashboard, YearMonth month) {
        assertThat(Integer.parseInt(chart.getDomAttribute("data-points"))).isPositive();
        assertThat(chart.findElements(By.tagName("canvas"))).isNotEmpty();
        String[] metric =
                chart.findElement(By.name("metric")).getDomProperty("value").split("\\|");
        double expected = dashboard.dayBuckets(month).values().stream()
                .map(types -> types.get(metric[0]))
                .filter(b -> b != null)
                .mapToDouble(b -> switch (metric[1]) {
                    case "count" -> b.get("count").asDouble();
                    case "duration" -> b.get("duration").asDouble() / 60;
                    default -> b.get("sum").asDouble();
                })
                .sum();
        assertThat(Double.parseDouble(chart.getDomAttribute("data-total"))).isCloseTo(expected, within(expected));
    }

    private static org.assertj.core.data.Offset<Double> within(double expected) {
        return org.assertj.core.data.Offset.offset(Math.abs(expected) * 1e-9);
    }

    private static int expectedHours(ZoneId zone) {
        LocalDate today = LocalDate.now(zone);
        Instant start = today.atStartOfDay(zone).toInstant();
        Instant end = today.plusDays(1).atStartOfDay(zone).toInstant();
        return (int) java.time.Duration.between(start, end).toHours();
    }

    private static long stat(WebElement panel, String name) {
        String value =
                panel.findElement(By.cssSelector("dd[data-stat=" + name + "]")).getDomAttribute("data-value");
        return value == null || value.isEmpty() ? 0 : (long) Double.parseDouble(value);
    }

    private static int shown(WebElement feed) {
        String shown = feed.getDomAttribute("data-shown");
        return shown == null ? 0 : Integer.parseInt(shown);
    }

    private static long received(WebElement feed) {
        String received = feed.getDomAttribute("data-received");
        return received == null ? 0 : Long.parseLong(received);
    }

    private static double rate(WebElement feed) {
        String rate = feed.getDomAttribute("data-rate");
        return rate == null ? 0 : Double.parseDouble(rate);
    }

    /**
     * The id on the feed's top row, read in one script run: the feed re-renders its rows every 100 ms, so a row
     * found first and read after can already be gone.
     */
    private static String newestShown(WebElement feed) {
        return (String)
                browser.executeScript("return arguments[0].querySelector('ol.feed li')?.dataset.eventId ?? null", feed);
    }

    /** A fresh start at the viewport's size: no session left by an earlier run. */
    private static void emulate(Viewport viewport) {
        browser.get(url("/api/v1/session"));
        browser.manage().deleteAllCookies();
        browser.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of(
                        "width", viewport.width,
                        "height", viewport.height,
                        "deviceScaleFactor", 1,
                        "mobile", viewport.mobile));
    }

    private static void assertNoHorizontalScroll(Viewport viewport) {
        Object width = browser.executeScript("return document.documentElement.scrollWidth");
        assertThat(((Number) width).intValue()).as("page width at %s", viewport).isLessThanOrEqualTo(viewport.width);
    }

    /**
     * Long tasks (main-thread work of 50 ms or more) and long animation frames, from the browser's performance
     * timeline, and a marker that a reload would lose.
     */
    private static void startLongTaskObserver() {
        assertThat(browser.executeScript("return PerformanceObserver.supportedEntryTypes"))
                .as("entry types of the performance timeline")
                .asList()
                .contains("longtask", "long-animation-frame");
        browser.executeScript("""
                window.__sameDocument = true;
                window.__longTasks = [];
                window.__longFrames = [];
                new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries()))
                  .observe({ type: "longtask" });
                new PerformanceObserver((list) => window.__longFrames.push(...list.getEntries()))
                  .observe({ type: "long-animation-frame" });
                // Below the timeline's 50 ms threshold: the longest gap between two animation frames.
                window.__frameGaps = [];
                let last = performance.now();
                const frame = (now) => {
                  window.__frameGaps.push([last, now - last]);
                  last = now;
                  requestAnimationFrame(frame);
                };
                requestAnimationFrame(frame);
                """);
    }

    /**
     * Records the long tasks and frames of the measured window in target/performance/ (with the scripts that
     * ran in the longest frames), and holds the longest task to the bar.
     */
    @SuppressWarnings("unchecked")
    private static void recordLongTasks(Viewport viewport) {
        Map<String, Object> measured = (Map<String, Object>) browser.executeScript("""
                const inWindow = (e) => e.startTime >= window.__measuredFrom && e.startTime <= window.__measuredTo;
                const tasks = window.__longTasks.filter(inWindow).map((e) => e.duration);
                const frames = window.__longFrames.filter(inWindow).sort((a, b) => b.duration - a.duration);
                return {
                  seconds: (window.__measuredTo - window.__measuredFrom) / 1000,
                  tasks, longestTask: Math.max(0, ...tasks), frames: frames.length,
                  longestFrame: frames.length ? frames[0].duration : 0,
                  longestFrameGap: Math.max(0, ...window.__frameGaps
                    .filter(([at]) => at >= window.__measuredFrom && at <= window.__measuredTo).map(([, gap]) => gap)),
                  worstFrames: frames.slice(0, 3).map((f) => ({
                    duration: Math.round(f.duration),
                    styleAndLayout: Math.round(f.startTime + f.duration - f.styleAndLayoutStart),
                    scripts: f.scripts.map((s) => `${s.invoker} ${s.sourceFunctionName}@${s.sourceURL.split("/").pop()} ${Math.round(s.duration)}ms`),
                  })),
                };
                """);
        double longestTask = ((Number) measured.get("longestTask")).doubleValue();
        assertThat(((Number) measured.get("seconds")).doubleValue()).isGreaterThan(5);
        String line =
                "viewport=%s rate=%d events=%d seconds=%.1f long_tasks=%d longest_task_ms=%.0f long_frames=%s longest_frame_ms=%.0f longest_frame_gap_ms=%.0f worst_frames=%s%n"
                        .formatted(
                                viewport,
                                LIVE_RATE,
                                MEASURED_EVENTS,
                                ((Number) measured.get("seconds")).doubleValue(),
                                ((List<?>) measured.get("tasks")).size(),
                                longestTask,
                                measured.get("frames"),
                                ((Number) measured.get("longestFrame")).doubleValue(),
                                ((Number) measured.get("longestFrameGap")).doubleValue(),
                                measured.get("worstFrames"));
        try {
            Path file = Path.of("target", "performance", "dashboard-main-thread.txt");
            Files.createDirectories(file.getParent());
            Files.writeString(
                    file, line, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.print(line);
        assertThat(longestTask)
                .as("longest main-thread task (ms) at %s", viewport)
                .isLessThan(LONGEST_TASK_MS);
    }

    /** Saves a screenshot as the test's artifact and, when asked for, as a README screenshot too. */
    private static void screenshot(String name, String docsName) {
        if (docsName != null) {
            browser.executeScript("window.scrollTo(0, 0)");
        }
        Chromium.screenshot(browser, name);
        if (docsName != null && Boolean.getBoolean("docs.screenshots")) {
            try {
                Path docs = Path.of("..", "docs", "screenshots");
                Files.createDirectories(docs);
                Files.copy(
                        Path.of("target", "screenshots", name + ".png"),
                        docs.resolve(docsName + ".png"),
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
