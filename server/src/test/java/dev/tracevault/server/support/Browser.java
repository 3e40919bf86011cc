package dev.tracevault.server.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless browser: Debian's {@code chromium}, driven by its {@code chromedriver} through
 * WebDriver (Selenium). Both are given by path, so nothing looks for or downloads a browser, and the
 * browser starts with a fresh profile and no network of its own beyond this machine.
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of(System.getProperty("viewer.chromium", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER = Path.of(System.getProperty("viewer.chromedriver", "/usr/bin/chromedriver"));
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final ChromeDriver driver;
    private final Path profile;
    private final String base;

    public Browser(int port) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("the viewer's browser tests need Debian's chromium and chromium-driver ("
                    + CHROMIUM + ", " + CHROMEDRIVER + "): apt-get install chromium chromium-driver (.ci/run does)");
        }
        try {
            profile = Files.createTempDirectory("tracevault-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        var options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        var logs = new org.openqa.selenium.logging.LoggingPreferences();
        logs.enable(org.openqa.selenium.logging.LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-extensions", "--window-size=1440,900", "--user-data-dir=" + profile);
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(WAIT);
        base = "http://127.0.0.1:" + port;
    }

    public WebDriver driver() {
        return driver;
    }

    public String base() {
        return base;
    }

    public void open(String path) {
        driver.get(base + path);
    }

    /** Signs in through the sign-in page with {@code key}. */
    public void signIn(String key) {
        open("/ui/sign-in");
        driver.findElement(By.id("key")).sendKeys(key);
        driver.findElement(By.id("sign-in")).click();
        await(d -> !d.getCurrentUrl().contains("/ui/sign-in") || !d.findElements(By.id("sign-in-error")).isEmpty());
    }

    /** Waits (up to 20 s) until {@code condition} holds: its value. */
    public <T> T await(Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(driver, WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .until(condition::apply);
        } catch (org.openqa.selenium.TimeoutException e) {
            // what the page said and showed, to tell why
            var console = new StringBuilder();
            driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll()
                    .forEach(entry -> console.append("\n  console: ").append(entry.getMessage()));
            screenshot("failed-" + System.nanoTime());
            throw new org.openqa.selenium.TimeoutException(e.getMessage() + " at " + driver.getCurrentUrl() + console
                    + "\n  page: " + driver.findElement(org.openqa.selenium.By.tagName("body")).getText(), e);
        }
    }

    public WebElement awaitElement(By by) {
        return await(d -> d.findElements(by).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
    }

    /** Clicks the element once it is shown; again if the page redrew it meanwhile. */
    public void click(By by) {
        await(d -> {
            var element = d.findElements(by).stream().filter(WebElement::isDisplayed).findFirst().orElse(null);
            if (element == null) {
                return null;
            }
            element.click();
            return true;
        });
    }

    /** The element's text, read again if the page redrew it meanwhile. */
    public String text(By by) {
        return await(d -> d.findElement(by).getText());
    }

    public Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    public List<WebElement> all(By by) {
        return driver.findElements(by);
    }

    /** A screenshot of the page as it is, into {@code target/screenshots/NAME.png}. */
    public Path screenshot(String name) {
        try {
            Path dir = Path.of("target", "screenshots");
            Files.createDirectories(dir);
            Path file = dir.resolve(name + ".png");
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary profile left behind is harmless
        }
    }
}
