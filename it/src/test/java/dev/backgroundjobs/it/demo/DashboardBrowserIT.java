package dev.backgroundjobs.it.demo;

import dev.backgroundjobs.it.support.AdminClient;
import dev.backgroundjobs.it.support.Await;
import dev.backgroundjobs.it.support.Chromium;
import dev.backgroundjobs.it.support.TestRedis;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import redis.clients.jedis.RedisClient;

import java.io.File;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard in a real browser (Debian's headless Chromium) against the demo: the overview shows
 * the live counts, a failed job's backtrace opens, and "retry" sends it back to run, now successfully;
 * a job name and a queue paused from the dashboard are listed with who paused them and the jobs held back,
 * and resume from there; the Limits section shows the demo's limits and a job waiting on a rate limit.
 * Screenshots of the overview, the pauses and the limits are written to target/dashboard-overview.png,
 * target/dashboard-pauses.png and target/dashboard-limits.png.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DashboardBrowserIT {

    static final String ADMIN = DemoHttp.ADMIN;
    static final Duration WAIT = Duration.ofSeconds(30);

    @ArquillianResource
    URL base;

    ChromeDriver browser;

    @Deployment
    static WebArchive demo() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/background-jobs-demo.war"));
    }

    @BeforeEach
    void openBrowser() throws Exception {
        browser = Chromium.open(1366, 1000);
        // The browser sends the admin's credentials with every request, as after answering the login prompt.
        Chromium.authorize(browser, ADMIN);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void theOverviewIsLiveAFailedJobsBacktraceOpensAndRetryRunsItAgain() throws Exception {
        setMailServer(false);
        String city = "Atlantis " + System.currentTimeMillis();
        assertEquals(200, send("PUT", "api/profiles/1/city", "{\"city\":\"" + city + "\"}", false).statusCode());
        // This change's mail job, not one an earlier test left in the failed list.
        Await.until("the mail job failed for good", WAIT, () -> mailJobFailed(city));

        browser.get(base + "background-jobs/dashboard/");
        Await.until("the counts are loaded", WAIT, () -> number("#count-processed").isPresent()
                && number("#count-failed-jobs").orElse(0L) >= 1);
        long failedJobs = count("\"failedJobs\":(\\d+)");
        assertEquals(failedJobs, number("#count-failed-jobs").orElseThrow());
        long processedShown = number("#count-processed").orElseThrow();
        assertEquals("admin", browser.findElement(By.id("current-user")).getText().strip().split("\\s")[0]);

        // Live: another change runs three more jobs, and the count follows without a reload.
        setMailServer(true);
        assertEquals(200, send("PUT", "api/profiles/2/city", "{\"city\":\"Porto\"}", false).statusCode());
        Await.until("the processed count grows by three", WAIT,
                () -> number("#count-processed").orElse(0L) >= processedShown + 3);
        Path screenshot = Path.of("target", "dashboard-overview.png");
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), screenshot, StandardCopyOption.REPLACE_EXISTING);
        assertTrue(Files.size(screenshot) > 10_000, "a real screenshot: " + Files.size(screenshot) + " bytes");

        // The mail job tracks its status: its id, linked from its failure, looks up as FAILED.
        mailFailureRow(city).findElement(By.cssSelector(".job-link")).click();
        Await.until("the lookup shows the failed mail job", WAIT, () -> browser.findElement(By.id("job-lookup-result"))
                .getText().contains("FAILED"));
        // An id without a status (an untracked job that ended, or none at all) says which jobs keep one.
        WebElement idInput = browser.findElement(By.id("job-id-input"));
        idInput.clear();
        idInput.sendKeys("0123456789abcdef0123456789abcdef");
        browser.findElement(By.id("job-lookup-button")).click();
        Await.until("the lookup says the id has no status and why", WAIT, () -> browser.findElement(
                By.id("job-lookup-result")).getText().contains("Only running jobs and jobs that track their status"));

        WebElement failure = mailFailureRow(city);
        WebElement backtrace = failure.findElement(By.cssSelector(".backtrace"));
        assertTrue(!backtrace.isDisplayed(), "closed at first");
        failure.findElement(By.cssSelector(".show-backtrace")).click();
        Await.until("the backtrace opens", WAIT, backtrace::isDisplayed);
        assertTrue(backtrace.getText().contains("SMTP server mail.example.com:25 refused the connection"), backtrace.getText());
        assertTrue(backtrace.getText().contains("SendCityChangedMail.perform"), backtrace.getText());

        mailFailureRow(city).findElement(By.cssSelector(".retry")).click();
        Await.until("the mail job ran after the retry", WAIT,
                () -> send("GET", "api/profiles/activity", null, false).body().contains("to " + city));
        Await.until("its row is gone", WAIT, () -> browser.findElements(By.cssSelector(".failed-job")).stream()
                .noneMatch(row -> row.getAttribute("textContent").contains(city)));
    }

    @Test
    void aBatchShowsItsProgressUntilItCompletes() throws Exception {
        HttpResponse<String> started = send("POST", "api/suggestions/recompute?users=3&city=Lisbon", null, false);
        assertEquals(200, started.statusCode(), started.body());
        Matcher id = Pattern.compile("\"batchId\":\"([0-9a-f]{32})\"").matcher(started.body());
        assertTrue(id.find(), started.body());
        String batchId = id.group(1);

        browser.get(base + "background-jobs/dashboard/#batches");
        String row = "#batches-table tr[data-batch-id='" + batchId + "']";
        Await.until("the batch is listed", WAIT, () -> textContent(row) != null);
        // Its three jobs take 1.5 s each on two loops: listed while they run, then complete with 3 of 3.
        Await.until("the batch completes", WAIT, () -> String.valueOf(textContent(row)).contains("succeeded"));
        assertTrue(textContent(row + " .batch-progress").contains("3 / 3"), textContent(row));
        browser.executeScript("document.querySelector('#batches').scrollIntoView()");
        Path screenshot = Path.of("target", "screenshots", "dashboard-batches.png");
        Files.createDirectories(screenshot.getParent());
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), screenshot, StandardCopyOption.REPLACE_EXISTING);
        String record = send("GET", "background-jobs/api/batches/" + batchId, null, true).body();
        assertTrue(record.contains("\"total\":3,\"pending\":0,\"succeeded\":3,\"failed\":0,\"dead\":0,\"complete\":true"), record);
        assertEquals(404, send("GET", "background-jobs/api/batches/0123456789abcdef0123456789abcdef", null, true).statusCode());
        Await.until("its complete callback ran", WAIT, () -> send("GET", "api/profiles/activity", null, false).body()
                .contains("batch " + batchId));
    }

    /** The text of the first element the selector finds, or null: read in one script, as the table is redrawn. */
    private String textContent(String selector) {
        return (String) browser.executeScript(
                "const found = document.querySelector(arguments[0]); return found ? found.textContent : null;", selector);
    }

    @Test
    void theLimitsSectionShowsEachLimitWithItsUseAndTheJobsThatWait() throws Exception {
        // Another application's job with a rate limit of one start an hour, used, and a job waiting on it.
        String job = "HourlyReportOfAnotherApp";
        String waiting = "{\"class\":\"" + job + "\",\"args\":[],\"id\":\"waiting-report-1\"}";
        try (RedisClient redis = TestRedis.connect()) {
            List<?> time = (List<?>) redis.eval("return redis.call('TIME')");
            long now = Long.parseLong((String) time.get(0)) * 1000;
            redis.hset("resque:bgj:limits", job, "1 3600000 0 60000 -1 ");
            redis.zadd("resque:bgj:limit:window:" + job, now, "started-by-the-test");
            redis.rpush("resque:bgj:limit:waiting:" + job, "7:reports" + waiting);
            redis.zadd("resque:bgj:limit:due", now + 3_600_000, job);
            try {
                browser.get(base + "background-jobs/dashboard/#limits");
                Await.until("the limits are listed", WAIT, () -> limitRow(job).isPresent()
                        && limitRow("RecomputeFriendSuggestions").isPresent() && limitRow("SendCityChangedMail").isPresent());
                String report = limitRow(job).orElseThrow();
                assertTrue(report.contains("1/1 per 1 h 0 min") && report.contains("waiting for rate limit until")
                        && report.contains("waiting-report-1"), report);
                String suggestions = limitRow("RecomputeFriendSuggestions").orElseThrow();
                assertTrue(suggestions.contains("/2") && suggestions.contains("within limit"), suggestions);
                assertTrue(limitRow("SendCityChangedMail").orElseThrow().contains("per 1.0 s"));
                assertEquals("1", browser.findElement(By.id("nav-limits")).getText().strip());
                Path screenshot = Path.of("target", "dashboard-limits.png");
                Files.copy(browser.findElement(By.id("limits")).getScreenshotAs(OutputType.FILE).toPath(), screenshot,
                        StandardCopyOption.REPLACE_EXISTING);
            } finally {
                redis.del("resque:bgj:limit:window:" + job, "resque:bgj:limit:waiting:" + job);
                redis.hdel("resque:bgj:limits", job);
                redis.zrem("resque:bgj:limit:due", job);
            }
        }
    }

    /** The text of the Limits table's row of a job, its white space made single spaces, if it is listed. */
    private Optional<String> limitRow(String job) {
        return browser.findElements(By.cssSelector("#limits-table tbody tr")).stream()
                .map(row -> row.getText().replaceAll("\\s+", " ")).filter(text -> text.startsWith(job + " ")).findFirst();
    }

    @Test
    void aJobNameAndAQueuePausedFromTheDashboardAreListedWithTheirHeldJobsAndResumeFromThere() throws Exception {
        setMailServer(true);
        AdminClient admin = AdminClient.as(base, "admin");
        try {
            // A change before the pauses, so that the recommendations queue exists and is listed.
            assertEquals(200, send("PUT", "api/profiles/2/city", "{\"city\":\"Lisbon\"}", false).statusCode());
            browser.get(base + "background-jobs/dashboard/");
            Await.until("the pauses are loaded", WAIT, () -> text("#pauses-table tbody").contains("Nothing is paused."));

            browser.findElement(By.id("pause-job-input")).sendKeys("SendCityChangedMail");
            browser.findElement(By.id("pause-job-button")).click();
            Await.until("the job pause is listed", WAIT, () -> !pauseRows("job:SendCityChangedMail").isEmpty());
            assertEquals("admin", pauseRows("job:SendCityChangedMail").get(0).findElement(By.cssSelector(".by")).getText());
            Await.until("the recommendations queue is listed", WAIT,
                    () -> !browser.findElements(By.cssSelector("#queues-table tr[data-queue='recommendations'] .pause")).isEmpty());
            browser.findElement(By.cssSelector("#queues-table tr[data-queue='recommendations'] .pause")).click();
            Await.until("the queue pause is listed", WAIT, () -> !pauseRows("queue:recommendations").isEmpty());
            Await.until("the queue shows as paused", WAIT,
                    () -> text("#queues-table tr[data-queue='recommendations']").contains("paused"));

            String city = "Paused city " + System.currentTimeMillis();
            assertEquals(200, send("PUT", "api/profiles/2/city", "{\"city\":\"" + city + "\"}", false).statusCode());
            Await.until("the mail job is held", WAIT, () -> {
                try {
                    return pauseRows("job:SendCityChangedMail").stream()
                            .anyMatch(row -> row.findElement(By.cssSelector(".held")).getText().equals("1"));
                } catch (StaleElementReferenceException redrawn) {
                    // The table was redrawn between finding the row and reading it: look again.
                    return false;
                }
            });
            assertTrue(!send("GET", "api/profiles/activity", null, false).body().contains("to " + city), "no mail while paused");
            Path screenshot = Path.of("target", "dashboard-pauses.png");
            Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), screenshot, StandardCopyOption.REPLACE_EXISTING);

            pauseRows("job:SendCityChangedMail").get(0).findElement(By.cssSelector(".resume")).click();
            Await.until("the held mail job ran after the resume", WAIT,
                    () -> send("GET", "api/profiles/activity", null, false).body().contains("to " + city));
            pauseRows("queue:recommendations").get(0).findElement(By.cssSelector(".resume")).click();
            Await.until("nothing is paused any more", WAIT, () -> text("#pauses-table tbody").contains("Nothing is paused."));
        } finally {
            // Other tests of the demo must find nothing paused, whatever happened above.
            admin.post("background-jobs/api/job-names/SendCityChangedMail/resume");
            admin.post("background-jobs/api/queues/recommendations/resume");
        }
    }

    private List<WebElement> pauseRows(String pause) {
        return browser.findElements(By.cssSelector("#pauses-table tr[data-pause='" + pause + "']"));
    }

    private String text(String selector) {
        return browser.findElements(By.cssSelector(selector)).stream().map(WebElement::getText).findFirst().orElse("");
    }

    @Test
    void aRunningJobsProgressIsShownLiveAndItsCancelButtonStopsIt() throws Exception {
        HttpResponse<String> started = send("POST", "api/suggestion-index?cities=60", "{}", false);
        assertEquals(200, started.statusCode(), started.body());
        Matcher idMatch = Pattern.compile("\"jobId\":\"(\\w+)\"").matcher(started.body());
        assertTrue(idMatch.find(), started.body());
        String id = idMatch.group(1);

        browser.get(base + "background-jobs/dashboard/");
        Await.until("the workers panel shows the job's progress", WAIT, () -> percentShown(id) > 0);
        int first = percentShown(id);
        Await.until("the job's own progress message is shown", WAIT, () -> {
            try {
                return workerRow(id).map(row -> row.findElement(By.cssSelector(".progress-message")).getText().strip()
                        .matches("indexed city \\d+ of 60")).orElse(false);
            } catch (org.openqa.selenium.WebDriverException redrawn) {
                return false;
            }
        });
        Await.until("the progress moves on without a reload", WAIT, () -> percentShown(id) > first);

        workerRow(id).orElseThrow().findElement(By.cssSelector(".cancel-job")).click();
        browser.switchTo().alert().accept();
        Await.until("the job is cancelled", WAIT,
                () -> send("GET", "background-jobs/api/jobs/" + id, null, true).body().contains("\"state\":\"CANCELLED\""));
        Await.until("no worker runs it any more", WAIT, () -> workerRow(id).isEmpty());
        assertTrue(percentShown(id) < 0);
    }

    /** The workers panel's row running job {@code id}, if any (rows are redrawn, so it is found afresh). */
    private Optional<WebElement> workerRow(String id) {
        for (int attempt = 1; ; attempt++) {
            try {
                return browser.findElements(By.cssSelector("#workers-table tr[data-worker]")).stream()
                        .filter(row -> row.findElements(By.cssSelector(".job-link")).stream()
                                .anyMatch(link -> link.getText().equals(id)))
                        .findFirst();
            } catch (StaleElementReferenceException redrawn) {
                // The panel was redrawn while its rows were read: read the new ones.
                if (attempt == 5) {
                    throw redrawn;
                }
            }
        }
    }

    /** The percent the panel shows for job {@code id}, or -1 while it shows none. */
    private int percentShown(String id) {
        try {
            return workerRow(id).flatMap(row -> row.findElements(By.cssSelector(".progress")).stream().findFirst())
                    .map(progress -> Integer.parseInt(progress.getAttribute("data-percent"))).orElse(-1);
        } catch (StaleElementReferenceException redrawn) {
            // Redrawn between finding the row and reading it: nothing shown at that instant.
            return -1;
        }
    }

    /** The dashboard's row of the failed mail job of this change (rows are redrawn, so it is found afresh). */
    private WebElement mailFailureRow(String city) throws Exception {
        Await.until("the failed mail job is listed", WAIT, () -> browser.findElements(By.cssSelector(".failed-job")).stream()
                .anyMatch(row -> row.getAttribute("textContent").contains(city)));
        List<WebElement> rows = browser.findElements(By.cssSelector(".failed-job"));
        return rows.stream().filter(row -> row.getAttribute("textContent").contains(city)).findFirst().orElseThrow();
    }

    private Optional<Long> number(String selector) {
        String text = browser.findElement(By.cssSelector(selector)).getText().strip();
        return text.matches("\\d+") ? Optional.of(Long.parseLong(text)) : Optional.empty();
    }

    /** Whether the failed list holds the mail job of the change to this city (its payload names the city). */
    private boolean mailJobFailed(String city) throws Exception {
        String body = send("GET", "background-jobs/api/failed?limit=100", null, true).body();
        return body.contains("\"jobName\":\"SendCityChangedMail\"") && body.contains("\\\"newCity\\\":\\\"" + city + "\\\"");
    }

    private long count(String regex) throws Exception {
        Matcher matcher = Pattern.compile(regex).matcher(send("GET", "background-jobs/api/overview", null, true).body());
        assertTrue(matcher.find());
        return Long.parseLong(matcher.group(1));
    }

    private void setMailServer(boolean up) throws Exception {
        new DemoHttp(base).setMailServer(up);
    }

    private HttpResponse<String> send(String method, String path, String json, boolean asAdmin) throws Exception {
        return new DemoHttp(base).send(method, path, json, asAdmin);
    }
}
