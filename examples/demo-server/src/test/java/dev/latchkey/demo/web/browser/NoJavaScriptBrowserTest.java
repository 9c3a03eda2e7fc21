package dev.latchkey.demo.web.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.demo.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Every page works without JavaScript: a browser with JavaScript turned off signs in and out. */
class NoJavaScriptBrowserTest {
  @TempDir static Path data;
  @RegisterExtension static final Browser browser = new Browser().withoutJavaScript();
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(data);
    browser.base(server.url());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  @DisplayName("JavaScript off: the page's script does not run, and signing in and out still works")
  void signInAndOut() {
    browser.open("/login?next=/");
    assertThat(browser.find("button[data-reveal]").isDisplayed()).as("app.js ran: the Show button appeared")
        .isFalse();
    browser.fill("Username or email", TestServer.ADMIN).fill("Password", "wrong-password").submit();
    assertThat(browser.errors()).contains("do not match");
    browser.fill("Username or email", TestServer.ADMIN).fill("Password", TestServer.ADMIN_PASSWORD).submit();
    assertThat(browser.path()).isEqualTo("/");
    assertThat(browser.signedIn()).isTrue();
    browser.signOut();
    assertThat(browser.path()).isEqualTo("/signed-out");
    assertThat(browser.heading()).isEqualTo("You are signed out");
    assertThat(browser.open("/").signedIn()).isFalse();
  }
}
