package dev.latchkey.demo.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.demo.TestServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pages every other page builds on: home, login, logout, error pages, and the rules every page shares. */
class SitePagesTest {
  @TempDir static Path data;
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(data);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static WebClient signedInAdmin() {
    WebClient browser = new WebClient(server.port());
    WebClient.Page login = browser.get("/login");
    WebClient.Page done = browser.submit(login, "form[action=/login]", Map.of("identifier", TestServer.ADMIN,
        "password", TestServer.ADMIN_PASSWORD));
    assertThat(done.status()).isEqualTo(303);
    return browser;
  }

  @Test
  @DisplayName("the home page is HTML with the page CSP, framing refused, not cached, and says how to sign in first")
  void home() {
    WebClient.Page home = new WebClient(server.port()).get("/");
    assertThat(home.status()).isEqualTo(200);
    assertThat(home.header("content-type")).startsWith("text/html");
    assertThat(home.header("content-security-policy")).contains("default-src 'self'", "script-src 'self'",
        "style-src 'self'", "frame-ancestors 'none'", "form-action 'self'").doesNotContain("unsafe-inline");
    assertThat(home.header("x-frame-options")).isEqualTo("DENY");
    assertThat(home.header("cache-control")).isEqualTo("no-store");
    assertThat(home.body()).contains("first administrator").contains(TestServer.ADMIN);
    assertThat(home.doc().select("script:not([src]), [style], [onclick], [onload]")).isEmpty();
  }

  @Test
  @DisplayName("an unknown page is a friendly 404 page with a correlation id; the API keeps its JSON problems")
  void notFound() {
    WebClient browser = new WebClient(server.port());
    WebClient.Page page = browser.get("/no-such-page");
    assertThat(page.status()).isEqualTo(404);
    assertThat(page.header("content-type")).startsWith("text/html");
    assertThat(page.heading()).isEqualTo("Page not found");
    assertThat(page.one("code").text()).matches("[0-9a-f]{12}");
    WebClient.Page api = browser.get("/api/v1/no-such-endpoint");
    assertThat(api.status()).isEqualTo(404);
    assertThat(api.header("content-type")).startsWith("application/problem+json");
  }

  @Test
  @DisplayName("login: right password signs in (a new session cookie, HttpOnly) and goes to next; logout ends it")
  void loginAndLogout() {
    WebClient browser = new WebClient(server.port());
    WebClient.Page form = browser.get("/login?next=/account");
    WebClient.Page done = browser.submit(form, "form[action=/login]", Map.of("identifier", TestServer.ADMIN,
        "password", TestServer.ADMIN_PASSWORD));
    assertThat(done.status()).isEqualTo(303);
    assertThat(done.location()).isEqualTo("/account");
    assertThat(done.header("set-cookie")).contains("latchkey=").contains("HttpOnly").contains("SameSite=Lax");
    WebClient.Page home = browser.get("/");
    assertThat(home.one("form[action=/logout] button").text()).contains("Sign out");
    WebClient.Page out = browser.submit(home, "form[action=/logout]", Map.of());
    assertThat(out.location()).isEqualTo("/signed-out");
    assertThat(browser.open("/signed-out").heading()).isEqualTo("You are signed out");
    assertThat(browser.get("/").doc().select("form[action=/logout]")).isEmpty();
  }

  @Test
  @DisplayName("a wrong password re-renders the form with an error summary, keeps the username, never the password")
  void wrongPassword() {
    WebClient browser = new WebClient(server.port());
    WebClient.Page page = browser.submit(browser.get("/login"), "form[action=/login]",
        Map.of("identifier", TestServer.ADMIN, "password", "not-the-password-at-all"));
    assertThat(page.status()).isEqualTo(422);
    assertThat(page.one("#error-summary").text()).contains("do not match");
    assertThat(page.one("input#identifier").attr("value")).isEqualTo(TestServer.ADMIN);
    assertThat(page.body()).doesNotContain("not-the-password-at-all");
  }

  @Test
  @DisplayName("empty fields are named in the summary, linked to the field, and marked aria-invalid")
  void emptyFields() {
    WebClient browser = new WebClient(server.port());
    WebClient.Page page = browser.submit(browser.get("/login"), "form[action=/login]",
        Map.of("identifier", "", "password", ""));
    assertThat(page.status()).isEqualTo(422);
    assertThat(page.doc().select("#error-summary a[href=#identifier], #error-summary a[href=#password]")).hasSize(2);
    assertThat(page.one("input#identifier").attr("aria-invalid")).isEqualTo("true");
    assertThat(page.one("input#identifier").attr("aria-describedby")).isEqualTo("identifier-error");
  }

  @Test
  @DisplayName("attack: a login POST without the CSRF token, or marked cross-site, is refused and signs nobody in")
  void csrfOnLogin() {
    WebClient victim = new WebClient(server.port());
    victim.get("/login");
    WebClient.Page noToken = victim.post("/login", Map.of("identifier", TestServer.ADMIN, "password",
        TestServer.ADMIN_PASSWORD), Map.of());
    assertThat(noToken.status()).isEqualTo(403);
    assertThat(noToken.heading()).isEqualTo("This form could not be accepted");
    WebClient.Page form = victim.get("/login");
    String token = form.one("input[name=_csrf]").attr("value");
    WebClient.Page crossSite = victim.post("/login", Map.of("_csrf", token, "identifier", TestServer.ADMIN,
        "password", TestServer.ADMIN_PASSWORD), Map.of("Sec-Fetch-Site", "cross-site"));
    assertThat(crossSite.status()).isEqualTo(403);
    assertThat(victim.get("/").doc().select("form[action=/logout]")).isEmpty();
  }

  @Test
  @DisplayName("attack: another browser's CSRF token does not work in this one")
  void tokenBoundToBrowser() {
    WebClient attacker = new WebClient(server.port());
    String theirs = attacker.get("/login").one("input[name=_csrf]").attr("value");
    WebClient victim = new WebClient(server.port());
    victim.get("/login");
    WebClient.Page page = victim.post("/login", Map.of("_csrf", theirs, "identifier", TestServer.ADMIN,
        "password", TestServer.ADMIN_PASSWORD), Map.of("Sec-Fetch-Site", "same-origin"));
    assertThat(page.status()).isEqualTo(403);
  }

  @Test
  @DisplayName("attack: logout is a POST with a token; a cross-site logout POST is refused (the session survives)")
  void logoutCsrf() {
    WebClient browser = signedInAdmin();
    WebClient.Page forged = browser.post("/logout", Map.of(), Map.of("Sec-Fetch-Site", "cross-site"));
    assertThat(forged.status()).isEqualTo(403);
    assertThat(browser.get("/").doc().select("form[action=/logout]")).hasSize(1);
    assertThat(browser.get("/logout").status()).isEqualTo(404);
  }

  @Test
  @DisplayName("attack: next= pointing off-site (//evil, /\\evil, https://evil) lands on the dashboard instead")
  void openRedirect() {
    for (String next : new String[] {"//evil.example", "/\\evil.example", "https://evil.example/", "javascript:x"}) {
      WebClient browser = new WebClient(server.port());
      WebClient.Page form = browser.get("/login?next=" + java.net.URLEncoder.encode(next,
          java.nio.charset.StandardCharsets.UTF_8));
      WebClient.Page done = browser.submit(form, "form[action=/login]", Map.of("identifier", TestServer.ADMIN,
          "password", TestServer.ADMIN_PASSWORD, "next", next));
      assertThat(done.location()).as(next).isEqualTo("/dashboard");
    }
    assertThat(Web.safeLocal("/account/sessions?x=1", "/")).isEqualTo("/account/sessions?x=1");
  }

  @Test
  @DisplayName("the browser session ends with the Latchkey session: logging out everywhere signs this browser out")
  void endsWithLatchkeySession() {
    WebClient browser = signedInAdmin();
    assertThat(browser.get("/").doc().select("form[action=/logout]")).hasSize(1);
    var login = (dev.latchkey.auth.core.LoginResult.Success) server.auth().login(TestServer.ADMIN,
        TestServer.ADMIN_PASSWORD, dev.latchkey.auth.core.ClientInfo.unknown());
    server.auth().logoutEverywhere(login.tokens().user().id());
    WebClient.Page after = browser.get("/");
    assertThat(after.doc().select("form[action=/logout]")).isEmpty();
    assertThat(after.header("set-cookie")).contains("latchkey=;").contains("Max-Age=0");
  }

  @Test
  @DisplayName("static files are served from the jar with nosniff; the stylesheet has light and dark schemes")
  void staticFiles() {
    WebClient.Page css = new WebClient(server.port()).get("/static/app.css");
    assertThat(css.status()).isEqualTo(200);
    assertThat(css.header("content-type")).startsWith("text/css");
    assertThat(css.body()).contains("prefers-color-scheme: dark");
  }
}
