package dev.latchkey.demo.web.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.NewUser;
import dev.latchkey.demo.TestServer;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;

/**
 * A person's signed-in visit in a real Chromium, with a second browser signed in to the same account elsewhere:
 * sign in, Hello, change name, email and password, then on the sessions page sign the other browser out and see it
 * signed out, then sign out. Each page passes axe; screenshots of the steps go to {@code target/screenshots/}.
 */
class AccountBrowserTest {
  private static final String USER = "robin";
  private static final String PASSWORD = "copper-meadow-sparrow-eleven";
  private static final String NEW_PASSWORD = "quartz-harbour-maple-forty";

  @TempDir static Path data;
  @RegisterExtension static final Browser browser = new Browser();
  @RegisterExtension static final Browser other = new Browser();
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(data);
    browser.base(server.url());
    other.base(server.url());
    server.auth().admin().createUser(new NewUser(USER, "robin@example.com", PASSWORD, null, false, Set.of()));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  @DisplayName("sign in → hello → name, email, password → sign the other browser out from sessions → sign out")
  void signedInVisit() {
    other.signIn(USER, PASSWORD);
    browser.signIn(USER, PASSWORD);
    assertThat(browser.path()).isEqualTo("/dashboard");
    assertThat(browser.heading()).isEqualTo("Welcome, " + USER);
    assertThat(browser.cookieReadableByScript()).doesNotContain("latchkey");
    Axe.check(browser, "dashboard");

    browser.open("/hello");
    assertThat(browser.find(".badge").getText()).isEqualTo("HTTP 200");
    assertThat(browser.find("pre code").getText()).contains("\"message\" : \"hello world\"",
        "\"user\" : \"" + USER + "\"");
    Axe.check(browser, "hello");
    Screenshots.save(browser, "visit-1-hello");

    browser.open("/account").fill("Name", "Robin <em>Hood</em>").submit();
    assertThat(browser.flash()).contains("profile was saved");
    assertThat(browser.field("Name").getAttribute("value")).isEqualTo("Robin <em>Hood</em>");
    assertThat(browser.all("main em")).isEmpty();
    Axe.check(browser, "profile saved");
    Screenshots.save(browser, "visit-2-profile-saved");

    browser.open("/account/email").fill("New email address", "robin.hood@example.com")
        .fill("Current password", PASSWORD).submit();
    assertThat(browser.flash()).contains("robin.hood@example.com");
    assertThat(browser.find(".pending-email").getText()).contains("Waiting for confirmation");
    Axe.check(browser, "email change pending");
    Screenshots.save(browser, "visit-3-email-pending");
    confirm(server.link("robin.hood@example.com", "Confirm your new email address"));
    browser.open("/account/email");
    assertThat(browser.all(".pending-email")).isEmpty();
    assertThat(browser.find("dl.facts").getText()).contains("robin.hood@example.com", "Verified");

    browser.open("/account/password").fill("Current password", PASSWORD).fill("New password", "password").submit();
    assertThat(browser.errors()).isNotBlank();
    assertThat(browser.field("New password").getAttribute("aria-invalid")).isEqualTo("true");
    Axe.check(browser, "password refused");
    browser.fill("Current password", PASSWORD).fill("New password", NEW_PASSWORD).submit();
    assertThat(browser.flash()).contains("Every other session");
    assertThat(browser.signedIn()).isTrue();
    other.open("/dashboard");
    assertThat(other.path()).as("the password change signed the other browser out").startsWith("/login");

    other.signIn(USER, NEW_PASSWORD);
    browser.open("/account/sessions");
    assertThat(browser.all("table.sessions tbody tr")).hasSize(2);
    assertThat(browser.find("table.sessions tbody tr").getText()).contains("This device", "Chrome");
    Axe.check(browser, "sessions");
    Screenshots.save(browser, "visit-4-sessions");
    WebElement revoke = browser.find("table.sessions tbody tr form[action$='/revoke'] button");
    browser.navigating(revoke::click);
    assertThat(browser.flash()).contains("session was signed out");
    assertThat(browser.all("table.sessions tbody tr")).hasSize(1);
    other.open("/account");
    assertThat(other.path()).as("the revoked browser is signed out at its next page").startsWith("/login");
    assertThat(other.signedIn()).isFalse();

    browser.signOut();
    assertThat(browser.heading()).isEqualTo("You are signed out");
    assertThat(browser.signedIn()).isFalse();
    browser.open("/account");
    assertThat(browser.path()).startsWith("/login");
  }

  /** Opens a mailed confirmation link's token the way its landing page would (another area's page). */
  private static void confirm(String link) {
    String query = URI.create(link).getRawQuery();
    String token = URLDecoder.decode(query.replaceFirst("^(.*&)?token=", "").replaceFirst("&.*$", ""),
        StandardCharsets.UTF_8);
    assertThat(server.auth().verifyEmail(token)).isTrue();
  }
}
