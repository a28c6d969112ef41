package dev.measureme.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;

/**
 * The login page and the API keys page in a real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}, which {@code .ci/run} installs), against the jar: a wrong password and then the
 * right one, a key created and shown once with a ready curl command, the key working against ingest, its
 * revocation, and the logout. Screenshots of each step go to {@code target/screenshots}; the browser console
 * must stay free of errors.
 */
class KeysPageBrowserIT extends InBrowser {

    @Test
    void login_createAKey_useIt_revokeIt_andLogOut() {
        String password = "kim's long password";
        assertThat(new Browser(app.port())
                        .signUp("kim", password, "Europe/Berlin")
                        .statusCode())
                .isEqualTo(201);

        browser.get(url("/login"));
        type("username", "kim");
        type("password", "not kim's password");
        browser.findElement(By.id("submit")).click();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> browser.findElement(By.id("error")).isDisplayed());
        assertThat(browser.findElement(By.id("error")).getText()).contains("Wrong user name or password");
        screenshot("login-wrong-password");

        type("password", password);
        browser.findElement(By.id("submit")).click();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> browser.getCurrentUrl().equals(url("/")));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> browser.findElement(By.id("user")).getText().equals("kim"));

        browser.findElement(By.linkText("API keys")).click();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> browser.getCurrentUrl().equals(url("/keys.html")));
        type("source", "watch");
        browser.findElement(By.cssSelector("input[name=scope][value=read]")).click();
        browser.findElement(By.cssSelector("[data-testid=create-key] button[type=submit]"))
                .click();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> browser.findElement(By.cssSelector("[data-testid=new-key]"))
                        .isDisplayed());
        String secret = browser.findElement(By.id("secret")).getText();
        assertThat(secret).startsWith("mm_");
        assertThat(browser.findElement(By.id("curl")).getText())
                .contains("Authorization: Bearer " + secret)
                .contains(url("/api/v1/events"));
        screenshot("keys-created");

        assertThat(app.postEvents(secret, "{\"type\":\"pushups\",\"value\":20}").statusCode())
                .isEqualTo(202);
        List<WebElement> rows = browser.findElements(By.cssSelector("[data-testid=key-list] tbody tr"));
        assertThat(rows).hasSize(1);
        assertThat(rows.getFirst().getText()).contains("watch", "ingest, read").doesNotContain(secret);

        rows.getFirst().findElement(By.tagName("button")).click();
        await().atMost(Duration.ofSeconds(10))
                // Revoking re-renders the list: a row found just before that is gone when read.
                .ignoreException(StaleElementReferenceException.class)
                .until(() -> browser.findElement(By.cssSelector("[data-testid=key-list] tbody tr"))
                        .getText()
                        .contains("revoked"));
        assertThat(app.postEvents(secret, "{\"type\":\"pushups\"}").statusCode())
                .isEqualTo(401);
        screenshot("keys-revoked");

        browser.findElement(By.id("logout")).click();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> browser.getCurrentUrl().equals(url("/login")));
        browser.get(url("/keys.html"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> browser.getCurrentUrl().equals(url("/login")));

        List<LogEntry> errors = Chromium.consoleErrors(browser);
        assertThat(errors).as("errors in the browser console").isEmpty();
    }

    private static void type(String id, String text) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    private static void screenshot(String name) {
        Chromium.screenshot(browser, name);
    }
}
