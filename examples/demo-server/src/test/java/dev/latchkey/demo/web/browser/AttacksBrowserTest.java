package dev.latchkey.demo.web.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.NewUser;
import dev.latchkey.demo.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;

/**
 * The attacks a browser makes possible, made in a real Chromium: a form on another site posting to the app, a form
 * without its token, a script reading the session cookie, the app in a frame, markup in echoed input.
 */
class AttacksBrowserTest {
  static final String PAYLOAD = "\"><script>window.__xss=1</script><img src=x onerror=\"window.__xss=2\">";
  static final String MALLORY = "mallory";
  static final String MALLORY_PASSWORD = "quartz-heron-bicycle-ninety";

  @TempDir static Path data;
  @RegisterExtension static final Browser browser = new Browser();
  static TestServer server;
  static AttackerSite evil;

  @BeforeAll
  static void start() {
    server = TestServer.start(data);
    browser.base(server.url());
    evil = AttackerSite.start();
    server.auth().admin().createUser(new NewUser(MALLORY, "mallory@example.com", MALLORY_PASSWORD, null, false,
        Set.of()));
  }

  @AfterAll
  static void stop() {
    if (evil != null) {
      evil.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static void signInAdmin() {
    browser.signIn(TestServer.ADMIN, TestServer.ADMIN_PASSWORD);
  }

  @Test
  @DisplayName("attack: a button on another site that posts to /logout is refused, and the victim stays signed in")
  void crossSiteLogout() {
    signInAdmin();
    evil.page("/prize", "<h1>You won!</h1><form method=post action='" + server.url() + "/logout'>"
        + "<button type=submit>Claim your prize</button></form>");
    browser.open(evil.url("/prize")).click("Claim your prize");
    assertThat(browser.driver().getCurrentUrl()).startsWith(server.url() + "/logout");
    assertThat(browser.heading()).isEqualTo("This form could not be accepted");
    assertThat(browser.open("/").signedIn()).as("still signed in").isTrue();
  }

  @Test
  @DisplayName("attack: another site signing the victim into the attacker's account (login CSRF) is refused")
  void crossSiteLogin() {
    browser.forget();
    evil.page("/login", "<h1>Welcome</h1><form method=post action='" + server.url() + "/login'>"
        + "<input type=hidden name=identifier value=" + MALLORY + ">"
        + "<input type=hidden name=password value=" + MALLORY_PASSWORD + ">"
        + "<button type=submit>Continue</button></form>");
    browser.open(evil.url("/login")).click("Continue");
    assertThat(browser.heading()).isEqualTo("This form could not be accepted");
    assertThat(browser.open("/").signedIn()).as("signed in as mallory").isFalse();
  }

  @Test
  @DisplayName("attack: the login form with its CSRF token removed is refused; with it, the same form signs in")
  void loginWithoutToken() {
    browser.forget().open("/login");
    browser.script("document.querySelector('form[action=\"/login\"] input[name=_csrf]').remove();");
    browser.fill("Username or email", MALLORY).fill("Password", MALLORY_PASSWORD).submit();
    assertThat(browser.heading()).isEqualTo("This form could not be accepted");
    assertThat(browser.open("/").signedIn()).isFalse();
    browser.open("/login?next=/").fill("Username or email", MALLORY).fill("Password", MALLORY_PASSWORD).submit();
    assertThat(browser.signedIn()).as("the untampered form works").isTrue();
  }

  @Test
  @DisplayName("attack: Sign out with its CSRF token removed is refused and the session survives")
  void logoutWithoutToken() {
    signInAdmin();
    browser.open("/");
    browser.script("document.querySelector('form[action=\"/logout\"] input[name=_csrf]').remove();");
    browser.navigating(() -> browser.find("form[action='/logout'] button").click());
    assertThat(browser.heading()).isEqualTo("This form could not be accepted");
    assertThat(browser.open("/").signedIn()).isTrue();
  }

  @Test
  @DisplayName("attack: a script on the page cannot read the session cookie (HttpOnly), nor the browser id")
  void cookiesNotReadable() {
    signInAdmin();
    Set<Cookie> cookies = browser.driver().manage().getCookies();
    assertThat(cookies).extracting(Cookie::getName).contains("latchkey", "latchkey-id");
    String readable = browser.cookieReadableByScript();
    for (Cookie c : cookies) {
      assertThat(c.isHttpOnly()).as("%s is HttpOnly", c.getName()).isTrue();
      assertThat(c.getSameSite()).as("%s SameSite", c.getName()).isEqualTo("Lax");
      assertThat(readable).as("document.cookie").doesNotContain(c.getValue());
    }
    assertThat(readable).doesNotContain("latchkey");
  }

  @Test
  @DisplayName("attack: another site cannot show a page of the app in a frame (clickjacking); other frames load")
  void notFrameable() {
    signInAdmin();
    evil.page("/framed", "<p>Just a page.</p>");
    evil.page("/clickjack", "<h1>Click the button</h1>"
        + "<iframe id=own title=own src='" + evil.url("/framed") + "' width=600 height=100></iframe>"
        + "<iframe id=app title=app src='" + server.url() + "/' width=600 height=400></iframe>");
    browser.open(evil.url("/clickjack"));
    var driver = browser.driver();
    // Control: the check does see a page that lets itself be framed.
    driver.switchTo().frame("own");
    assertThat(driver.findElement(By.tagName("body")).getText()).contains("Just a page.");
    driver.switchTo().defaultContent().switchTo().frame("app");
    String url = browser.script("return location.href;");
    String text = driver.findElement(By.tagName("body")).getText();
    int forms = driver.findElements(By.cssSelector("form")).size();
    driver.switchTo().defaultContent();
    assertThat(url).as("the frame's document: Chromium's refusal").isIn("chrome-error://chromewebdata/",
        "about:blank");
    assertThat(text).doesNotContain("Latchkey").doesNotContain("Sign out");
    assertThat(forms).isZero();
  }

  @Test
  @DisplayName("attack: markup typed as a login name is echoed back as text: no element is injected, nothing runs")
  void xssInEchoedIdentifier() {
    browser.forget().open("/login").fill("Username or email", PAYLOAD).fill("Password", "wrong-password")
        .submit();
    assertThat(browser.errors()).contains("do not match");
    assertThat(browser.field("Username or email").getDomProperty("value")).isEqualTo(PAYLOAD);
    assertInert();
  }

  @Test
  @DisplayName("attack: markup in next= and in an unknown page's address renders inert")
  void xssInAddress() {
    String encoded = URLEncoder.encode(PAYLOAD, StandardCharsets.UTF_8);
    browser.forget().open("/login?next=" + encoded);
    assertInert();
    browser.open("/no-such-page/" + encoded.replace("+", "%20"));
    assertThat(browser.heading()).isEqualTo("Page not found");
    assertInert();
  }

  private static void assertInert() {
    Object xss = browser.script("return typeof window.__xss;");
    assertThat(xss).as("window.__xss on " + browser.path()).isEqualTo("undefined");
    assertThat(browser.all("img[src=x], img[onerror], [onerror]")).as("injected elements").isEmpty();
    for (WebElement script : browser.all("script")) {
      assertThat(script.getDomAttribute("src")).as("every script is a file").isEqualTo("/static/app.js");
    }
  }
}
