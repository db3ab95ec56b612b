package dev.tidemark.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * A real headless Chromium for tests that check what a person sees: it opens a page, runs
 * JavaScript against the rendered DOM, and saves screenshots. It uses the machine's Debian Chromium
 * and ChromeDriver (packages chromium and chromium-driver) by explicit path, so Selenium Manager
 * never tries to download a browser or driver (there is no internet). Missing binaries fail the
 * test with the command that installs them: a skipped browser test would hide a broken report.
 */
public final class Browser implements AutoCloseable {
  public static final Path CHROMIUM =
      Path.of(System.getProperty("tidemark.chromium", "/usr/bin/chromium"));
  public static final Path CHROMEDRIVER =
      Path.of(System.getProperty("tidemark.chromedriver", "/usr/bin/chromedriver"));

  /**
   * Selenium looks for a devtools module matching Chromium's version and warns at every start when
   * there is none. Tidemark needs none (its one CDP call, the full-page screenshot, goes through
   * ChromeDriver), and one pinned to a version would break at Debian's next Chromium update. Held
   * here: java.util.logging keeps loggers only weakly.
   */
  private static final Logger CDP_VERSION_FINDER =
      quiet("org.openqa.selenium.devtools.CdpVersionFinder");

  private final ChromeDriverService service;
  private final ChromeDriver driver;

  private Browser(ChromeDriverService service, ChromeDriver driver) {
    this.service = service;
    this.driver = driver;
  }

  /** A browser whose viewport is {@code width} x {@code height} CSS pixels at scale 1. */
  public static Browser start(int width, int height) {
    require(CHROMIUM, "Chromium");
    require(CHROMEDRIVER, "ChromeDriver");
    File log = Path.of("target", "chromedriver.log").toAbsolutePath().toFile();
    log.getParentFile().mkdirs();
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .withLogFile(log)
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox", // CI runs as root, where Chromium's sandbox refuses to start
        "--disable-dev-shm-usage", // containers have a small /dev/shm
        "--window-size=" + width + "," + height,
        "--force-device-scale-factor=1",
        "--lang=en-US",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-extensions",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
    ChromeDriver driver;
    try {
      driver = new ChromeDriver(service, options);
    } catch (RuntimeException e) {
      service.stop();
      throw new IllegalStateException(
          "Cannot start headless Chromium (" + CHROMIUM + " via " + CHROMEDRIVER + "); see " + log,
          e);
    }
    Browser browser = new Browser(service, driver);
    try {
      driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
      driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
      browser.resize(width, height);
      return browser;
    } catch (RuntimeException e) {
      browser.close();
      throw e;
    }
  }

  private static Logger quiet(String name) {
    Logger logger = Logger.getLogger(name);
    logger.setLevel(Level.SEVERE);
    return logger;
  }

  private static void require(Path binary, String what) {
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          what
              + " is not installed at "
              + binary
              + ". The browser tests need Debian's Chromium and ChromeDriver:"
              + " apt-get install chromium chromium-driver");
    }
  }

  /**
   * Resizes the viewport (window.innerWidth x innerHeight, scrollbar included) to this size. The
   * window's outer size may or may not include browser chrome in headless mode: measure, correct.
   */
  public Browser resize(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
    long innerWidth = ((Number) js("return window.innerWidth")).longValue();
    long innerHeight = ((Number) js("return window.innerHeight")).longValue();
    if (innerWidth != width || innerHeight != height) {
      driver
          .manage()
          .window()
          .setSize(
              new Dimension((int) (2L * width - innerWidth), (int) (2L * height - innerHeight)));
    }
    return this;
  }

  /** Opens a local file and waits until it has loaded. */
  public Browser open(Path htmlFile) {
    driver.get(htmlFile.toAbsolutePath().toUri().toString());
    return this;
  }

  /** Runs JavaScript in the page; {@code arguments[i]} are the args. Returns what it returns. */
  public Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  public List<WebElement> findAll(String cssSelector) {
    return driver.findElements(By.cssSelector(cssSelector));
  }

  public WebElement find(String cssSelector) {
    return driver.findElement(By.cssSelector(cssSelector));
  }

  /** The whole page as PNG, not just the viewport: what a person would scroll through. */
  public Path screenshot(Path png) {
    Number width = (Number) js("return document.documentElement.scrollWidth");
    Number height = (Number) js("return document.documentElement.scrollHeight");
    Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1);
    Map<String, Object> shot =
        driver.executeCdpCommand(
            "Page.captureScreenshot",
            Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
    try {
      Files.createDirectories(png.toAbsolutePath().getParent());
      Files.write(png, Base64.getDecoder().decode((String) shot.get("data")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return png;
  }

  /** Messages the page logged at SEVERE (errors, failed loads) since the last call. */
  public List<String> consoleErrors() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .toList();
  }

  public ChromeDriver driver() {
    return driver;
  }

  /** Quits Chromium and stops ChromeDriver, even when the first fails. */
  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
    }
  }
}
