package dev.latchkey.demo.web.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.demo.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * In a real Chromium: register, confirm the address through the link the dev mailbox holds, sign in; and sign in with
 * the demo OpenID provider ({@code LATCHKEY_DEMO_IDP=true}) through its own login form. Each page on the way passes
 * axe and is photographed.
 */
class PublicBrowserTest {
  private static final String PASSWORD = "copper-meadow-violin-58";
  @TempDir static Path data;
  @RegisterExtension static final Browser browser = new Browser();
  static TestServer server;

  @BeforeAll
  static void start() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    // A real port in the base URL: the mailed links and the OAuth landing must point back at this server.
    server = TestServer.start(data, Map.of("PORT", Integer.toString(port), "LATCHKEY_BASE_URL",
        "http://localhost:" + port, "LATCHKEY_REQUIRE_EMAIL_VERIFICATION", "true", "LATCHKEY_DEMO_IDP", "true",
        "LATCHKEY_DEMO_IDP_PORT", "0"));
    browser.base(server.url());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  @DisplayName("register (a weak password first) → check your inbox → the mailed link → confirm → sign in")
  void registerVerifySignIn() {
    browser.forget();
    browser.open("/register");
    Axe.check(browser, "register");
    browser.fill("Username", "robin").fill("Email address", "robin@example.org").fill("Password", "robin")
        .submit();
    assertThat(browser.errors()).isNotNull();
    assertThat(browser.find("#password-error").getText()).isNotBlank();
    assertThat(browser.field("Username").getAttribute("value")).isEqualTo("robin");
    Axe.check(browser, "register with a weak password");
    Screenshots.save(browser, "flow-register-weak-password");

    browser.fill("Email address", "robin@example.org").fill("Password", PASSWORD).submit();
    assertThat(browser.path()).isEqualTo("/register/sent");
    assertThat(browser.heading()).isEqualTo("Check your inbox");
    Axe.check(browser, "check your inbox");

    String link = server.link("robin@example.org", "Confirm your email address");
    browser.open(link);
    assertThat(browser.heading()).isEqualTo("Confirm your email address");
    Axe.check(browser, "verify email");
    Screenshots.save(browser, "flow-verify-email");
    browser.click("Confirm my email address");
    assertThat(browser.path()).isEqualTo("/login");
    assertThat(browser.flash()).contains("confirmed");
    Axe.check(browser, "login after confirming");

    browser.fill("Username or email", "robin").fill("Password", PASSWORD).submit();
    assertThat(browser.signedIn()).isTrue();
    assertThat(browser.cookieReadableByScript()).doesNotContain("latchkey");
  }

  @Test
  @DisplayName("sign in with the demo provider: its login form, back through the landing, signed in")
  void demoProvider() {
    browser.forget();
    browser.open("/login");
    browser.click("Continue with Demo provider");
    // The continue page sends the browser on (Refresh); the demo provider shows its own login form.
    new WebDriverWait(browser.driver(), Duration.ofSeconds(15))
        .until(d -> !d.findElements(By.name("username")).isEmpty());
    assertThat(browser.driver().getCurrentUrl()).contains("/demo/authorize");
    browser.driver().findElement(By.name("username")).sendKeys("sky-at-demo");
    browser.driver().findElement(By.name("claims")).sendKeys("{\"name\": \"Sky Demo\"}");
    browser.navigating(() -> browser.driver().findElement(By.cssSelector("input[type=submit]")).click());
    new WebDriverWait(browser.driver(), Duration.ofSeconds(15))
        .until(d -> d.getCurrentUrl().startsWith(server.url()) && !d.getCurrentUrl().contains("/oauth/"));
    assertThat(browser.path()).doesNotContain("login_code");
    assertThat(browser.signedIn()).as("signed in at %s (\"%s\")", browser.path(), browser.heading()).isTrue();
    browser.signOut();
  }

  @Test
  @DisplayName("the continue page and a refused provider sign-in are accessible pages")
  void refusalPage() {
    browser.forget();
    server.auth().admin().createUser(new dev.latchkey.auth.core.NewUser("taken", "taken@example.org", PASSWORD,
        null, false, java.util.Set.of()));
    browser.open("/login");
    browser.click("Continue with Demo provider");
    new WebDriverWait(browser.driver(), Duration.ofSeconds(15))
        .until(d -> !d.findElements(By.name("username")).isEmpty());
    browser.driver().findElement(By.name("username")).sendKeys("someone-else");
    browser.driver().findElement(By.name("claims")).sendKeys("{\"email\": \"taken@example.org\"}");
    browser.navigating(() -> browser.driver().findElement(By.cssSelector("input[type=submit]")).click());
    new WebDriverWait(browser.driver(), Duration.ofSeconds(15))
        .until(d -> d.getCurrentUrl().startsWith(server.url() + "/oauth/landing"));
    assertThat(browser.heading()).isEqualTo("Sign in with your password first");
    assertThat(browser.signedIn()).isFalse();
    Axe.check(browser, "OAuth refusal");
    Screenshots.save(browser, "flow-oauth-refused");
  }
}
