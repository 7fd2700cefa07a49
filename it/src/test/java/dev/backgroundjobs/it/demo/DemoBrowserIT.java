package dev.backgroundjobs.it.demo;

import dev.backgroundjobs.it.support.Await;
import dev.backgroundjobs.it.support.Chromium;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import java.io.File;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo page in headless Chromium, at 1366 px and at 375 px: a city change shows the request's time
 * and each of its three jobs reaching "succeeded" with a time; with the mail server down the mail job is
 * seen failing and then retrying on the page. Nothing overflows sideways at 375 px, on the demo page nor
 * on the dashboard. Screenshots go to target/screenshots/.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DemoBrowserIT {

    static final String ADMIN = DemoHttp.ADMIN;
    static final Duration WAIT = Duration.ofSeconds(30);
    static final List<String> JOBS = List.of("RefreshProfileCache", "SendCityChangedMail", "RecomputeFriendSuggestions");

    @ArquillianResource
    URL base;

    ChromeDriver browser;

    @Deployment
    static WebArchive demo() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/background-jobs-demo.war"));
    }

    @AfterEach
    void closeBrowser() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        setMailServer(true);
    }

    @Test
    void atDesktopWidthTheRequestTimeAndEachJobReachingSucceededAreShown() throws Exception {
        browser = Chromium.open(1366, 900);
        setMailServer(true);
        browser.get(base.toString());
        String city = changeCity("Lisbon");

        String answer = browser.findElement(By.id("answer")).getText();
        assertTrue(answer.matches("(?s)The request returned in \\d+ ms \\(\\d+ ms of it in the server.*"), answer);
        for (String job : JOBS) {
            awaitStep(city, job, "succeeded");
        }
        Map<String, Object> card = card(city);
        assertTrue(((String) card.get("answered")).matches("answered \\+\\d+ ms"), card.toString());
        for (String job : JOBS) {
            assertEquals("succeeded", state(card, job), job + ": " + card);
            assertTrue(step(card, job, "succeeded").matches("succeeded \\+\\d+(\\.\\d)? m?s · took \\d+ ms"), card.toString());
            assertTrue(step(card, job, "queued") != null && step(card, job, "running") != null, job + ": " + card);
            assertEquals("queued", job(card, job).get("first"), job + " is queued before it runs: " + card);
        }
        assertTrue(((String) card.get("meta")).contains("all jobs done +"), card.toString());
        assertScreenshot("demo-1366.png");
    }

    @Test
    void atPhoneWidthTheJobsAreShownAndNothingOverflows() throws Exception {
        browser = Chromium.open(375, 800);
        setMailServer(true);
        browser.get(base.toString());
        assertEquals(375L, ((Number) browser.executeScript("return window.innerWidth;")).longValue());
        assertNoHorizontalOverflow("the demo page before any change");

        String city = changeCity("Vila Nova de Gaia");
        for (String job : JOBS) {
            awaitStep(city, job, "succeeded");
        }
        assertTrue(browser.findElement(By.id("answer")).getText().startsWith("The request returned in "));
        assertNoHorizontalOverflow("the demo page with its jobs done");
        assertScreenshot("demo-375.png");
    }

    @Test
    void withTheMailServerDownTheMailJobIsSeenFailingThenRetrying() throws Exception {
        browser = Chromium.open(375, 800);
        setMailServer(true);
        browser.get(base.toString());
        Await.until("the page knows the mail server is up", WAIT, () -> "true".equals(
                browser.findElement(By.id("mail-up")).getAttribute("data-loaded")) && browser.findElement(By.id("mail-up")).isSelected());
        browser.findElement(By.id("mail-up")).click();
        Await.until("the mail server is down", WAIT, () -> send("GET", "api/mail-server", null, false).body()
                .contains("\"up\":false"));

        String city = changeCity("Reykjavik");
        awaitStep(city, "SendCityChangedMail", "failed");
        awaitStep(city, "SendCityChangedMail", "retrying");
        awaitStep(city, "RefreshProfileCache", "succeeded");
        awaitStep(city, "RecomputeFriendSuggestions", "succeeded");
        Map<String, Object> card = card(city);
        String failed = step(card, "SendCityChangedMail", "failed");
        assertTrue(failed.matches("(?s)failed \\+\\d+(\\.\\d)? m?s · .*refused the connection.*"), failed);
        String retrying = step(card, "SendCityChangedMail", "retrying");
        assertTrue(retrying.matches("retrying \\+\\d+(\\.\\d)? m?s · attempt 2 due at \\+\\d+(\\.\\d)? m?s"), retrying);
        assertNoHorizontalOverflow("the demo page with a failed mail job");
        assertScreenshot("demo-mail-down-375.png");
    }

    @Test
    void theDashboardFitsAPhone() throws Exception {
        browser = Chromium.open(375, 800);
        Chromium.authorize(browser, ADMIN);
        browser.get(base + "background-jobs/dashboard/");
        Await.until("the counts are loaded", WAIT,
                () -> browser.findElement(By.id("count-processed")).getText().strip().matches("\\d+"));
        assertNoHorizontalOverflow("the dashboard");
        long width = ((Number) browser.executeScript("return window.innerWidth;")).longValue();
        List<WebElement> tabs = browser.findElements(By.cssSelector(".tabs a"));
        assertTrue(!tabs.isEmpty(), "the dashboard has tabs");
        for (WebElement tab : tabs) {
            long right = ((Number) browser.executeScript("return arguments[0].getBoundingClientRect().right;", tab)).longValue();
            assertTrue(right <= width, "tab '" + tab.getText() + "' ends at " + right + " px, beyond the " + width + " px screen");
        }
        assertScreenshot("dashboard-375.png");
    }

    /** Sends a change to a fresh city from the page's form; answers the city once the page shows its change. */
    private String changeCity(String name) throws Exception {
        String city = name + " " + System.currentTimeMillis();
        Await.until("the page is loaded", WAIT, () -> !browser.findElements(By.id("city")).isEmpty());
        WebElement input = browser.findElement(By.id("city"));
        input.clear();
        input.sendKeys(city);
        browser.findElement(By.id("send")).click();
        Await.until("the answer is shown", WAIT,
                () -> browser.findElement(By.id("answer")).getText().contains("moved from"));
        assertTrue(browser.findElement(By.id("answer")).getText().contains("to " + city),
                browser.findElement(By.id("answer")).getText());
        Await.until("the change is shown", WAIT, () -> card(city) != null);
        return city;
    }

    /** Waits until the job of the change shows the step with its time. */
    private void awaitStep(String city, String job, String state) throws Exception {
        try {
            Await.until(job + " shows '" + state + "' with a time", WAIT, () -> {
                Map<String, Object> card = card(city);
                String step = card == null ? null : step(card, job, state);
                return step != null && step.matches("(?s)" + state + " \\+\\d+(\\.\\d)? m?s.*");
            });
        } catch (AssertionError e) {
            Chromium.screenshot(browser, "failed-" + job + "-" + state + ".png");
            throw new AssertionError(e.getMessage() + "; the page shows " + card(city) + "; api/timeline answers "
                    + send("GET", "api/timeline?limit=3", null, false).body(), e);
        }
    }

    /**
     * What the page shows of the change to this city, read in one script run (the page redraws every
     * 400 ms): answered, meta, and for each job by name its state and the text of its first step of each state.
     */
    @SuppressWarnings("unchecked")
    private Map<String, Object> card(String city) {
        return (Map<String, Object>) browser.executeScript("""
                const card = [...document.querySelectorAll('#changes .change')]
                  .find(c => c.querySelector('h3').textContent.endsWith(arguments[0]));
                if (!card) return null;
                const jobs = {};
                for (const job of card.querySelectorAll('.job')) {
                  const steps = {};
                  for (const li of job.querySelectorAll('ol.steps li')) {
                    if (!(li.dataset.state in steps)) steps[li.dataset.state] = li.textContent;
                  }
                  const first = job.querySelector('ol.steps li');
                  jobs[job.dataset.name] = {state: job.dataset.state, first: first && first.dataset.state, steps};
                }
                return {answered: card.querySelector('.answered').textContent,
                        meta: card.querySelector('.meta').textContent, jobs};""", city);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> job(Map<String, Object> card, String name) {
        Map<String, Object> job = (Map<String, Object>) ((Map<String, Object>) card.get("jobs")).get(name);
        assertTrue(job != null, "no job " + name + " in " + card);
        return job;
    }

    private static String state(Map<String, Object> card, String job) {
        return (String) job(card, job).get("state");
    }

    @SuppressWarnings("unchecked")
    private static String step(Map<String, Object> card, String job, String state) {
        return (String) ((Map<String, Object>) job(card, job).get("steps")).get(state);
    }

    private void assertNoHorizontalOverflow(String what) {
        long overflow = Chromium.horizontalOverflow(browser);
        assertTrue(overflow <= 0, what + " is " + overflow + " px wider than the screen: " + Chromium.overflowingElements(browser));
    }

    private void assertScreenshot(String name) throws Exception {
        Path file = Chromium.screenshot(browser, name);
        assertTrue(Files.size(file) > 10_000, "a real screenshot: " + file + " has " + Files.size(file) + " bytes");
    }

    private void setMailServer(boolean up) throws Exception {
        new DemoHttp(base).setMailServer(up);
    }

    private HttpResponse<String> send(String method, String path, String json, boolean asAdmin) throws Exception {
        return new DemoHttp(base).send(method, path, json, asAdmin);
    }
}
