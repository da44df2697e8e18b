package io.switchboard.systemtests;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One browser, with a profile of its own: Debian's Chromium, headless, driven through Debian's
 * chromedriver (no driver or browser is downloaded). Two of them are two people on two machines.
 * The binaries are {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} unless the system
 * properties {@code switchboard.chromium} and {@code switchboard.chromedriver} say otherwise.
 */
final class Browser implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(45);

  private final ChromeDriver driver;
  private final Path profile;

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  static Browser open(String name, int width, int height) {
    Path chromium = Path.of(System.getProperty("switchboard.chromium", "/usr/bin/chromium"));
    Path chromedriver =
        Path.of(System.getProperty("switchboard.chromedriver", "/usr/bin/chromedriver"));
    if (!Files.isExecutable(chromium) || !Files.isExecutable(chromedriver)) {
      throw new IllegalStateException(
          "the browser tests need Chromium and its driver at "
              + chromium
              + " and "
              + chromedriver
              + " (Debian: apt-get install chromium chromium-driver)");
    }
    try {
      Path build = Path.of(System.getProperty("switchboard.build.dir", "target"));
      Path profile = Files.createTempDirectory(build, "chromium-" + name + "-");
      Files.createDirectories(build.resolve("logs"));
      ChromeOptions options = new ChromeOptions();
      options.setBinary(chromium.toFile());
      options.addArguments(
          "--headless=new",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--disable-dev-shm-usage",
          "--user-data-dir=" + profile.toAbsolutePath(),
          "--window-size=" + width + "," + height);
      // The page's console, for the message of a wait that timed out.
      options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
      ChromeDriverService service =
          new ChromeDriverService.Builder()
              .usingDriverExecutable(chromedriver.toFile())
              .usingAnyFreePort()
              .withLogFile(build.resolve("logs").resolve("chromedriver-" + name + ".log").toFile())
              .build();
      ChromeDriver driver = new ChromeDriver(service, options);
      driver.manage().window().setSize(new Dimension(width, height));
      return new Browser(driver, profile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void go(String url) {
    driver.get(url);
  }

  /** The first element with {@code data-testid}, once it is there and shown. */
  WebElement testId(String id) {
    return until(d -> visible(d.findElements(By.cssSelector("[data-testid='" + id + "']"))));
  }

  List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  WebElement css(String css) {
    return until(d -> visible(d.findElements(By.cssSelector(css))));
  }

  <T> T until(Function<WebDriver, T> condition) {
    try {
      return new WebDriverWait(driver, WAIT, Duration.ofMillis(200))
          .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
          .until(condition::apply);
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError("waited " + WAIT + " in vain; " + diagnosis(), e);
    }
  }

  /** What the page shows and its console's last lines, shortened: for a failure's message. */
  String diagnosis() {
    String page = shorten(text(), 1500);
    List<String> console =
        driver.manage().logs().get("browser").getAll().stream()
            .map(entry -> entry.getLevel() + " " + shorten(entry.getMessage(), 300))
            .toList();
    return "page: "
        + page
        + "\nconsole: "
        + String.join("\n", console.subList(Math.max(0, console.size() - 15), console.size()));
  }

  private static String shorten(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "…";
  }

  /**
   * Finds an element and clicks it, again if the page re-rendered it in between (a stale element is
   * found anew).
   */
  void click(Function<WebDriver, WebElement> find) {
    until(
        d -> {
          WebElement element = find.apply(d);
          if (element == null) {
            return null;
          }
          element.click();
          return true;
        });
  }

  /** Answers OK to the page's {@code confirm()} dialog, once it shows. */
  void acceptConfirm() {
    until(ExpectedConditions.alertIsPresent()::apply).accept();
  }

  Object script(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  Object asyncScript(String script, Object... args) {
    driver.manage().timeouts().scriptTimeout(WAIT);
    return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
  }

  void screenshot(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      File shot = driver.getScreenshotAs(OutputType.FILE);
      Files.copy(shot.toPath(), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String text() {
    return driver.findElement(By.tagName("body")).getText();
  }

  private static WebElement visible(List<WebElement> elements) {
    return elements.stream().filter(WebElement::isDisplayed).findFirst().orElse(null);
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // a temporary profile
      }
    }
  }
}
