package dev.latchkey.demo.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.LoginResult;
import dev.latchkey.auth.core.Registration;
import dev.latchkey.auth.core.ClientInfo;
import dev.latchkey.auth.core.oauth.ProviderSettings;
import dev.latchkey.auth.core.oauth.ProviderType;
import dev.latchkey.auth.core.user.User;
import dev.latchkey.demo.TestServer;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The signed-in pages over HTTP: dashboard, Hello, and the account pages' forms, attacks included. */
class AccountPagesTest {
  private static final String PASSWORD = "violet-harbour-lantern-ninety";
  private static final String XSS = "<script>alert(1)</script>";
  private static final List<String> PAGES = List.of("/dashboard", "/hello", "/account", "/account/email",
      "/account/password", "/account/linked", "/account/sessions", "/account/delete");
  private static final AtomicInteger USERS = new AtomicInteger();

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

  /** A fresh account (its email not verified), so that no test's lockouts or sessions touch another's. */
  private static User newUser() {
    int n = USERS.incrementAndGet();
    return server.auth().register(new Registration("user" + n, "user" + n + "@example.test", PASSWORD, null, null));
  }

  private static WebClient signIn(String username, String password) {
    WebClient browser = new WebClient(server.port());
    WebClient.Page done = browser.submit(browser.get("/login"), "form[action=/login]",
        Map.of("identifier", username, "password", password));
    assertThat(done.status()).as("sign-in of " + username).isEqualTo(303);
    return browser;
  }

  private static boolean signedIn(WebClient browser) {
    WebClient.Page page = browser.get("/dashboard");
    return page.status() == 200;
  }

  @Test
  @DisplayName("signed out, every page redirects to the login page, which comes back to it")
  void signedOutRedirects() {
    WebClient browser = new WebClient(server.port());
    for (String path : PAGES) {
      WebClient.Page page = browser.get(path);
      assertThat(page.status()).as(path).isEqualTo(303);
      assertThat(URLDecoder.decode(page.location(), StandardCharsets.UTF_8)).as(path)
          .isEqualTo("/login?next=" + path);
    }
  }

  @Test
  @DisplayName("no state change on GET: the POST-only routes answer a GET with the not-found page")
  void noGetForActions() {
    User user = newUser();
    WebClient browser = signIn(user.username(), PASSWORD);
    WebClient other = signIn(user.username(), PASSWORD);
    String otherId = server.auth().sessions(user.id()).get(1).id().toString();
    for (String path : List.of("/account/sessions/revoke-others", "/account/sessions/" + otherId + "/revoke",
        "/account/linked/" + UUID.randomUUID() + "/unlink")) {
      WebClient.Page page = browser.get(path);
      assertThat(page.status()).as(path).isIn(404, 405);
      assertThat(page.header("content-type")).startsWith("text/html");
    }
    assertThat(browser.get("/account/delete").status()).isEqualTo(200);
    assertThat(server.auth().user(user.id())).isPresent();
    assertThat(signedIn(other)).isTrue();
  }

  @Test
  @DisplayName("every signed-in page renders with the page CSP, no inline script or style, one h1, and the sub-nav")
  void pagesRender() {
    WebClient browser = signIn(TestServer.ADMIN, TestServer.ADMIN_PASSWORD);
    for (String path : PAGES) {
      WebClient.Page page = browser.get(path);
      assertThat(page.status()).as(path).isEqualTo(200);
      assertThat(page.header("content-security-policy")).as(path).contains("script-src 'self'");
      assertThat(page.doc().select("script:not([src]), [style], [onclick], [onload]")).as(path).isEmpty();
      assertThat(page.doc().select("h1")).as(path).hasSize(1);
      for (var input : page.doc().select("input:not([type=hidden]):not([hidden])")) {
        assertThat(page.doc().select("label[for=" + input.id() + "]")).as(path + " label of " + input.id())
            .hasSize(1);
      }
      for (var form : page.doc().select("form[method=post]")) {
        assertThat(form.select("input[name=_csrf]")).as(path + " " + form.attr("action")).hasSize(1);
      }
      if (path.startsWith("/account")) {
        assertThat(page.one("nav.subnav a[aria-current=page]").attr("href")).as(path).isEqualTo(path);
      }
    }
  }

  @Test
  @DisplayName("dashboard: who am I, roles, unverified email with a resend link, this session and the previous sign-in")
  void dashboard() {
    User user = newUser();
    signIn(user.username(), PASSWORD);
    WebClient browser = signIn(user.username(), PASSWORD);
    WebClient.Page page = browser.get("/dashboard");
    assertThat(page.status()).isEqualTo(200);
    String text = page.doc().text();
    assertThat(text).contains(user.username(), user.email(), "Not verified", "This session", "Previous sign-in");
    assertThat(page.one("a[href=/resend-verification]").text()).contains("verification link");
    assertThat(page.doc().select("dl.facts time")).hasSizeGreaterThanOrEqualTo(4);
    assertThat(text).doesNotContain("none before this one");

    WebClient admin = signIn(TestServer.ADMIN, TestServer.ADMIN_PASSWORD);
    WebClient.Page adminPage = admin.get("/dashboard");
    assertThat(adminPage.doc().select(".badge.info").eachText()).contains("admin");
  }

  @Test
  @DisplayName("hello: the API answered 200 with the viewer's name, pretty-printed; the access token is nowhere")
  void hello() {
    User user = newUser();
    WebClient browser = signIn(user.username(), PASSWORD);
    WebClient.Page page = browser.get("/hello");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.one(".badge").text()).isEqualTo("HTTP 200");
    String json = page.one("pre code").wholeText();
    assertThat(json).contains("\"message\" : \"hello world\"", "\"user\" : \"" + user.username() + "\"")
        .contains("\n");
    assertThat(page.body()).doesNotContain("eyJ").doesNotContainIgnoringCase("bearer ");
  }

  @Test
  @DisplayName("profile: a name and phone are saved (PRG with a flash); a bad phone is an inline 422, values kept")
  void profile() {
    User user = newUser();
    WebClient browser = signIn(user.username(), PASSWORD);
    WebClient.Page form = browser.get("/account");
    WebClient.Page bad = browser.submit(form, "form[action=/account]", Map.of("name", "Ada", "phone", "12ab"));
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.one("#phone").attr("aria-invalid")).isEqualTo("true");
    assertThat(bad.one("#phone-error").text()).contains("international form");
    assertThat(bad.one("#error-summary a[href=#phone]")).isNotNull();
    assertThat(bad.one("#name").attr("value")).isEqualTo("Ada");
    assertThat(bad.one("#phone").attr("value")).isEqualTo("12ab");

    WebClient.Page saved = browser.submit(form, "form[action=/account]", Map.of("name", "Ada Lovelace",
        "phone", "+44 20 7946 0958"));
    assertThat(saved.status()).isEqualTo(303);
    assertThat(saved.location()).isEqualTo("/account");
    WebClient.Page after = browser.get("/account");
    assertThat(after.one(".alert-ok").text()).contains("saved");
    assertThat(after.one("#name").attr("value")).isEqualTo("Ada Lovelace");
    assertThat(after.one("#phone").attr("value")).isEqualTo("+442079460958");
    assertThat(browser.get("/account").doc().select(".alert-ok")).as("the flash shows once").isEmpty();
    assertThat(browser.get("/dashboard").heading()).isEqualTo("Welcome, Ada Lovelace");
    browser.submit(browser.get("/account"), "form[action=/account]", Map.of("name", "Ada Lovelace",
        "phone", "+1 (415) 555-0123"));
    assertThat(browser.get("/account").one("#phone").attr("value")).isEqualTo("+14155550123");
  }

  @Test
  @DisplayName("attack: script in name, phone and email renders as text on every page that shows it")
  void xssInert() {
    User user = newUser();
    WebClient browser = signIn(user.username(), PASSWORD);
    WebClient.Page saved = browser.submit(browser.get("/account"), "form[action=/account]",
        Map.of("name", XSS + "\"'><img src=x onerror=alert(2)>", "phone", ""));
    assertThat(saved.status()).isEqualTo(303);
    for (String path : List.of("/account", "/dashboard")) {
      WebClient.Page page = browser.get(path);
      assertThat(page.body()).as(path).doesNotContain(XSS).doesNotContain("<img src=x");
      assertThat(page.doc().select("script:not([src]), img[onerror]")).as(path).isEmpty();
      assertThat(page.doc().text() + page.one("#main").html()).as(path).contains("alert(1)");
    }
    assertThat(browser.get("/dashboard").heading()).startsWith("Welcome, " + XSS);

    WebClient.Page phone = browser.submit(browser.get("/account"), "form[action=/account]",
        Map.of("name", "x", "phone", XSS));
    assertThat(phone.status()).isEqualTo(422);
    assertThat(phone.body()).doesNotContain(XSS);
    assertThat(phone.one("#phone").attr("value")).isEqualTo(XSS);

    // The library takes this as an address (its local part is any non-space text): the pending change shows it.
    WebClient.Page email = browser.submit(browser.get("/account/email"), "form[action=/account/email]",
        Map.of("email", XSS + "@example.test", "current_password", PASSWORD));
    assertThat(email.status()).isEqualTo(303);
    WebClient.Page pending = browser.get("/account/email");
    assertThat(pending.one(".pending-email").text()).contains(XSS + "@example.test");
    assertThat(pending.one(".alert-ok").text()).contains(XSS + "@example.test");
    assertThat(pending.body()).doesNotContain(XSS);
    assertThat(pending.doc().select("script:not([src])")).isEmpty();
  }

  @Test
  @DisplayName("email: wrong password 403, taken address 409, then a change waits for its link and shows as pending")
  void emailChange() {
    User user = newUser();
    User other = newUser();
    WebClient browser = signIn(user.username(), PASSWORD);
    WebClient.Page form = browser.get("/account/email");
    assertThat(form.doc().select(".pending-email")).isEmpty();

    WebClient.Page empty = browser.submit(form, "form[action=/account/email]", Map.of("email", "",
        "current_password", ""));
    assertThat(empty.status()).isEqualTo(422);
    assertThat(empty.doc().select("#error-summary a")).hasSize(2);

    WebClient.Page wrong = browser.submit(form, "form[action=/account/email]", Map.of("email",
        "new-" + user.email(), "current_password", "not-my-password-at-all"));
    assertThat(wrong.status()).isEqualTo(403);
    assertThat(wrong.one("#current_password-error").text()).contains("not right");
    assertThat(wrong.one("#email").attr("value")).isEqualTo("new-" + user.email());
    assertThat(wrong.body()).doesNotContain("not-my-password-at-all");

    WebClient.Page taken = browser.submit(form, "form[action=/account/email]", Map.of("email", other.email(),
        "current_password", PASSWORD));
    assertThat(taken.status()).isEqualTo(409);
    assertThat(taken.one("#email-error").text()).contains("Another account");

    String newEmail = "renamed-" + user.email();
    WebClient.Page sent = browser.submit(form, "form[action=/account/email]", Map.of("email", newEmail,
        "current_password", PASSWORD));
    assertThat(sent.status()).isEqualTo(303);
    WebClient.Page pending = browser.get("/account/email");
    assertThat(pending.one(".alert-ok").text()).contains(newEmail);
    assertThat(pending.one(".pending-email").text()).contains(newEmail, "Waiting for confirmation");
    assertThat(pending.one("dl.facts").text()).contains(user.email());
    assertThat(browser.get("/dashboard").one(".alert-info a[href=/account/email]").parent().text())
        .contains(newEmail);

    String link = server.link(newEmail, "Confirm your new email address");
    String token = URI.create(link).getQuery().replaceFirst("^.*token=", "").replaceFirst("&.*$", "");
    assertThat(server.auth().verifyEmail(URLDecoder.decode(token, StandardCharsets.UTF_8))).isTrue();
    WebClient.Page changed = browser.get("/account/email");
    assertThat(changed.doc().select(".pending-email")).isEmpty();
    assertThat(changed.one("dl.facts").text()).contains(newEmail).contains("Verified");
  }

  @Test
  @DisplayName("email: sending the current address again withdraws a pending change")
  void emailWithdraw() {
    User user = newUser();
    WebClient browser = signIn(user.username(), PASSWORD);
    browser.submit(browser.get("/account/email"), "form[action=/account/email]", Map.of("email",
        "elsewhere-" + user.email(), "current_password", PASSWORD));
    assertThat(browser.get("/account/email").doc().select(".pending-email")).hasSize(1);
    WebClient.Page back = browser.submit(browser.get("/account/email"), "form[action=/account/email]",
        Map.of("email", user.email(), "current_password", PASSWORD));
    assertThat(back.status()).isEqualTo(303);
    WebClient.Page page = browser.get("/account/email");
    assertThat(page.one(".alert-info").text()).contains("withdrawn");
    assertThat(page.doc().select(".pending-email")).isEmpty();
  }

  @Test
  @DisplayName("password: rules shown before typing; wrong current 403; weak 422 with the reason; success keeps only"
      + " this session")
  void passwordChange() {
    User user = newUser();
    WebClient browser = signIn(user.username(), PASSWORD);
    WebClient other = signIn(user.username(), PASSWORD);
    WebClient.Page form = browser.get("/account/password");
    assertThat(form.one("details.rules").text()).contains("characters");
    assertThat(form.one("details.rules").elementSiblingIndex())
        .isLessThan(form.one("#new_password").parent().parent().elementSiblingIndex());

    WebClient.Page wrong = browser.submit(form, "form[action=/account/password]", Map.of("current_password",
        "not-my-password-at-all", "new_password", "amber-glacier-pocket-thistle"));
    assertThat(wrong.status()).isEqualTo(403);
    assertThat(wrong.one("#current_password-error").text()).contains("not right");
    assertThat(wrong.body()).doesNotContain("amber-glacier-pocket-thistle").doesNotContain("not-my-password");

    WebClient.Page weak = browser.submit(form, "form[action=/account/password]", Map.of("current_password",
        PASSWORD, "new_password", "password"));
    assertThat(weak.status()).isEqualTo(422);
    assertThat(weak.one("#new_password-error").text()).isNotBlank();
    assertThat(weak.one("#new_password").attr("aria-invalid")).isEqualTo("true");

    WebClient.Page done = browser.submit(form, "form[action=/account/password]", Map.of("current_password",
        PASSWORD, "new_password", "amber-glacier-pocket-thistle"));
    assertThat(done.status()).isEqualTo(303);
    assertThat(browser.get("/account/password").one(".alert-ok").text()).contains("other session");
    assertThat(signedIn(browser)).isTrue();
    assertThat(signedIn(other)).as("the other browser is signed out").isFalse();
    assertThat(server.auth().login(user.username(), "amber-glacier-pocket-thistle", ClientInfo.unknown()))
        .isInstanceOf(LoginResult.Success.class);
  }

  @Test
  @DisplayName("sessions: both browsers listed with this device marked; revoking the other signs it out at its next"
      + " request")
  void revokeOther() {
    User user = newUser();
    WebClient other = signIn(user.username(), PASSWORD);
    WebClient browser = signIn(user.username(), PASSWORD);
    WebClient.Page page = browser.get("/account/sessions");
    assertThat(page.doc().select("table.sessions tbody tr")).hasSize(2);
    assertThat(page.doc().select("table.sessions .badge:contains(This device)")).hasSize(1);
    assertThat(page.one("table.sessions tbody tr").text()).contains("This device").contains("Java-http-client");
    assertThat(page.doc().select("table.sessions tbody tr:eq(0) form[action$=/revoke]"))
        .as("this device signs out with the logout form, not a revocation").isEmpty();
    assertThat(page.doc().select("table.sessions tbody tr:eq(0) form[action=/logout]")).hasSize(1);
    WebClient.Page revoked = browser.submit(page, "table.sessions tbody tr form[action$=/revoke]", Map.of());
    assertThat(revoked.status()).isEqualTo(303);
    assertThat(browser.get("/account/sessions").one(".alert-ok").text()).contains("signed out");

    WebClient.Page after = other.get("/account");
    assertThat(after.status()).isEqualTo(303);
    assertThat(after.location()).startsWith("/login");
    assertThat(signedIn(browser)).isTrue();
    assertThat(browser.get("/account/sessions").doc().select("table.sessions tbody tr")).hasSize(1);
  }

  @Test
  @DisplayName("sessions: an ended or unknown session id is a 404 page, not a 500; another user's cannot be revoked")
  void revokeUnknown() {
    User user = newUser();
    User victim = newUser();
    WebClient victimBrowser = signIn(victim.username(), PASSWORD);
    String victimSession = server.auth().sessions(victim.id()).getFirst().id().toString();
    WebClient browser = signIn(user.username(), PASSWORD);
    WebClient.Page page = browser.get("/account/sessions");
    String csrf = page.one("input[name=_csrf]").attr("value");
    Map<String, String> headers = Map.of("Sec-Fetch-Site", "same-origin");
    WebClient.Page foreign = browser.post("/account/sessions/" + victimSession + "/revoke", Map.of("_csrf", csrf),
        headers);
    assertThat(foreign.status()).isEqualTo(404);
    assertThat(signedIn(victimBrowser)).isTrue();
    WebClient.Page garbage = browser.post("/account/sessions/not-a-session/revoke", Map.of("_csrf", csrf), headers);
    assertThat(garbage.status()).isEqualTo(404);
    assertThat(garbage.header("content-type")).startsWith("text/html");
  }

  @Test
  @DisplayName("sessions: sign out everywhere else ends the others and keeps this one")
  void revokeOthers() {
    User user = newUser();
    WebClient one = signIn(user.username(), PASSWORD);
    WebClient two = signIn(user.username(), PASSWORD);
    WebClient browser = signIn(user.username(), PASSWORD);
    WebClient.Page done = browser.submit(browser.get("/account/sessions"),
        "form[action=/account/sessions/revoke-others]", Map.of());
    assertThat(done.status()).isEqualTo(303);
    assertThat(browser.get("/account/sessions").one(".alert-ok").text()).contains("Signed out 2 other sessions");
    assertThat(signedIn(one)).isFalse();
    assertThat(signedIn(two)).isFalse();
    assertThat(signedIn(browser)).isTrue();
  }

  @Test
  @DisplayName("sessions: revoking this device's own session signs this browser out")
  void revokeOwn() {
    User user = newUser();
    WebClient browser = signIn(user.username(), PASSWORD);
    WebClient.Page page = browser.get("/account/sessions");
    String csrf = page.one("input[name=_csrf]").attr("value");
    String own = server.auth().sessions(user.id()).getFirst().id().toString();
    WebClient.Page done = browser.post("/account/sessions/" + own + "/revoke", Map.of("_csrf", csrf),
        Map.of("Sec-Fetch-Site", "same-origin"));
    assertThat(done.location()).isEqualTo("/signed-out");
    assertThat(signedIn(browser)).isFalse();
  }

  @Test
  @DisplayName("attack: account forms without the CSRF token, or posted cross-site, change nothing")
  void csrf() {
    User user = newUser();
    WebClient browser = signIn(user.username(), PASSWORD);
    WebClient other = signIn(user.username(), PASSWORD);
    String csrf = browser.get("/account").one("input[name=_csrf]").attr("value");
    assertThat(browser.post("/account", Map.of("name", "Mallory"), Map.of("Sec-Fetch-Site", "same-origin"))
        .status()).isEqualTo(403);
    assertThat(browser.post("/account", Map.of("_csrf", csrf, "name", "Mallory"), Map.of("Sec-Fetch-Site",
        "cross-site")).status()).isEqualTo(403);
    assertThat(browser.post("/account/sessions/revoke-others", Map.of(), Map.of()).status()).isEqualTo(403);
    assertThat(browser.post("/account/delete", Map.of("_csrf", csrf, "confirm_username", user.username(),
        "current_password", PASSWORD), Map.of("Sec-Fetch-Site", "same-site")).status()).isEqualTo(403);
    assertThat(server.auth().user(user.id()).orElseThrow().name()).isNull();
    assertThat(signedIn(other)).isTrue();
  }

  @Test
  @DisplayName("linked accounts: none linked is said plainly; an unknown link id is a 404 page; each enabled provider"
      + " has a link button (a POST form with the token), its display name escaped")
  void linked() {
    User user = newUser();
    WebClient browser = signIn(user.username(), PASSWORD);
    WebClient.Page page = browser.get("/account/linked");
    assertThat(page.doc().text()).contains("No provider account is linked");
    String csrf = page.one("input[name=_csrf]").attr("value");
    for (String id : List.of(UUID.randomUUID().toString(), "not-a-uuid")) {
      WebClient.Page unlink = browser.post("/account/linked/" + id + "/unlink", Map.of("_csrf", csrf),
          Map.of("Sec-Fetch-Site", "same-origin"));
      assertThat(unlink.status()).as(id).isEqualTo(404);
      assertThat(unlink.header("content-type")).startsWith("text/html");
    }

    server.auth().admin().createOAuthProvider(ProviderSettings.github("client-id", "client-secret"));
    server.auth().admin().createOAuthProvider(new ProviderSettings("evil", XSS, ProviderType.GITHUB, "id",
        "secret", null, java.util.Set.of(), true));
    WebClient.Page withProviders = browser.get("/account/linked");
    assertThat(withProviders.one("form[action=/oauth/github/link] button").text()).isEqualTo("Link GitHub");
    // The page's token (masked anew for each page view, so compared with this view's sign-out form).
    assertThat(withProviders.one("form[action=/oauth/github/link] input[name=_csrf]").attr("value"))
        .isEqualTo(withProviders.one("form[action=/logout] input[name=_csrf]").attr("value"));
    assertThat(withProviders.one("form[action=/oauth/evil/link] button").text()).isEqualTo("Link " + XSS);
    assertThat(withProviders.body()).doesNotContain(XSS);
    WebClient.Page delete = browser.get("/account/delete");
    assertThat(delete.doc().select("form[action^=/oauth/]")).as("accounts with a password confirm with it")
        .isEmpty();
  }

  @Test
  @DisplayName("delete: wrong username 422, wrong password 403; then the account is gone and the browser signed out")
  void deleteAccount() {
    User user = newUser();
    WebClient other = signIn(user.username(), PASSWORD);
    WebClient browser = signIn(user.username(), PASSWORD);
    WebClient.Page form = browser.get("/account/delete");
    assertThat(form.one("#confirm_username-hint").text()).contains(user.username());

    WebClient.Page typo = browser.submit(form, "form[action=/account/delete]", Map.of("confirm_username",
        user.username() + "x", "current_password", PASSWORD));
    assertThat(typo.status()).isEqualTo(422);
    assertThat(typo.one("#confirm_username-error").text()).contains("not your username");
    WebClient.Page wrong = browser.submit(form, "form[action=/account/delete]", Map.of("confirm_username",
        user.username(), "current_password", "not-my-password-at-all"));
    assertThat(wrong.status()).isEqualTo(403);
    assertThat(wrong.one("#current_password-error")).isNotNull();
    assertThat(server.auth().user(user.id())).isPresent();

    WebClient.Page done = browser.submit(form, "form[action=/account/delete]", Map.of("confirm_username",
        user.username(), "current_password", PASSWORD));
    assertThat(done.status()).isEqualTo(303);
    assertThat(done.location()).isEqualTo("/signed-out");
    WebClient.Page out = browser.get("/signed-out");
    assertThat(out.one(".alert-ok").text()).contains("deleted");
    assertThat(out.doc().select("form[action=/logout]")).isEmpty();
    assertThat(signedIn(browser)).isFalse();
    assertThat(signedIn(other)).isFalse();
    assertThat(server.auth().user(user.id())).isEmpty();
    assertThat(server.auth().login(user.username(), PASSWORD, ClientInfo.unknown()))
        .isInstanceOf(LoginResult.InvalidCredentials.class);
  }
}
