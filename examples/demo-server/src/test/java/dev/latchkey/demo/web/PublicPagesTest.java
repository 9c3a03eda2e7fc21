package dev.latchkey.demo.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.ClientInfo;
import dev.latchkey.auth.core.LoginResult;
import dev.latchkey.auth.core.NewUser;
import dev.latchkey.demo.TestServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public account pages with email verification required: register, verify email, resend, forgot and reset
 * password. The server trusts 127.0.0.1 as a proxy so that the rate-limit test can speak from an address of its own.
 */
class PublicPagesTest {
  private static final String GOOD_PASSWORD = "quiet-harbour-lantern-47";
  @TempDir static Path data;
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(data, Map.of("LATCHKEY_REQUIRE_EMAIL_VERIFICATION", "true",
        "LATCHKEY_TRUSTED_PROXIES", "127.0.0.1,::1"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static WebClient browser() {
    return new WebClient(server.port());
  }

  /** The path and query of a mailed link (the test server's base URL names port 0). */
  private static String local(String link) {
    URI uri = URI.create(link);
    return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
  }

  /** A mailed link, as a local path (the dev mailbox is an in-memory mailer: mail is in it when the answer is). */
  private static String mailedLink(String to, String subject) {
    return local(server.link(to, subject));
  }

  private static WebClient.Page register(WebClient browser, String username, String email, String password) {
    return browser.submit(browser.get("/register"), "form[action=/register]", Map.of("username", username,
        "email", email, "name", "", "password", password));
  }

  /** The page without its per-browser CSRF tokens, to compare two answers. */
  private static String comparable(WebClient.Page page) {
    page.doc().select("input[name=_csrf]").remove();
    return page.doc().outerHtml();
  }

  private static boolean signedIn(WebClient browser) {
    return !browser.get("/").doc().select("form[action=/logout]").isEmpty();
  }

  @Test
  @DisplayName("register shows labelled fields and the password rules before the password field")
  void registerForm() {
    WebClient.Page page = browser().get("/register");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.heading()).isEqualTo("Create an account");
    for (String field : List.of("username", "email", "name", "password")) {
      assertThat(page.doc().select("label[for=" + field + "]")).as(field).hasSize(1);
    }
    assertThat(page.one("details.rules").text()).contains("characters");
    assertThat(page.body().indexOf("details class=\"rules\"")).isLessThan(page.body().indexOf("id=\"password\""));
    assertThat(page.doc().select("form[action=/register] input[name=_csrf]")).hasSize(1);
    assertThat(page.doc().select("script:not([src]), [style]")).isEmpty();
  }

  @Test
  @DisplayName("register with empty fields: 422, each named in the summary and linked to its field")
  void registerEmpty() {
    WebClient browser = browser();
    WebClient.Page page = register(browser, "", "", "");
    assertThat(page.status()).isEqualTo(422);
    assertThat(page.doc().select("#error-summary a[href=#username], #error-summary a[href=#email],"
        + " #error-summary a[href=#password]")).hasSize(3);
    assertThat(page.one("input#email").attr("aria-invalid")).isEqualTo("true");
  }

  @Test
  @DisplayName("register with a malformed username and email: the rules are said inline, the values kept")
  void registerInvalid() {
    WebClient.Page page = register(browser(), "x!", "not-an-address", GOOD_PASSWORD);
    assertThat(page.status()).isEqualTo(422);
    assertThat(page.one("#username-error").text()).contains("3 to 64");
    assertThat(page.one("#email-error").text()).contains("email address such as");
    assertThat(page.doc().select("#error-summary li")).hasSize(2);
    assertThat(page.one("input#username").attr("value")).isEqualTo("x!");
    WebClient.Page email = register(browser(), "valid-name", "not-an-address", GOOD_PASSWORD);
    assertThat(email.one("#email-error").text()).contains("email address such as");
    assertThat(email.body()).doesNotContain(GOOD_PASSWORD);
  }

  @Test
  @DisplayName("register with a weak password: the server's reason inline at the password, which is never echoed")
  void registerWeakPassword() {
    WebClient.Page shortOne = register(browser(), "weakling", "weakling@example.org", "abc");
    assertThat(shortOne.status()).isEqualTo(422);
    assertThat(shortOne.one("#password-error").text()).isNotBlank();
    assertThat(shortOne.one("#error-summary a[href=#password]").text())
        .isEqualTo(shortOne.one("#password-error").text().replace("Error: ", ""));
    WebClient.Page common = register(browser(), "weakling", "weakling@example.org", "password123456");
    assertThat(common.status()).isEqualTo(422);
    assertThat(common.one("#password-error").text()).isNotBlank();
    assertThat(common.body()).doesNotContain("password123456");
    assertThat(common.one("input#password").attr("value")).isEmpty();
  }

  @Test
  @DisplayName("register → check your inbox → the mailed link shows a button (GET consumes nothing) → POST confirms")
  void registerAndVerify() {
    WebClient browser = browser();
    WebClient.Page done = register(browser, "newcomer", "newcomer@example.org", GOOD_PASSWORD);
    assertThat(done.status()).isEqualTo(303);
    assertThat(done.location()).isEqualTo("/register/sent");
    WebClient.Page sent = browser.follow(done);
    assertThat(sent.heading()).isEqualTo("Check your inbox");
    assertThat(sent.body()).contains("dev mailbox");

    String link = mailedLink("newcomer@example.org", "Confirm your email address");
    assertThat(link).startsWith("/verify-email?token=");
    // A mail scanner opens the link twice: nothing is consumed.
    WebClient scanner = browser();
    assertThat(scanner.get(link).status()).isEqualTo(200);
    WebClient.Page form = browser.get(link);
    assertThat(form.status()).isEqualTo(200);
    assertThat(form.one("form[action=/verify-email] button").text()).contains("Confirm");
    assertThat(server.auth().login("newcomer", GOOD_PASSWORD, ClientInfo.unknown()))
        .isNotInstanceOf(LoginResult.Success.class);

    WebClient.Page confirmed = browser.submit(form, "form[action=/verify-email]", Map.of());
    assertThat(confirmed.status()).isEqualTo(303);
    assertThat(confirmed.location()).isEqualTo("/login");
    WebClient.Page login = browser.follow(confirmed);
    assertThat(login.one(".alert-ok").text()).contains("confirmed");
    WebClient.Page in = browser.submit(login, "form[action=/login]", Map.of("identifier", "newcomer",
        "password", GOOD_PASSWORD));
    assertThat(in.status()).isEqualTo(303);
    assertThat(signedIn(browser)).isTrue();

    // The same link again: a friendly page, not an error.
    WebClient.Page again = scanner.submit(scanner.get(link), "form[action=/verify-email]", Map.of());
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.one(".alert-error").text()).contains("not valid");
    assertThat(again.one("a[href=/resend-verification]")).isNotNull();
  }

  @Test
  @DisplayName("register with a registered address answers exactly as with a new one (the owner gets a notice)")
  void registerExistingAddress() {
    server.auth().admin().createUser(new NewUser("owner1", "owner1@example.org", GOOD_PASSWORD, null, false,
        java.util.Set.of()));
    WebClient first = browser();
    WebClient.Page taken = register(first, "someone-else", "owner1@example.org", GOOD_PASSWORD);
    WebClient second = browser();
    WebClient.Page fresh = register(second, "someone-new", "fresh1@example.org", GOOD_PASSWORD);
    assertThat(taken.status()).isEqualTo(fresh.status()).isEqualTo(303);
    assertThat(taken.location()).isEqualTo(fresh.location());
    assertThat(comparable(first.follow(taken))).isEqualTo(comparable(second.follow(fresh)));
    mailedLink("owner1@example.org", "Someone tried to register");
  }

  @Test
  @DisplayName("register with a taken username says so (usernames are public), at the username field")
  void registerTakenUsername() {
    WebClient.Page page = register(browser(), TestServer.ADMIN, "another@example.org", GOOD_PASSWORD);
    assertThat(page.status()).isEqualTo(409);
    assertThat(page.one("#username-error").text()).contains("taken");
  }

  @Test
  @DisplayName("forgot password: the same answer for a known and an unknown address; only the known one gets mail")
  void forgotSameAnswer() {
    server.auth().admin().createUser(new NewUser("forgetful", "forgetful@example.org", GOOD_PASSWORD, null, false,
        java.util.Set.of()));
    WebClient a = browser();
    WebClient.Page known = a.submit(a.get("/forgot-password"), "form[action=/forgot-password]",
        Map.of("email", "forgetful@example.org"));
    WebClient b = browser();
    WebClient.Page unknown = b.submit(b.get("/forgot-password"), "form[action=/forgot-password]",
        Map.of("email", "nobody-here@example.org"));
    assertThat(known.status()).isEqualTo(unknown.status()).isEqualTo(303);
    assertThat(known.location()).isEqualTo(unknown.location()).isEqualTo("/forgot-password/sent");
    assertThat(comparable(a.follow(known))).isEqualTo(comparable(b.follow(unknown)));
    assertThat(mailedLink("forgetful@example.org", "Reset your password")).startsWith("/reset-password?token=");
    assertThat(server.mail("nobody-here@example.org")).isEmpty();
  }

  @Test
  @DisplayName("forgot password with an empty or malformed address: 422 at the field, nothing looked up")
  void forgotInvalid() {
    WebClient browser = browser();
    WebClient.Page empty = browser.submit(browser.get("/forgot-password"), "form[action=/forgot-password]",
        Map.of("email", ""));
    assertThat(empty.status()).isEqualTo(422);
    assertThat(empty.one("#email-error").text()).contains("Enter your email");
    WebClient.Page bad = browser.submit(browser.get("/forgot-password"), "form[action=/forgot-password]",
        Map.of("email", "<script>x</script>"));
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.one("input#email").attr("value")).isEqualTo("<script>x</script>");
    assertThat(bad.body()).doesNotContain("<script>x</script>");
  }

  @Test
  @DisplayName("reset: GET shows the form and consumes nothing; a weak password keeps the link; then it works once")
  void resetPassword() {
    server.auth().admin().createUser(new NewUser("resetter", "resetter@example.org", GOOD_PASSWORD, null, false,
        java.util.Set.of()));
    server.auth().requestPasswordReset("resetter@example.org");
    String link = mailedLink("resetter@example.org", "Reset your password");
    WebClient browser = browser();
    browser.get(link);
    WebClient.Page form = browser.get(link);
    assertThat(form.status()).isEqualTo(200);
    assertThat(form.one("form[action=/reset-password] input[name=token]").attr("type")).isEqualTo("hidden");
    assertThat(form.one("details.rules")).isNotNull();

    WebClient.Page empty = browser.submit(form, "form[action=/reset-password]", Map.of("password", ""));
    assertThat(empty.status()).isEqualTo(422);
    WebClient.Page weak = browser.submit(form, "form[action=/reset-password]", Map.of("password", "resetter"));
    assertThat(weak.status()).isEqualTo(422);
    assertThat(weak.one("#password-error").text()).isNotBlank();
    assertThat(weak.one("input[name=token]").attr("value")).isEqualTo(form.one("input[name=token]").attr("value"));

    String newPassword = "amber-canyon-whistle-92";
    WebClient.Page done = browser.submit(weak, "form[action=/reset-password]", Map.of("password", newPassword));
    assertThat(done.status()).isEqualTo(303);
    assertThat(done.location()).isEqualTo("/login");
    assertThat(browser.follow(done).one(".alert-ok").text()).contains("password has been changed");
    assertThat(server.auth().login("resetter", newPassword, ClientInfo.unknown()))
        .isInstanceOf(LoginResult.Success.class);

    WebClient.Page reused = browser.submit(form, "form[action=/reset-password]",
        Map.of("password", "another-fine-passphrase-3"));
    assertThat(reused.status()).isEqualTo(400);
    assertThat(reused.one(".alert-error").text()).contains("not valid");
    assertThat(reused.doc().select("form[action=/reset-password]")).isEmpty();
  }

  @Test
  @DisplayName("reset and verify with a missing, invalid or oversized token: a friendly page, never a 500")
  void badTokens() {
    WebClient browser = browser();
    assertThat(browser.get("/reset-password").one(".alert-error").text()).contains("not valid");
    assertThat(browser.get("/verify-email").one(".alert-error").text()).contains("not valid");
    String csrf = browser.get("/forgot-password").one("input[name=_csrf]").attr("value");
    Map<String, String> same = Map.of("Sec-Fetch-Site", "same-origin");
    for (String token : List.of("", "nonsense", "x".repeat(5000), "%00\u0000<b>")) {
      WebClient.Page reset = browser.post("/reset-password", Map.of("_csrf", csrf, "token", token, "password",
          "amber-canyon-whistle-92"), same);
      assertThat(reset.status()).as(token).isEqualTo(400);
      assertThat(reset.one(".alert-error").text()).contains("not valid");
      WebClient.Page verify = browser.post("/verify-email", Map.of("_csrf", csrf, "token", token), same);
      assertThat(verify.status()).as(token).isEqualTo(400);
      assertThat(verify.one(".alert-error").text()).contains("not valid");
    }
    WebClient.Page noToken = browser.post("/verify-email", Map.of("_csrf", csrf), same);
    assertThat(noToken.status()).isEqualTo(400);
  }

  @Test
  @DisplayName("resend verification: the same answer for an unverified, a verified and an unknown address")
  void resendSameAnswer() {
    register(browser(), "unverified1", "unverified1@example.org", GOOD_PASSWORD);
    mailedLink("unverified1@example.org", "Confirm your email address");
    Map<String, String> answers = new HashMap<>();
    for (String email : List.of("unverified1@example.org", TestServer.ADMIN + "@localhost", "nobody2@example.org")) {
      WebClient browser = browser();
      WebClient.Page page = browser.submit(browser.get("/resend-verification"),
          "form[action=/resend-verification]", Map.of("email", email));
      assertThat(page.status()).isEqualTo(303);
      answers.put(email, page.location() + "\n" + comparable(browser.follow(page)));
    }
    assertThat(answers.values()).containsOnly(answers.get("nobody2@example.org"));
    assertThat(answers.get("nobody2@example.org")).startsWith("/resend-verification/sent");
    assertThat(server.mail("unverified1@example.org")).hasSize(2);
  }

  @Test
  @DisplayName("past the per-address limit, forgot password answers 429 with the wait, as a message on the form")
  void forgotRateLimit() {
    WebClient browser = browser();
    String csrf = browser.get("/forgot-password").one("input[name=_csrf]").attr("value");
    Map<String, String> from = Map.of("Sec-Fetch-Site", "same-origin", "X-Forwarded-For", "203.0.113.77");
    WebClient.Page page = null;
    for (int i = 0; i < 11; i++) {
      page = browser.post("/forgot-password", Map.of("_csrf", csrf, "email", "limit" + i + "@example.org"), from);
      if (i < 10) {
        assertThat(page.status()).as("attempt " + i).isEqualTo(303);
      }
    }
    assertThat(page.status()).isEqualTo(429);
    assertThat(page.header("retry-after")).matches("[0-9]+");
    assertThat(page.one("#error-summary").text()).contains("Too many requests").contains("Try again in");
    assertThat(page.doc().select("form[action=/forgot-password]")).hasSize(1);
    // Another address is not affected.
    WebClient other = browser();
    assertThat(other.submit(other.get("/forgot-password"), "form[action=/forgot-password]",
        Map.of("email", "other@example.org")).status()).isEqualTo(303);
  }

  @Test
  @DisplayName("attack: the public forms refuse a POST without the CSRF token or marked cross-site")
  void csrf() {
    WebClient browser = browser();
    browser.get("/register");
    for (String path : List.of("/register", "/forgot-password", "/reset-password", "/verify-email",
        "/resend-verification")) {
      assertThat(browser.post(path, Map.of("email", "a@example.org", "token", "x"), Map.of()).status())
          .as(path).isEqualTo(403);
    }
    String csrf = browser.get("/forgot-password").one("input[name=_csrf]").attr("value");
    assertThat(browser.post("/forgot-password", Map.of("_csrf", csrf, "email", "a@example.org"),
        Map.of("Sec-Fetch-Site", "cross-site")).status()).isEqualTo(403);
  }
}
