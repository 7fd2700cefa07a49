package dev.backgroundjobs.it.readme;

import dev.backgroundjobs.it.Deployments;
import dev.backgroundjobs.it.support.Await;
import dev.backgroundjobs.it.support.Chromium;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A new application written from README.md's "Using it in an application" alone (a job that reports
 * its progress through JobContext, JobQueue.enqueue(JobRequest), JobQueue.status), with a JAX-RS
 * resource and a static page, in headless Chromium at 1366 px and 375 px. It deploys with no
 * configuration of its own: the server's Redis URL and the defaults (one pool on every queue).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ReadmeAppBrowserIT {

    static final Duration WAIT = Duration.ofSeconds(30);

    @ArquillianResource
    URL base;

    ChromeDriver browser;

    @Deployment
    static WebArchive readmeApp() {
        return Deployments.webArchive("readme-app")
                .addClasses(RenderReport.class, ReportResource.class, ReportsApplication.class)
                .addAsWebResource("dev/backgroundjobs/it/readme/index.html", "index.html");
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void atDesktopWidthTheJobSucceedsWithItsProgressShown() throws Exception {
        browser = Chromium.open(1366, 900);
        renderAReportAndWatchIt();
        assertScreenshot("readme-app-1366.png");
    }

    @Test
    void atPhoneWidthTheJobSucceedsAndNothingOverflows() throws Exception {
        browser = Chromium.open(375, 800);
        renderAReportAndWatchIt();
        long overflow = Chromium.horizontalOverflow(browser);
        assertTrue(overflow <= 0, "the page is " + overflow + " px wider than the screen: "
                + Chromium.overflowingElements(browser));
        assertScreenshot("readme-app-375.png");
    }

    private void renderAReportAndWatchIt() throws Exception {
        browser.get(base.toString());
        browser.findElement(By.id("start")).click();
        Await.until("a job id is shown", WAIT, () -> text("job").matches("[0-9a-f]{32}"));
        Await.until("some progress below 100 is shown while the job runs", WAIT,
                () -> text("percent").matches("[1-9]\\d?") && text("state").equals("RUNNING"));
        Await.until("the job succeeded", WAIT, () -> text("state").equals("SUCCEEDED"));
        assertEquals("100", text("percent"));
        assertTrue(text("message").startsWith("page 8 of 8"), text("message"));
        assertEquals("100", browser.findElement(By.id("bar")).getAttribute("value"));
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText().strip();
    }

    private void assertScreenshot(String name) throws Exception {
        Path file = Chromium.screenshot(browser, name);
        assertTrue(Files.size(file) > 5_000, "a real screenshot: " + file + " has " + Files.size(file) + " bytes");
    }
}
