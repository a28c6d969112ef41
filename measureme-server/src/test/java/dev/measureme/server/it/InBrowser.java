package dev.measureme.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;

/** A browser test: the jar (embedded, a fresh data dir) and a headless Chromium at 1280×800, per test class. */
abstract class InBrowser {

    @TempDir
    static Path dataDir;

    @TempDir
    static Path profile;

    static MeasureMeProcess app;
    static ChromeDriver browser;

    @BeforeAll
    static void startAppAndBrowser(TestInfo test) {
        app = MeasureMeProcess.start(test.getTestClass().orElseThrow().getSimpleName(), dataDir);
        browser = Chromium.start(profile, 1280, 800);
    }

    @AfterAll
    static void stopBrowserAndApp() throws InterruptedException {
        if (browser != null) {
            browser.quit();
        }
        app.close();
    }

    static String url(String path) {
        return "http://127.0.0.1:" + app.port() + path;
    }

    /** Logs in on the login page, and waits for the dashboard it leads to. */
    static void logIn(String user, String password) {
        browser.get(url("/login"));
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("submit")).click();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> browser.getCurrentUrl().equals(url("/")));
    }

    /** Turns the window into a 390×844 phone, and checks that the page does not scroll sideways there. */
    static void assertFitsAPhone() {
        browser.manage().window().setSize(new Dimension(390, 844));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> ((Number) browser.executeScript("return window.innerWidth")).intValue() <= 390);
        assertThat(((Number) browser.executeScript("return document.documentElement.scrollWidth")).intValue())
                .as("no sideways scrolling on a phone")
                .isLessThanOrEqualTo(((Number) browser.executeScript("return window.innerWidth")).intValue());
    }
}
