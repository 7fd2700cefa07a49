package dev.backgroundjobs.it.support;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/**
 * Debian's headless Chromium for the browser tests: opened at a given viewport size, skipped when it is
 * not installed (unless {@value #REQUIRED}=required, as in CI), with full-page screenshots and the
 * horizontal overflow check.
 */
public final class Chromium {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Set by .ci/run, which installs Chromium: there a missing browser fails the test instead of skipping it. */
    public static final String REQUIRED = "BGJ_BROWSER_TEST";
    /** Where the screenshots go, relative to it/. */
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private Chromium() {
    }

    /** A headless Chromium whose viewport is exactly width x height CSS pixels (desktop, not mobile, emulation). */
    public static ChromeDriver open(int width, int height) throws Exception {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && "required".equals(System.getenv(REQUIRED))) {
            throw new IllegalStateException("Chromium and ChromeDriver are needed at " + CHROMIUM + " and " + CHROMEDRIVER
                    + ": apt-get install chromium chromium-driver");
        }
        Assumptions.assumeTrue(installed, "no Chromium here (apt-get install chromium chromium-driver): browser test skipped");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--window-size=" + width + "," + height,
                "--user-data-dir=" + Files.createTempDirectory("chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver browser = new ChromeDriver(service, options);
        resize(browser, width, height);
        return browser;
    }

    /** Sets the viewport to width x height CSS pixels, at device scale 1. */
    public static void resize(ChromeDriver browser, int width, int height) {
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", 1, "mobile", false));
    }

    /** Sends these credentials with every request, as after answering the login prompt. */
    public static void authorize(ChromeDriver browser, String authorization) {
        browser.executeCdpCommand("Network.enable", Map.of());
        browser.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization", authorization)));
    }

    /** The page's document width beyond the viewport, in CSS pixels (0 when nothing overflows sideways). */
    public static long horizontalOverflow(ChromeDriver browser) {
        Number overflow = (Number) browser.executeScript(
                "return document.documentElement.scrollWidth - window.innerWidth;");
        return overflow.longValue();
    }

    /** The elements (tag#id.class and width) that reach beyond the viewport's right edge, for a failure message. */
    public static String overflowingElements(ChromeDriver browser) {
        return String.valueOf(browser.executeScript("""
                const w = window.innerWidth, out = [];
                for (const e of document.querySelectorAll('body *')) {
                  const r = e.getBoundingClientRect();
                  if (r.right > w + 0.5 && r.width > 0) {
                    out.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                      + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().replace(/\\s+/g, '.') : '')
                      + ' right=' + Math.round(r.right));
                  }
                }
                return out.slice(0, 15).join(', ');"""));
    }

    /** A screenshot of the whole page (not only the viewport) to target/screenshots/NAME; answers its path. */
    public static Path screenshot(ChromeDriver browser, String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        Number width = (Number) browser.executeScript("return Math.max(document.documentElement.scrollWidth, window.innerWidth);");
        Number height = (Number) browser.executeScript("return Math.max(document.documentElement.scrollHeight, window.innerHeight);");
        Map<String, Object> shot = browser.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        Path file = SCREENSHOTS.resolve(name);
        Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
        return file;
    }
}
