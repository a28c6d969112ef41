package dev.measureme.server.it;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
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
}
