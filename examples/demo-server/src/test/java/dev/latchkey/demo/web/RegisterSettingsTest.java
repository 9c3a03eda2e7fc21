package dev.latchkey.demo.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.NewUser;
import dev.latchkey.demo.TestServer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registration under the other two settings: without required verification (the account is signed in at once, and a
 * taken address is said as the API says it), and with self-registration off (a friendly refusal, no form).
 */
class RegisterSettingsTest {
  private static final String PASSWORD = "quiet-harbour-lantern-47";
  @TempDir static Path openData;
  @TempDir static Path closedData;
  static TestServer open;
  static TestServer closed;

  @BeforeAll
  static void start() {
    open = TestServer.start(openData);
    closed = TestServer.start(closedData, Map.of("LATCHKEY_SELF_REGISTRATION", "false"));
  }

  @AfterAll
  static void stop() {
    if (open != null) {
      open.close();
    }
    if (closed != null) {
      closed.close();
    }
  }

  @Test
  @DisplayName("without required verification, register signs the browser in and welcomes the new user")
  void signsIn() {
    WebClient browser = new WebClient(open.port());
    WebClient.Page done = browser.submit(browser.get("/register"), "form[action=/register]", Map.of("username",
        "instant", "email", "instant@example.org", "name", "Instant <b>Person</b>", "password", PASSWORD));
    assertThat(done.status()).isEqualTo(303);
    assertThat(done.location()).isEqualTo("/dashboard");
    assertThat(done.header("set-cookie")).contains("latchkey=");
    WebClient.Page home = browser.get("/");
    assertThat(home.one("form[action=/logout] button").text()).contains("instant");
    assertThat(home.one(".alert-ok").text()).contains("Welcome, instant");
    assertThat(browser.get("/register").location()).isEqualTo("/dashboard");
  }

  @Test
  @DisplayName("without required verification a taken address is refused as the API refuses it (not which field)")
  void takenAddress() {
    open.auth().admin().createUser(new NewUser("holder", "holder@example.org", PASSWORD, null, false, Set.of()));
    WebClient browser = new WebClient(open.port());
    WebClient.Page page = browser.submit(browser.get("/register"), "form[action=/register]", Map.of("username",
        "not-holder", "email", "holder@example.org", "password", PASSWORD));
    assertThat(page.status()).isEqualTo(409);
    assertThat(page.one("#error-summary").text()).contains("username or email address is already registered");
    assertThat(page.doc().select("#email-error")).isEmpty();
  }

  @Test
  @DisplayName("with self-registration off, /register is a friendly 403 page, GET and POST, and no link offers it")
  void closed() {
    WebClient browser = new WebClient(closed.port());
    WebClient.Page page = browser.get("/register");
    assertThat(page.status()).isEqualTo(403);
    assertThat(page.heading()).isEqualTo("Registration is closed");
    assertThat(page.doc().select("form[action=/register]")).isEmpty();
    String csrf = browser.get("/forgot-password").one("input[name=_csrf]").attr("value");
    WebClient.Page post = browser.post("/register", Map.of("_csrf", csrf, "username", "sneaky", "email",
        "sneaky@example.org", "password", PASSWORD), Map.of("Sec-Fetch-Site", "same-origin"));
    assertThat(post.status()).isEqualTo(403);
    assertThat(post.heading()).isEqualTo("Registration is closed");
    assertThat(browser.get("/login").doc().select("a[href=/register]")).isEmpty();
  }
}
