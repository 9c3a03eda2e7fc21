package dev.latchkey.demo.web.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real Chromium for the page tests, one per test class, with a fresh profile: register it as
 * <pre>{@code
 * @RegisterExtension static final Browser browser = new Browser();
 * @BeforeAll static void start() { server = TestServer.start(data); browser.base(server.url()); }
 * }</pre>
 * and the browser starts before the class's {@code @BeforeAll} methods and quits after its {@code @AfterAll} ones.
 * (Outside JUnit it is an {@link AutoCloseable}: {@link #start()} and {@link #close()}.)
 *
 * <p><b>Offline and explicit.</b> Chromium and chromedriver are the system's ({@code /usr/bin/chromium},
 * {@code /usr/bin/chromedriver}; override with the environment variables {@code LATCHKEY_CHROMIUM} and
 * {@code LATCHKEY_CHROMEDRIVER}). Both paths are given to Selenium, so Selenium Manager is never run and never
 * downloads a browser or a driver. The browser runs headless, sandbox off (containers), no GPU, no background
 * networking, no component updates, no first-run UI, and with a new {@code --user-data-dir} under a temporary
 * directory, removed afterwards.
 *
 * <p><b>When there is no browser.</b> On a machine without Chromium or chromedriver the browser test classes are
 * skipped (an execution condition: their servers are not started, Surefire counts their tests as skipped) with a
 * reason that starts with {@code BROWSER TESTS DID NOT RUN}, printed to standard error as well, so the build says
 * loudly what it did not check; a missing axe-core does the same through a JUnit assumption. With
 * {@code LATCHKEY_BROWSER_TESTS=required} in the environment (CI sets it) a missing browser fails the tests instead.
 *
 * <p><b>Helpers.</b> {@link #open} a path of the server given by {@link #base}; {@link #variant} a viewport and
 * colour scheme; {@link #fill} a field by its label and {@link #submit} its form (clicking its real submit button,
 * so the browser sends what it sends for a person); {@link #flash()} the flash message; {@link #signIn} /
 * {@link #signOut}; {@link #cookieReadableByScript()}; {@link #script} for anything else. Every action that
 * navigates waits for the new page to load.
 */
public final class Browser implements ExecutionCondition, BeforeAllCallback, AfterAllCallback, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Browser.class);
  /** The environment variable that makes a missing browser (or axe-core) a failure: {@code required}. */
  public static final String REQUIRED_ENV = "LATCHKEY_BROWSER_TESTS";
  private static final Duration WAIT = Duration.ofSeconds(15);
  /**
   * Selenium looks for a DevTools binding matching the browser's version and warns when there is none; the tests
   * only use the driver's own CDP command endpoint, which needs none. Held so the setting is not collected.
   */
  private static final java.util.logging.Logger CDP_FINDER = quiet("org.openqa.selenium.devtools.CdpVersionFinder");

  private boolean javaScript = true;
  private @Nullable ChromeDriver driver;
  private @Nullable ChromeDriverService service;
  private @Nullable Path profile;
  private String base = "http://localhost";
  private Variant variant = Variant.DESKTOP_LIGHT;
  private @Nullable WebElement lastField;

  /** A browser with JavaScript on (started by JUnit, or by {@link #start()}). */
  public Browser() {}

  /**
   * Turns JavaScript off for this browser (Chrome's managed content setting, as a policy would): call before it
   * starts, i.e. in the field initialiser: {@code new Browser().withoutJavaScript()}.
   */
  public Browser withoutJavaScript() {
    if (driver != null) {
      throw new IllegalStateException("set before the browser starts");
    }
    javaScript = false;
    return this;
  }

  private static java.util.logging.Logger quiet(String name) {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
    logger.setLevel(java.util.logging.Level.SEVERE);
    return logger;
  }

  // ------------------------------------------------------------------------------------------------ lifecycle

  /**
   * Skips the test class (each of its tests reported as skipped, its {@code @BeforeAll} not run) when Chromium or
   * chromedriver is missing, unless {@link #required()}: then {@link #beforeAll} fails it.
   */
  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    String missing = missingPrograms();
    if (missing == null || required()) {
      return ConditionEvaluationResult.enabled("Chromium and chromedriver are installed");
    }
    String message = "BROWSER TESTS DID NOT RUN: " + missing;
    if (context.getTestMethod().isEmpty()) {
      LOG.warn("\n*** " + message + " (" + context.getDisplayName() + "; set " + REQUIRED_ENV
          + "=required to make this a failure) ***\n");
    }
    return ConditionEvaluationResult.disabled(message);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  /** What is missing to run the browser tests, or null. */
  static @Nullable String missingPrograms() {
    Path chromium = chromium();
    Path chromedriver = chromedriver();
    if (chromium != null && chromedriver != null) {
      return null;
    }
    return "no " + (chromium == null ? "Chromium (/usr/bin/chromium, or LATCHKEY_CHROMIUM)" : "")
        + (chromium == null && chromedriver == null ? " and no " : "")
        + (chromedriver == null ? "chromedriver (/usr/bin/chromedriver, or LATCHKEY_CHROMEDRIVER)" : "")
        + "; install the Debian packages chromium and chromium-driver";
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  /**
   * The path of a program the browser tests need: the environment variable's value, else the first of the usual
   * places that is executable; null when none is.
   */
  static @Nullable Path program(String env, String... candidates) {
    String given = System.getenv(env);
    if (given != null && !given.isBlank()) {
      Path p = Path.of(given);
      return Files.isExecutable(p) ? p : null;
    }
    for (String c : candidates) {
      Path p = Path.of(c);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  /** The Chromium binary, or null. */
  public static @Nullable Path chromium() {
    return program("LATCHKEY_CHROMIUM", "/usr/bin/chromium", "/usr/bin/chromium-browser",
        "/usr/lib/chromium/chromium", "/usr/bin/google-chrome");
  }

  /** The chromedriver binary, or null. */
  public static @Nullable Path chromedriver() {
    return program("LATCHKEY_CHROMEDRIVER", "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
  }

  /** Whether {@code LATCHKEY_BROWSER_TESTS=required}. */
  public static boolean required() {
    return "required".equalsIgnoreCase(Objects.requireNonNullElse(System.getenv(REQUIRED_ENV), "").strip());
  }

  /**
   * Stops the current test (or class) because something the browser tests need is missing: a skipped test with a
   * loud message, or a failure when {@link #required()}.
   */
  public static void missing(String what) {
    String message = "BROWSER TESTS DID NOT RUN: " + what;
    if (required()) {
      throw new AssertionError(message + " (" + REQUIRED_ENV + "=required)");
    }
    LOG.warn("\n*** " + message + " (set " + REQUIRED_ENV + "=required to make this a failure) ***\n");
    Assumptions.abort(message);
  }

  /** Starts Chromium (skips or fails the class when it is missing, see the class comment). */
  public void start() {
    if (driver != null) {
      return;
    }
    String absent = missingPrograms();
    if (absent != null) {
      missing(absent);
      return;
    }
    Path chromium = Objects.requireNonNull(chromium());
    Path chromedriver = Objects.requireNonNull(chromedriver());
    // Selenium Manager only runs when Selenium has to look for a driver or a browser: it is given both. The
    // property says the same to any code that asks.
    System.setProperty("webdriver.chrome.driver", chromedriver.toString());
    try {
      profile = Files.createTempDirectory("latchkey-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--no-first-run",
        "--no-default-browser-check", "--disable-sync", "--disable-extensions", "--mute-audio",
        "--password-store=basic", "--hide-scrollbars", "--force-color-profile=srgb",
        "--disable-features=Translate,OptimizationHints,MediaRouter,PasswordLeakDetection,"
            + "AutofillServerCommunication",
        "--window-size=1280,900", "--user-data-dir=" + profile);
    Map<String, Object> prefs = new HashMap<>();
    prefs.put("credentials_enable_service", false);
    prefs.put("profile.password_manager_enabled", false);
    prefs.put("profile.password_manager_leak_detection", false);
    if (!javaScript) {
      prefs.put("profile.managed_default_content_settings.javascript", 2);
    }
    options.setExperimentalOption("prefs", prefs);
    service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort()
        .withSilent(true).build();
    try {
      driver = new ChromeDriver(service, options);
    } catch (RuntimeException e) {
      service.stop();
      deleteProfile();
      throw e;
    }
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(30));
    variant(Variant.DESKTOP_LIGHT);
  }

  @Override
  public void close() {
    try {
      if (driver != null) {
        driver.quit();
      }
    } finally {
      driver = null;
      if (service != null) {
        service.stop();
        service = null;
      }
      deleteProfile();
    }
  }

  private void deleteProfile() {
    if (profile == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException | UncheckedIOException e) {
      // A leftover temporary directory is not worth failing a test for.
    }
    profile = null;
  }

  /** The WebDriver, for anything the helpers do not cover. */
  public ChromeDriver driver() {
    if (driver == null) {
      throw new IllegalStateException("the browser has not started (register it with @RegisterExtension)");
    }
    return driver;
  }

  // ------------------------------------------------------------------------------------------------ navigation

  /** Sets the origin relative paths are opened on, e.g. {@code server.url()}. */
  public Browser base(String url) {
    this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    return this;
  }

  /** The origin relative paths are opened on. */
  public String base() {
    return base;
  }

  /** Opens a path of {@link #base} (or an absolute URL: {@code http:}, {@code data:}, …) and waits for it to load. */
  public Browser open(String pathOrUrl) {
    driver().get(pathOrUrl.matches("^[a-z][a-z0-9+.-]*:.*") ? pathOrUrl : base + pathOrUrl);
    lastField = null;
    return this;
  }

  /** The current URL's path and query, e.g. {@code /login?next=%2Faccount}. */
  public String path() {
    URI uri = URI.create(driver().getCurrentUrl());
    return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
  }

  /** The document title. */
  public String title() {
    return driver().getTitle();
  }

  /** The text of the first {@code h1}, or "" when there is none. */
  public String heading() {
    List<WebElement> h1 = driver().findElements(By.cssSelector("h1"));
    return h1.isEmpty() ? "" : h1.getFirst().getText().strip();
  }

  /** The first element matching a CSS selector; fails the test when there is none. */
  public WebElement find(String css) {
    try {
      return driver().findElement(By.cssSelector(css));
    } catch (NoSuchElementException e) {
      throw new AssertionError("no " + css + " on " + driver().getCurrentUrl() + " (\"" + heading() + "\")", e);
    }
  }

  /** Every element matching a CSS selector. */
  public List<WebElement> all(String css) {
    return driver().findElements(By.cssSelector(css));
  }

  /** Runs JavaScript in the page (works with the page's JavaScript off too: it is the driver's, not the page's). */
  @SuppressWarnings("unchecked")
  public <T> @Nullable T script(String js, Object... args) {
    return (T) ((JavascriptExecutor) driver()).executeScript(js, args);
  }

  // ------------------------------------------------------------------------------------------------ variants

  /**
   * Shows the pages in a viewport and colour scheme from now on (Chrome DevTools: device metrics and
   * {@code prefers-color-scheme} emulation; they last across navigations). The current page is laid out again at
   * once, without a reload, as in DevTools' device mode.
   */
  public Browser variant(Variant v) {
    ChromeDriver d = driver();
    d.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", v.width, "height", v.height,
        "deviceScaleFactor", 1, "mobile", v.phone));
    d.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "", "features",
        List.of(Map.of("name", "prefers-color-scheme", "value", v.scheme()))));
    this.variant = v;
    return this;
  }

  /** 1280×900, keeping the colour scheme. */
  public Browser desktop() {
    return variant(variant.dark ? Variant.DESKTOP_DARK : Variant.DESKTOP_LIGHT);
  }

  /** 390×844, keeping the colour scheme. */
  public Browser phone() {
    return variant(variant.dark ? Variant.PHONE_DARK : Variant.PHONE_LIGHT);
  }

  /** The light scheme, keeping the viewport. */
  public Browser light() {
    return variant(variant.phone ? Variant.PHONE_LIGHT : Variant.DESKTOP_LIGHT);
  }

  /** The dark scheme, keeping the viewport. */
  public Browser dark() {
    return variant(variant.phone ? Variant.PHONE_DARK : Variant.DESKTOP_DARK);
  }

  /** The variant in effect. */
  public Variant variant() {
    return variant;
  }

  // ------------------------------------------------------------------------------------------------ forms

  /**
   * The form control a {@code <label>} names: the label whose text (without nested hints) equals {@code label},
   * or else starts with it; its {@code for} target or the control inside it.
   */
  public WebElement field(String label) {
    WebElement field = script("""
        const want = arguments[0].trim();
        const labels = Array.from(document.querySelectorAll('label'));
        const text = l => (l.textContent || '').replace(/\\s+/g, ' ').trim();
        const l = labels.find(l => text(l) === want) || labels.find(l => text(l).startsWith(want));
        if (!l) return null;
        return l.htmlFor ? document.getElementById(l.htmlFor) : l.querySelector('input, select, textarea');
        """, label);
    if (field == null) {
      throw new AssertionError("no field labelled \"" + label + "\" on " + driver().getCurrentUrl()
          + " (\"" + heading() + "\")");
    }
    return field;
  }

  /** Types {@code value} into the field labelled {@code label}, replacing what it held. */
  public Browser fill(String label, String value) {
    WebElement field = field(label);
    field.clear();
    field.sendKeys(value);
    lastField = field;
    return this;
  }

  /** Ticks or unticks the checkbox (or picks the radio button) labelled {@code label}. */
  public Browser check(String label, boolean on) {
    WebElement box = field(label);
    if (box.isSelected() != on) {
      box.click();
    }
    lastField = box;
    return this;
  }

  /** Picks the option with this visible text in the select labelled {@code label}. */
  public Browser select(String label, String option) {
    WebElement select = field(label);
    new org.openqa.selenium.support.ui.Select(select).selectByVisibleText(option);
    lastField = select;
    return this;
  }

  /** Clicks the submit button of the form of the field last filled, and waits for the answer to load. */
  public Browser submit() {
    if (lastField == null) {
      throw new IllegalStateException("fill a field first, or use click(\"Button text\")");
    }
    WebElement button = script("""
        const f = arguments[0].form;
        return f ? f.querySelector('button[type=submit], button:not([type]), input[type=submit]') : null;
        """, lastField);
    if (button == null) {
      throw new AssertionError("the field has no form with a submit button on " + driver().getCurrentUrl());
    }
    return navigating(button::click);
  }

  /**
   * Clicks the first visible button, submit input or link whose text contains {@code text}, and waits for the page
   * it loads. For a button that stays on the page (a script's), use {@link #clickInPage}.
   */
  public Browser click(String text) {
    WebElement target = clickable(text);
    return navigating(target::click);
  }

  /** Clicks the first visible button or link whose text contains {@code text}, without waiting for a new page. */
  public Browser clickInPage(String text) {
    clickable(text).click();
    return this;
  }

  private WebElement clickable(String text) {
    WebElement target = script("""
        const want = arguments[0];
        return Array.from(document.querySelectorAll('button, input[type=submit], a'))
          .filter(b => b.offsetParent !== null || b.getClientRects().length > 0)
          .find(b => ((b.tagName === 'INPUT' ? b.value : b.textContent) || '').replace(/\\s+/g, ' ')
              .includes(want)) || null;
        """, text);
    if (target == null) {
      throw new AssertionError("no button or link \"" + text + "\" on " + driver().getCurrentUrl()
          + " (\"" + heading() + "\")");
    }
    return target;
  }

  /** Presses Enter in the element that has the focus and waits for the page it loads. */
  public Browser pressEnter() {
    WebElement active = driver().switchTo().activeElement();
    return navigating(() -> active.sendKeys(Keys.ENTER));
  }

  /**
   * Runs an action that loads a new document (a click on a submit button or a link) and waits until the old
   * document is gone and the new one has loaded.
   */
  public Browser navigating(Runnable action) {
    // A mark on the old document's window: gone once another document has loaded. (Waiting for an element of
    // the old page to go stale is not reliable: Chromium may answer "Node ... does not belong to the document"
    // while it navigates.)
    String mark = java.util.UUID.randomUUID().toString();
    script("window.__latchkeyDocument = arguments[0];", mark);
    action.run();
    try {
      new WebDriverWait(driver(), WAIT).ignoring(org.openqa.selenium.WebDriverException.class).until(d -> "complete"
          .equals(((JavascriptExecutor) d).executeScript("return window.__latchkeyDocument === arguments[0]"
              + " ? 'old' : document.readyState;", mark)));
    } catch (org.openqa.selenium.TimeoutException e) {
      String invalid = script("""
          const f = document.querySelector(':invalid:not(form):not(fieldset)');
          return f ? (f.name || f.id) + ': ' + f.validationMessage : null;
          """);
      throw new AssertionError("no new page loaded within " + WAIT.toSeconds() + " s after the action on "
          + driver().getCurrentUrl() + (invalid == null ? "" : "; the browser refused to submit the form because"
          + " of its own validation (" + invalid + ")"), e);
    }
    lastField = null;
    return this;
  }

  /**
   * How many CSS pixels the page is wider than the viewport (0 when it fits): a page that makes a phone scroll
   * sideways fails WCAG 1.4.10 (reflow). Elements that scroll inside themselves ({@code pre}, wide tables in a
   * scrolling wrapper) do not count.
   */
  public long overflowWidth() {
    Number extra = script("const d = document.documentElement; return Math.max(0, d.scrollWidth - d.clientWidth);");
    return extra == null ? 0 : extra.longValue();
  }

  /** The flash message shown at the top of the page (text of {@code main > .alert}), or null. */
  public @Nullable String flash() {
    List<WebElement> alerts = driver().findElements(By.cssSelector("main > .alert"));
    return alerts.isEmpty() ? null : alerts.getFirst().getText().strip();
  }

  /** The text of the navigation link marked {@code aria-current="page"}, or null. */
  public @Nullable String currentNav() {
    List<WebElement> current = driver().findElements(By.cssSelector("header nav a[aria-current=page]"));
    return current.isEmpty() ? null : current.getFirst().getText().strip();
  }

  /** The error summary's text, or null when the page has none. */
  public @Nullable String errors() {
    List<WebElement> summary = driver().findElements(By.id("error-summary"));
    return summary.isEmpty() ? null : summary.getFirst().getText().strip();
  }

  // ------------------------------------------------------------------------------------------------ keyboard

  /** Presses Tab (as a keyboard user would, so {@code :focus-visible} applies) and returns the focused element. */
  public WebElement tab() {
    new org.openqa.selenium.interactions.Actions(driver()).sendKeys(Keys.TAB).perform();
    return focused();
  }

  /** Types text into whatever has the focus, key by key. */
  public Browser type(CharSequence text) {
    new org.openqa.selenium.interactions.Actions(driver()).sendKeys(text).perform();
    return this;
  }

  /** The element that has the focus. */
  public WebElement focused() {
    return driver().switchTo().activeElement();
  }

  /**
   * How a focused element shows its focus: its outline (style, width, colour) and the colour right outside it.
   *
   * @param element a short description ({@code a.skip "Skip to content"})
   * @param contrast the outline colour's contrast ratio against the background around it (WCAG 1.4.11 wants 3:1)
   */
  public record FocusRing(String element, String outlineStyle, double outlineWidth, String outlineColor,
      String around, String boxShadow, double contrast) {
    /** An outline of at least 1px with 3:1 contrast, or a box shadow. */
    public boolean visible() {
      return (!outlineStyle.equals("none") && outlineWidth >= 1 && contrast >= 3) || !boxShadow.equals("none");
    }
  }

  /** The focus indicator of an element (normally {@link #focused()}). */
  public FocusRing focusRing(WebElement e) {
    Map<String, Object> r = script("""
        const e = arguments[0], cs = getComputedStyle(e);
        const opaque = c => c && c !== 'transparent' && !/rgba\\(.*,\\s*0\\)$/.test(c);
        let around = null;
        for (let n = e.parentElement; n && !around; n = n.parentElement) {
          const c = getComputedStyle(n).backgroundColor;
          if (opaque(c)) around = c;
        }
        const text = (e.tagName === 'INPUT' ? (e.labels && e.labels[0] ? e.labels[0].textContent : e.name)
            : e.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 40);
        return {element: e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
              + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '')
              + ' "' + text + '"',
            outlineStyle: cs.outlineStyle, outlineWidth: parseFloat(cs.outlineWidth) || 0,
            outlineColor: cs.outlineColor, around: around || 'rgb(255, 255, 255)', boxShadow: cs.boxShadow};
        """, e);
    String outline = String.valueOf(r.get("outlineColor"));
    String around = String.valueOf(r.get("around"));
    return new FocusRing(String.valueOf(r.get("element")), String.valueOf(r.get("outlineStyle")),
        ((Number) r.get("outlineWidth")).doubleValue(), outline, around, String.valueOf(r.get("boxShadow")),
        contrast(outline, around));
  }

  /** The WCAG contrast ratio of two CSS {@code rgb()} / {@code rgba()} colours (alpha ignored). */
  public static double contrast(String a, String b) {
    double la = luminance(a);
    double lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  private static double luminance(String css) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("rgba?\\(\\s*([\\d.]+)[,\\s]+([\\d.]+)[,\\s]+([\\d.]+)")
        .matcher(css);
    if (!m.find()) {
      return 0;
    }
    double[] c = new double[3];
    for (int i = 0; i < 3; i++) {
      double v = Double.parseDouble(m.group(i + 1)) / 255;
      c[i] = v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }

  // ------------------------------------------------------------------------------------------------ sessions

  /** Whether the page shows a signed-in browser (the Sign out button is there). */
  public boolean signedIn() {
    return !driver().findElements(By.cssSelector("form[action='/logout']")).isEmpty();
  }

  /** Signs in through the login page (forgetting any earlier session first) and lands on the page it redirects to. */
  public Browser signIn(String identifier, String password) {
    forget();
    open("/login");
    fill("Username or email", identifier);
    fill("Password", password);
    submit();
    if (!signedIn()) {
      throw new AssertionError("signing in as " + identifier + " failed: " + path() + " \"" + heading() + "\" "
          + Objects.requireNonNullElse(errors(), ""));
    }
    return this;
  }

  /** Clicks Sign out (on the current page, or on the home page when it has none). */
  public Browser signOut() {
    if (!signedIn()) {
      open("/");
    }
    WebElement button = find("form[action='/logout'] button");
    return navigating(button::click);
  }

  /** Deletes every cookie of the current origin: the next page is a stranger's. */
  public Browser forget() {
    if (!driver().getCurrentUrl().startsWith(base)) {
      open("/static/favicon.svg");
    }
    driver().manage().deleteAllCookies();
    return this;
  }

  /** {@code document.cookie}: what a script on the page (an injected one, say) can read. */
  public String cookieReadableByScript() {
    return Objects.requireNonNullElse(script("return document.cookie;"), "");
  }
}
