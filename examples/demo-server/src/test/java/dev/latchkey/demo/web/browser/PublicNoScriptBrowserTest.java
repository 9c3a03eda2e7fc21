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

/** The public flows with JavaScript off: nothing on the way needs a script (the provider hand-off is a Refresh). */
class PublicNoScriptBrowserTest {
  @TempDir static Path data;
  @RegisterExtension static final Browser browser = new Browser().withoutJavaScript();
  static TestServer server;

  @BeforeAll
  static void start() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    server = TestServer.start(data, Map.of("PORT", Integer.toString(port), "LATCHKEY_BASE_URL",
        "http://localhost:" + port, "LATCHKEY_DEMO_IDP", "true", "LATCHKEY_DEMO_IDP_PORT", "0"));
    browser.base(server.url());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  @DisplayName("without JavaScript: register with an error, then successfully (signed in at once)")
  void register() {
    browser.forget();
    browser.open("/register");
    assertThat(browser.all("button.reveal[hidden]")).as("the show-password toggle needs the script").hasSize(1);
    browser.fill("Username", "nojs").fill("Email address", "nojs@example.org").fill("Password", "short").submit();
    assertThat(browser.errors()).isNotNull();
    browser.fill("Email address", "nojs@example.org").fill("Password", "pewter-orchard-falcon-73").submit();
    assertThat(browser.signedIn()).isTrue();
    assertThat(browser.flash()).contains("Welcome, nojs");
  }

  @Test
  @DisplayName("without JavaScript: sign in with the demo provider (the continue page hands over by Refresh)")
  void demoProvider() {
    browser.forget();
    browser.open("/login");
    browser.click("Continue with Demo provider");
    new WebDriverWait(browser.driver(), Duration.ofSeconds(15))
        .until(d -> !d.findElements(By.name("username")).isEmpty());
    browser.driver().findElement(By.name("username")).sendKeys("nojs-at-demo");
    browser.navigating(() -> browser.driver().findElement(By.cssSelector("input[type=submit]")).click());
    new WebDriverWait(browser.driver(), Duration.ofSeconds(15))
        .until(d -> d.getCurrentUrl().startsWith(server.url()) && !d.getCurrentUrl().contains("/oauth/"));
    assertThat(browser.signedIn()).as("signed in at %s (\"%s\")", browser.path(), browser.heading()).isTrue();
  }
}
