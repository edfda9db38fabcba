package io.pvepanel.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.pvepanel.suitetesting.IsolatedSuite;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in headless Chromium (Debian's {@code chromium} and {@code chromium-driver})
 * against the whole suite: sign in with a token, the user's servers with live status, stop and
 * start with the badge changing without a reload, a snapshot, the one-time password dialog, the
 * console's shell prompt, graphs, alert rules and notification settings, a foreign server refused,
 * and the phone-width layout. Screenshots go to {@code target/screenshots/}.
 *
 * <p>One browser and one suite for the whole class; the tests run in order and build on each other
 * (signed in by the first).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTests {

  static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER =
      Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));
  static final Duration WAIT = Duration.ofSeconds(30);

  static IsolatedSuite suite;
  static ChromeDriver driver;
  static Path screenshots;
  static Path userDataDir;
  static final Map<String, String> ids = new HashMap<>();
  // web01's root password from the password test: the container console logs in with it
  static String web01Password;

  @BeforeAll
  static void start() throws Exception {
    requireChromium();
    Path root = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
    Path target = root.resolve("dashboard-tests").resolve("target");
    screenshots =
        Path.of(System.getProperty("screenshots.dir", target.resolve("screenshots").toString()));
    Files.createDirectories(screenshots);
    String external = System.getProperty("dashboard.suiteEnv");
    suite =
        external != null
            ? IsolatedSuite.external(Path.of(external))
            : new IsolatedSuite(root, target.resolve("suite"), "dash");
    try {
      if (external == null) {
        suite.start();
      }
    } catch (Exception e) {
      suite.close();
      suite = null;
      throw e;
    }
    userDataDir = Files.createTempDirectory("dashboard-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,900",
        "--user-data-dir=" + userDataDir);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
  }

  /**
   * Chromium must be there: CI installs it ({@code .ci/run}); locally the tests may be skipped with
   * {@code -Ddashboard.tests.skip}, never silently.
   */
  static void requireChromium() {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (present) {
      return;
    }
    String message =
        "headless Chromium is needed for the dashboard's browser tests but "
            + (Files.isExecutable(CHROMIUM) ? CHROMEDRIVER : CHROMIUM)
            + " is missing: install Debian's packages (apt-get install chromium chromium-driver;"
            + " .ci/run does this), or skip these tests locally with -Ddashboard.tests.skip";
    boolean skipAsked = System.getProperty("dashboard.tests.skip") != null;
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    if (skipAsked && !ci) {
      Assumptions.abort(message);
    }
    fail(message);
  }

  @AfterAll
  static void stop() throws IOException {
    try {
      if (driver != null) {
        driver.quit();
      }
    } finally {
      if (suite != null) {
        suite.close();
      }
      if (userDataDir != null) {
        deleteTree(userDataDir);
      }
    }
  }

  @AfterEach
  void browserErrors() {
    if (driver == null) {
      return;
    }
    // a script error or a CSP violation in the page fails the test that caused it
    List<String> severe =
        driver.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
            .map(LogEntry::getMessage)
            // expected answers the page handles itself (the foreign server's 404)
            .filter(m -> !m.contains("the server responded with a status of 404"))
            .toList();
    assertThat(severe).as("browser console errors").isEmpty();
    if (suite != null) {
      assertThat(suite.deadServices()).as("services that died").isEmpty();
    }
  }

  // ---------------------------------------------------------------- tests

  @Test
  @Order(1)
  void signsInWithATokenAndSeesTheirServers() {
    driver.get(suite.gatewayUrl() + "/");
    WebElement input = waitFor(By.id("token-input"));
    shot("01-login");
    input.sendKeys("not-a-token");
    driver.findElement(By.id("login-submit")).click();
    assertThat(waitFor(By.id("token-error")).getText()).contains("not a token");
    input.clear();
    paste(input, suite.tokenUser1());
    driver.findElement(By.id("login-submit")).click();

    waitFor(By.cssSelector("[data-server-name='web01']"));
    List<String> names =
        driver.findElements(By.cssSelector(".server-card h2")).stream()
            .map(WebElement::getText)
            .toList();
    assertThat(names).containsExactlyInAnyOrder("web01", "hot01", "win01");
    for (WebElement card : driver.findElements(By.cssSelector(".server-card"))) {
      ids.put(card.getAttribute("data-server-name"), card.getAttribute("data-server-id"));
    }
    // the token is not in the address bar or the page
    assertThat(driver.getCurrentUrl()).doesNotContain(suite.tokenUser1());
    assertThat(driver.getPageSource()).doesNotContain(suite.tokenUser1());
    // live channel up, statuses shown, figures arriving over /ws
    waitUntil(() -> "live".equals(text(By.id("live-state"))), "live channel connected");
    waitUntil(() -> "running".equals(badge("web01")), "web01 shown running");
    waitUntil(
        () -> !text(By.cssSelector("[data-server-name='hot01'] .meter .val")).equals("—"),
        "hot01's CPU figure");
    shot("02-servers");
  }

  @Test
  @Order(2)
  void stopsAndStartsAServerAndTheBadgeChangesWithoutReload() {
    ((JavascriptExecutor) driver).executeScript("window.__noReload = 'still here';");
    WebElement card = waitFor(By.cssSelector("[data-server-name='web01']"));
    card.findElement(By.cssSelector("button[data-action='stop']")).click();
    // destructive: confirmation first
    WebElement confirm = waitFor(By.cssSelector("dialog[open] button.danger"));
    assertThat(text(By.id("dialog-title"))).isEqualTo("Stop web01?");
    shot("03-confirm-stop");
    confirm.click();
    waitUntil(
        () ->
            !driver
                    .findElements(By.cssSelector("[data-server-name='web01'] .op .progress"))
                    .isEmpty()
                || "stopped".equals(badge("web01")),
        "operation progress on the card");
    shot("04-stopping");
    waitUntil(() -> "stopped".equals(badge("web01")), "web01's badge turns stopped");
    waitUntil(
        () ->
            driver
                .findElements(By.cssSelector("[data-server-name='web01'] .op .progress"))
                .isEmpty(),
        "stop operation finished");

    waitFor(By.cssSelector("[data-server-name='web01'] button[data-action='start']:enabled"))
        .click();
    waitUntil(() -> "running".equals(badge("web01")), "web01's badge turns running again");
    assertThat(((JavascriptExecutor) driver).executeScript("return window.__noReload"))
        .isEqualTo("still here");
    waitUntil(
        () ->
            driver
                .findElements(By.cssSelector("[data-server-name='web01'] .op .progress"))
                .isEmpty(),
        "start operation finished");
  }

  @Test
  @Order(3)
  void takesASnapshotWithNameValidation() {
    go("#/server/" + ids.get("web01") + "/snapshots");
    WebElement name = waitFor(By.id("snap-name"));
    name.sendKeys("1-bad name");
    assertThat(waitFor(By.id("snap-name-error")).getText()).contains("Start with a letter");
    assertThat(name.getAttribute("aria-invalid")).isEqualTo("true");
    name.clear();
    name.sendKeys("current");
    driver.findElement(By.id("snap-create")).click();
    waitUntil(() -> text(By.id("snap-name-error")).contains("reserved"), "reserved name refused");
    name.clear();
    name.sendKeys("before_upgrade2");
    driver.findElement(By.id("snap-desc")).sendKeys("taken by the browser test");
    driver.findElement(By.id("snap-create")).click();
    waitFor(
        By.cssSelector("#snapshot-list tr[data-snapshot='before_upgrade2']"),
        Duration.ofSeconds(45));
    shot("05-snapshots");
  }

  @Test
  @Order(4)
  void showsTheNewRootPasswordOnceWithACopyButton() {
    go("#/server/" + ids.get("web01"));
    waitFor(By.cssSelector(".server-head button[data-action='password']:enabled")).click();
    waitFor(By.cssSelector("dialog[open] button.primary")).click();
    WebElement pw = waitFor(By.id("pw-value"), Duration.ofSeconds(45));
    waitUntil(() -> !pw.getDomProperty("value").isEmpty(), "password shown");
    assertThat(driver.findElement(By.id("pw-user")).getDomProperty("value")).isEqualTo("root");
    assertThat(driver.findElement(By.id("pw-copy")).getAttribute("aria-label")).contains("Copy");
    shot("06-password");
    String password = pw.getDomProperty("value");
    web01Password = password;
    driver.findElement(By.id("pw-done")).click();
    waitUntil(() -> driver.findElements(By.id("pw-value")).isEmpty(), "dialog closed");
    // never stored: not in the page, nor in the tab's storage
    assertThat(driver.getPageSource()).doesNotContain(password);
    Object storage =
        ((JavascriptExecutor) driver)
            .executeScript("return JSON.stringify(sessionStorage) + JSON.stringify(localStorage);");
    assertThat(String.valueOf(storage)).doesNotContain(password);
  }

  @Test
  @Order(5)
  void opensTheConsoleAndSeesTheShellPrompt() {
    go("#/server/" + ids.get("web01") + "/console");
    waitFor(By.id("console-connect")).click();
    // a container console is the container's getty (pve-container cmode tty): log in as root
    waitUntil(
        () -> text(By.cssSelector(".console-screen .xterm-rows")).contains("web01 login:"),
        "the login prompt in the terminal");
    WebElement term = driver.findElement(By.cssSelector(".console-screen textarea"));
    assertThat(web01Password).as("set by the password test (Order 4)").isNotNull();
    term.sendKeys("root" + Keys.ENTER);
    waitUntil(
        () -> text(By.cssSelector(".console-screen .xterm-rows")).contains("Password:"),
        "the password prompt");
    term.sendKeys(web01Password + Keys.ENTER);
    waitUntil(
        () -> text(By.cssSelector(".console-screen .xterm-rows")).contains("root@web01:~#"),
        "the shell prompt in the terminal");
    term.sendKeys("hostname" + Keys.ENTER);
    waitUntil(
        () -> text(By.cssSelector(".console-screen .xterm-rows")).contains("hostname"),
        "keystrokes echoed through the relay");
    shot("07-console");
    driver.findElement(By.id("console-disconnect")).click();
  }

  @Test
  @Order(6)
  void drawsGraphsForEachRange() {
    go("#/server/" + ids.get("hot01"));
    waitFor(By.cssSelector(".graphs .uplot"), Duration.ofSeconds(30));
    for (String range : List.of("6h", "24h", "7d", "30d", "1h")) {
      driver.findElement(By.cssSelector(".segmented button[data-range='" + range + "']")).click();
      waitUntil(
          () ->
              "true"
                  .equals(
                      driver
                          .findElement(
                              By.cssSelector(".segmented button[data-range='" + range + "']"))
                          .getAttribute("aria-checked")),
          range + " selected");
    }
    waitFor(By.cssSelector(".graphs .uplot canvas"));
    shot("08-server-graphs");
    go("#/server/" + ids.get("hot01") + "/activity");
    waitFor(By.cssSelector("#server-audit"));
    go("#/server/" + ids.get("web01") + "/activity");
    waitUntil(
        () -> text(By.id("server-audit")).contains("snapshot"), "the snapshot in the audit log");
    shot("09-server-activity");
  }

  @Test
  @Order(7)
  void alertRulesAndNotificationSettings() {
    go("#/alerts");
    WebElement name = waitFor(By.id("rule-name"));
    name.sendKeys("web01 CPU above 95");
    new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("rule-scope")))
        .selectByVisibleText("web01");
    driver.findElement(By.id("rule-threshold")).clear();
    driver.findElement(By.id("rule-threshold")).sendKeys("95");
    driver.findElement(By.cssSelector(".rule-form button[type='submit']")).click();
    waitUntil(() -> text(By.id("rule-list")).contains("web01 CPU above 95"), "the new rule listed");
    shot("10-alert-rules");

    go("#/notifications");
    WebElement email = waitFor(By.id("notify-email"));
    email.clear();
    email.sendKeys("not an address");
    driver.findElement(By.id("notify-save")).click();
    waitUntil(() -> text(By.id("notify-email-error")).contains("valid address"), "address check");
    email.clear();
    email.sendKeys("ops@example.test");
    driver.findElement(By.id("notify-save")).click();
    waitUntil(() -> text(By.id("toasts")).contains("saved"), "settings saved");
    // a new address is pending: it gets only the confirmation mail until its code is entered
    waitUntil(() -> domText(By.id("notify-email-state")).contains("pending"), "address pending");
    if (suite.mail() != null) {
      String code = confirmationCode("ops@example.test");
      waitFor(By.id("notify-code")).sendKeys(code);
      // clicked by script: the save toast may still cover the Confirm button
      ((JavascriptExecutor) driver)
          .executeScript("arguments[0].click();", waitFor(By.id("notify-confirm-btn")));
      waitUntil(() -> text(By.id("toasts")).contains("Address confirmed"), "confirmation accepted");
      waitUntil(
          () -> domText(By.id("notify-email-state")).contains("confirmed"), "address confirmed");
    }
    shot("11-notifications");
  }

  /** The code of the confirmation mail to {@code to}, from the suite's mail catcher. */
  static String confirmationCode(String to) {
    Pattern code = Pattern.compile("Confirmation code: ([A-Z0-9]{5}-[A-Z0-9]{5})");
    String[] found = new String[1];
    waitUntil(
        () -> {
          try {
            String mails =
                HttpClient.newHttpClient()
                    .send(
                        HttpRequest.newBuilder(URI.create(suite.mail().url()))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                        HttpResponse.BodyHandlers.ofString())
                    .body();
            int at = mails.indexOf(to);
            Matcher m = code.matcher(mails);
            while (at >= 0 && m.find()) {
              found[0] = m.group(1);
            }
            return found[0] != null;
          } catch (IOException e) {
            return false;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          }
        },
        "the confirmation mail to " + to);
    return found[0];
  }

  @Test
  @Order(8)
  void refusesAForeignServerWithAClearNotFound() {
    String db01 = serverIdOf(suite.tokenUser2(), "db01"); // user 2's server
    go("#/server/" + db01);
    WebElement box = waitFor(By.cssSelector(".not-found"));
    assertThat(box.getText()).contains("Server not found");
    assertThat(driver.getPageSource()).doesNotContain("db01");
    shot("12-foreign-server");
  }

  @Test
  @Order(9)
  void fitsAPhoneWidthScreen() {
    driver.manage().window().setSize(new Dimension(390, 844));
    try {
      go("#/servers");
      waitFor(By.cssSelector("[data-server-name='web01']"));
      waitUntil(() -> "running".equals(badge("web01")), "statuses on the phone layout");
      Object overflow =
          ((JavascriptExecutor) driver)
              .executeScript(
                  "return document.documentElement.scrollWidth > window.innerWidth + 1;");
      assertThat(overflow).as("horizontal overflow at phone width").isEqualTo(false);
      shot("13-servers-phone");
      go("#/server/" + ids.get("web01"));
      waitFor(By.cssSelector(".server-head"));
      shot("14-server-phone");
    } finally {
      driver.manage().window().setSize(new Dimension(1280, 900));
    }
  }

  @Test
  @Order(10)
  void renewsAnExpiringTokenOnTheOpenSocket() {
    driver.findElement(By.id("logout")).click();
    WebElement input = waitFor(By.id("token-input"));
    // expires in 70 s: the gateway announces token:expiring 60 s before, so in about 10 s
    paste(input, IsolatedSuite.shortLivedToken(1, Duration.ofSeconds(70)));
    driver.findElement(By.id("login-submit")).click();
    waitFor(By.cssSelector("[data-server-name='web01']"));
    waitUntil(() -> "live".equals(text(By.id("live-state"))), "live channel connected");
    WebElement renew = waitFor(By.id("renew-token"), Duration.ofSeconds(40));
    shot("15-renew-prompt");
    String authsBefore = driver.findElement(By.id("live-state")).getAttribute("data-auths");
    paste(renew, suite.tokenUser1());
    renew.sendKeys(Keys.ENTER);
    waitUntil(() -> text(By.id("toasts")).contains("Session renewed"), "renewed");
    // the new token went over the same socket as an auth frame and was accepted (auth:ok again)
    waitUntil(
        () ->
            !authsBefore.equals(driver.findElement(By.id("live-state")).getAttribute("data-auths")),
        "auth:ok for the renewal");
    assertThat(text(By.id("live-state"))).isEqualTo("live");
    assertThat(driver.findElement(By.id("banner")).isDisplayed()).isFalse();
  }

  @Test
  @Order(11)
  void showsAServerSuspendedByTheProviderWithEveryActionRefused() {
    String win01 = serverIdOf(suite.tokenUser1(), "win01");
    assertThat(
            provider(
                "POST",
                "/api/admin/servers/" + win01 + "/suspend?wait=true",
                "{\"reason\":\"invoice 7 overdue\"}"))
        .isEqualTo(200);
    try {
      go("#/servers");
      driver.navigate().refresh();
      WebElement card = waitFor(By.cssSelector("[data-server-name='win01'] .suspended-note"));
      assertThat(card.getText()).contains("Suspended by your provider: invoice 7 overdue");
      assertThat(
              driver.findElements(
                  By.cssSelector("[data-server-name='win01'] .badge[data-suspended]")))
          .isNotEmpty();
      for (WebElement b :
          driver.findElements(By.cssSelector("[data-server-name='win01'] button[data-action]"))) {
        assertThat(b.isEnabled()).as(b.getAttribute("data-action")).isFalse();
      }
      shot("16-suspended");
      go("#/server/" + win01);
      waitFor(By.cssSelector(".server-head .suspended-note"));
      assertThat(
              driver
                  .findElement(By.cssSelector(".server-head button[data-action='start']"))
                  .isEnabled())
          .isFalse();
    } finally {
      assertThat(
              provider(
                  "POST",
                  "/api/admin/servers/" + win01 + "/unsuspend?wait=true",
                  "{\"start\":true}"))
          .isEqualTo(200);
    }
  }

  /** A provider API call with the support staff's token; its status. */
  static int provider(String method, String path, String body) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(suite.gatewayUrl() + path))
                  .header("Authorization", "Bearer " + suite.tokenAdmin())
                  .header("Content-Type", "application/json")
                  .method(method, HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .statusCode();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  // ---------------------------------------------------------------- helpers

  /** A server's id by name, straight from the API with that user's token. */
  static String serverIdOf(String token, String name) {
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(suite.gatewayUrl() + "/api/server/my-servers"))
                      .header("Authorization", "Bearer " + token)
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      Matcher m =
          Pattern.compile("\\{\"id\":\"([^\"]+)\",\"name\":\"" + Pattern.quote(name) + "\"")
              .matcher(r.body());
      assertThat(m.find()).as(name + " in " + r.body()).isTrue();
      return m.group(1);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static void go(String hash) {
    ((JavascriptExecutor) driver).executeScript("location.hash = arguments[0];", hash);
  }

  /** Sets a long value at once (sendKeys of a whole JWT is slow) and fires the input event. */
  static void paste(WebElement el, String value) {
    ((JavascriptExecutor) driver)
        .executeScript(
            "arguments[0].value = arguments[1];"
                + " arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
            el,
            value);
  }

  static WebElement waitFor(By by) {
    return waitFor(by, WAIT);
  }

  static WebElement waitFor(By by, Duration timeout) {
    try {
      return new WebDriverWait(driver, timeout)
          .until(ExpectedConditions.visibilityOfElementLocated(by));
    } catch (TimeoutException e) {
      throw diagnosed(e, by.toString());
    }
  }

  static void waitUntil(BooleanSupplier condition, String what) {
    try {
      new WebDriverWait(driver, WAIT)
          .withMessage(what)
          .ignoring(StaleElementReferenceException.class)
          .ignoring(NoSuchElementException.class)
          .until(d -> condition.getAsBoolean());
    } catch (TimeoutException e) {
      throw diagnosed(e, what);
    }
  }

  /** Keeps what the page showed when a wait failed: a screenshot, its DOM and its console. */
  static TimeoutException diagnosed(TimeoutException e, String what) {
    String name = "failed-" + what.replaceAll("[^A-Za-z0-9]+", "-");
    try {
      shot(name);
      String console =
          driver.manage().logs().get(LogType.BROWSER).getAll().stream()
              .map(LogEntry::toString)
              .reduce("", (a, b) -> a + b + "\n");
      Files.writeString(
          screenshots.resolve(name + ".txt"),
          "url: "
              + driver.getCurrentUrl()
              + "\n\nconsole:\n"
              + console
              + "\n\ndom:\n"
              + driver.getPageSource());
    } catch (RuntimeException | IOException ignored) {
      // the timeout is what matters
    }
    return e;
  }

  /** The element's text as in the DOM (not as rendered: CSS upper-cases badges). */
  static String domText(By by) {
    List<WebElement> found = driver.findElements(by);
    return found.isEmpty() ? "" : String.valueOf(found.get(0).getDomProperty("textContent"));
  }

  static String text(By by) {
    List<WebElement> found = driver.findElements(by);
    return found.isEmpty() ? "" : found.get(0).getText();
  }

  static String badge(String serverName) {
    List<WebElement> b =
        driver.findElements(
            By.cssSelector("[data-server-name='" + serverName + "'] .badge[data-status]"));
    return b.isEmpty() ? "" : b.get(0).getAttribute("data-status");
  }

  static void shot(String name) {
    try {
      File f = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
      Files.copy(
          f.toPath(), screenshots.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new IllegalStateException("screenshot " + name, e);
    }
  }

  static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
