package dev.measureme.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebElement;

/**
 * The pipeline page in headless Chromium against the jar (embedded, P = 8): the four stages in flow order,
 * every partition's row, the guest's own events counted off the live feed with their latency, the flow as a
 * row at 1280×800 and a column at 390×844, and a console free of errors.
 */
class PipelinePageBrowserIT extends InBrowser {

    private static final Duration PATIENCE = Duration.ofSeconds(15);

    @Test
    void pipelinePage_showsEveryStageAndTheGuestsLiveEvents() {
        browser.get(url("/login"));
        await().atMost(PATIENCE).until(() -> browser.findElement(By.id("guest")).isDisplayed());
        browser.findElement(By.id("guest")).click();
        await().atMost(PATIENCE).until(() -> browser.getCurrentUrl().equals(url("/")));
        // The dashboard has no top bar yet, so the page is opened by its address; its own bar marks it current.
        browser.get(url("/pipeline.html"));
        await().atMost(PATIENCE)
                .until(() -> !browser.findElements(By.cssSelector("#shell a[aria-current=page]"))
                        .isEmpty());
        assertThat(browser.findElement(By.cssSelector("#shell a[aria-current=page]"))
                        .getText())
                .isEqualTo("Pipeline");

        WebElement pipeline = browser.findElement(By.cssSelector("[data-testid=pipeline]"));
        assertThat(pipeline.findElements(By.cssSelector("[data-stage]")))
                .extracting(stage -> stage.getAttribute("data-stage"))
                .containsExactly("ingest", "router", "worker", "api");
        await().atMost(PATIENCE)
                .until(() -> browser.findElements(By.cssSelector("[data-testid=partitions] tbody tr"))
                                .size()
                        == 8);
        assertThat(text("router-consumers")).isEqualTo("1");
        assertThat(text("dead-letters")).isEqualTo("0");
        assertThat(text("ingest-queue")).isEqualTo("ingest");
        await().atMost(PATIENCE)
                .until(() -> "live"
                        .equals(browser.findElement(By.cssSelector("[data-testid=feed-status]"))
                                .getAttribute("data-state")));
        assertThat(text("latency-p50")).isEqualTo("–");

        for (int i = 0; i < 5; i++) {
            assertThat(app.postEvents("{\"id\":\"flow-" + i + "\",\"type\":\"pushups\",\"value\":" + i + "}")
                            .statusCode())
                    .isEqualTo(202);
        }

        await().atMost(PATIENCE).until(() -> text("latency-p50").endsWith(" ms"));
        assertThat(Double.parseDouble(text("events-per-second"))).isPositive();
        List<Rectangle> wide = stageBoxes();
        assertThat(wide)
                .extracting(Rectangle::getY)
                .containsOnly(wide.getFirst().getY());
        Chromium.screenshot(browser, "pipeline-1280");

        browser.manage().window().setSize(new Dimension(390, 844));
        await().atMost(PATIENCE)
                .until(() ->
                        stageBoxes().get(1).getY() > stageBoxes().getFirst().getY());
        List<Rectangle> narrow = stageBoxes();
        for (int i = 1; i < narrow.size(); i++) {
            Rectangle above = narrow.get(i - 1);
            assertThat(narrow.get(i).getY())
                    .as("stage %d below stage %d", i, i - 1)
                    .isGreaterThan(above.getY() + above.getHeight());
        }
        assertThat(browser.executeScript("return document.documentElement.scrollWidth <= innerWidth"))
                .as("no sideways scrolling at phone width")
                .isEqualTo(true);
        Chromium.screenshot(browser, "pipeline-390");

        assertThat(Chromium.consoleErrors(browser))
                .as("errors in the browser console")
                .isEmpty();
    }

    private static String text(String testId) {
        return browser.findElement(By.cssSelector("[data-testid=" + testId + "]"))
                .getText();
    }

    private static List<Rectangle> stageBoxes() {
        return browser.findElements(By.cssSelector("[data-testid=pipeline] [data-stage]")).stream()
                .map(WebElement::getRect)
                .toList();
    }
}
