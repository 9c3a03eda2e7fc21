package dev.latchkey.demo.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.NewUser;
import dev.latchkey.auth.core.oauth.OAuthAccount;
import dev.latchkey.auth.core.user.User;
import dev.latchkey.auth.core.user.UserId;
import dev.latchkey.demo.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signing in and linking with a provider through the pages, end to end against the demo OpenID provider
 * ({@code LATCHKEY_DEMO_IDP=true}, NAV's mock-oauth2-server in the server's process) whose interactive login form the
 * test fills in as a person would.
 */
class OAuthPagesTest {
  private static final String PASSWORD = "quiet-harbour-lantern-47";
  private static final HttpClient IDP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  @TempDir static Path data;
  static TestServer server;

  @BeforeAll
  static void start() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    server = TestServer.start(data, Map.of("PORT", Integer.toString(port), "LATCHKEY_BASE_URL",
        "http://localhost:" + port, "LATCHKEY_DEMO_IDP", "true", "LATCHKEY_DEMO_IDP_PORT", "0"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** What the demo provider's login form sends: a subject and optional claims (JSON). */
  static String idpLogin(String authorizationUrl, String subject, String claims) {
    try {
      HttpResponse<String> form = IDP.send(HttpRequest.newBuilder(URI.create(authorizationUrl)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(form.statusCode()).isEqualTo(200);
      Document doc = Jsoup.parse(form.body());
      assertThat(doc.select("form input[name=username]")).hasSize(1);
      String body = "username=" + URLEncoder.encode(subject, StandardCharsets.UTF_8) + "&claims="
          + URLEncoder.encode(claims, StandardCharsets.UTF_8);
      HttpResponse<String> done = IDP.send(HttpRequest.newBuilder(URI.create(authorizationUrl))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(done.statusCode()).as(done.body()).isEqualTo(302);
      return done.headers().firstValue("Location").orElseThrow();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Presses a provider button (login page) and answers the provider's form; the page the browser lands on. */
  private static WebClient.Page loginWithDemo(WebClient browser, String subject, String claims) {
    WebClient.Page login = browser.get("/login");
    WebClient.Page go = browser.submit(login, "form[action=/oauth/demo/start]", Map.of());
    String callback = idpLogin(go.one("a#continue").attr("href"), subject, claims);
    assertThat(callback).startsWith(server.url() + "/api/v1/auth/oauth/demo/callback?");
    return browser.get(callback);
  }

  private static WebClient signedIn(String username) {
    WebClient browser = new WebClient(server.port());
    WebClient.Page done = browser.submit(browser.get("/login"), "form[action=/login]", Map.of("identifier",
        username, "password", PASSWORD));
    assertThat(done.status()).isEqualTo(303);
    return browser;
  }

  private static boolean isSignedIn(WebClient browser) {
    return !browser.get("/").doc().select("form[action=/logout]").isEmpty();
  }

  private static String signedInName(WebClient browser) {
    return browser.get("/").one("form[action=/logout] button").text();
  }

  private static User user(String username) {
    return server.auth().admin().listUsers(new dev.latchkey.auth.core.user.UserQuery(username, 1, 10)).items()
        .stream().filter(u -> u.username().equals(username)).findFirst().orElseThrow();
  }

  @Test
  @DisplayName("the login page offers the demo provider, labelled as such, as a POST form with a CSRF token")
  void button() {
    WebClient.Page login = new WebClient(server.port()).get("/login");
    assertThat(login.one("form[action=/oauth/demo/start] button").text()).contains("Demo provider");
    assertThat(login.one("form[action=/oauth/demo/start] .badge").text()).isEqualTo("Demo provider");
    assertThat(login.one("form[action=/oauth/demo/start] input[name=_csrf]").attr("value")).isNotEmpty();
  }

  @Test
  @DisplayName("start answers a page that continues to the provider (no cross-origin redirect after a form POST)")
  void startPage() {
    WebClient browser = new WebClient(server.port());
    WebClient.Page go = browser.submit(browser.get("/login"), "form[action=/oauth/demo/start]", Map.of());
    assertThat(go.status()).isEqualTo(200);
    String url = go.one("a#continue").attr("href");
    assertThat(url).contains("/demo/authorize?").contains("code_challenge_method=S256").contains("state=");
    assertThat(go.header("refresh")).isEqualTo("0; url=" + url);
    assertThat(go.header("content-security-policy")).contains("form-action 'self'");
    assertThat(go.header("set-cookie")).contains("latchkey-oauth-flow=").contains("HttpOnly")
        .contains("SameSite=Lax");
    // The app's PKCE verifier stays on the server: the redirect_uri is the landing, nothing else travels.
    assertThat(url).contains(URLEncoder.encode(server.url() + "/api/v1/auth/oauth/demo/callback",
        StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("OAuth login: provider form → API callback → landing exchanges the code → signed in, at next")
  void login() {
    WebClient browser = new WebClient(server.port());
    WebClient.Page back = loginWithDemo(browser, "alice-sub", "{\"name\": \"Alice Demo\"}");
    assertThat(back.status()).isEqualTo(303);
    assertThat(back.location()).startsWith(server.url() + "/oauth/landing?login_code=");
    WebClient.Page landed = browser.get(back.location());
    assertThat(landed.status()).isEqualTo(303);
    assertThat(landed.location()).isEqualTo("/dashboard");
    assertThat(landed.header("set-cookie")).contains("latchkey=");
    assertThat(isSignedIn(browser)).isTrue();
    String name = signedInName(browser);

    // The same identity again is the same account.
    WebClient again = new WebClient(server.port());
    WebClient.Page second = again.get(loginWithDemo(again, "alice-sub", "{}").location());
    assertThat(second.location()).isEqualTo("/dashboard");
    assertThat(signedInName(again)).isEqualTo(name);
  }

  @Test
  @DisplayName("signed in, a fresh provider login (re-authentication, next=/account/delete) replaces the session")
  void reauthenticate() {
    WebClient browser = new WebClient(server.port());
    browser.get(loginWithDemo(browser, "gwen-sub", "{\"name\": \"Gwen\"}").location());
    String name = signedInName(browser);
    String firstCookie = browser.cookie("latchkey");
    String csrf = browser.get("/").one("input[name=_csrf]").attr("value");
    WebClient.Page go = browser.post("/oauth/demo/start", Map.of("_csrf", csrf, "next", "/account/delete"),
        Map.of("Sec-Fetch-Site", "same-origin"));
    assertThat(go.status()).isEqualTo(200);
    WebClient.Page back = browser.get(idpLogin(go.one("a#continue").attr("href"), "gwen-sub", "{}"));
    WebClient.Page landed = browser.get(back.location());
    assertThat(landed.location()).isEqualTo("/account/delete");
    assertThat(browser.cookie("latchkey")).isNotEqualTo(firstCookie);
    assertThat(signedInName(browser)).isEqualTo(name);
    UserId id = user(name.replaceAll(".*\\((.*)\\).*", "$1")).id();
    assertThat(server.auth().sessions(id)).as("the earlier session ended").hasSize(1);
  }

  @Test
  @DisplayName("attack: a landing URL opened in another browser signs nobody in and does not burn the owner's code")
  void landingBoundToBrowser() {
    WebClient victim = new WebClient(server.port());
    String landing = loginWithDemo(victim, "carol-sub", "{}").location();
    WebClient attacker = new WebClient(server.port());
    WebClient.Page stolen = attacker.get(landing);
    assertThat(stolen.status()).isEqualTo(400);
    assertThat(stolen.heading()).isEqualTo("This sign-in has ended");
    assertThat(isSignedIn(attacker)).isFalse();
    assertThat(victim.get(landing).location()).isEqualTo("/dashboard");
    assertThat(isSignedIn(victim)).isTrue();
    // Replaying the landing (back button) is a friendly page too.
    assertThat(victim.get(landing).heading()).isEqualTo("This sign-in has ended");
  }

  @Test
  @DisplayName("refusal: an identity whose email is an existing account's is not joined; the landing says what to do")
  void linkNotAllowed() {
    server.auth().admin().createUser(new NewUser("dora", "dora@example.org", PASSWORD, null, false, Set.of()));
    WebClient browser = new WebClient(server.port());
    WebClient.Page back = loginWithDemo(browser, "dora-elsewhere",
        "{\"email\": \"dora@example.org\", \"email_verified\": true}");
    assertThat(back.status()).isEqualTo(303);
    assertThat(back.location()).isEqualTo("/oauth/landing");
    WebClient.Page landing = browser.get("/oauth/landing");
    assertThat(landing.status()).isEqualTo(409);
    assertThat(landing.header("content-type")).startsWith("text/html");
    assertThat(landing.heading()).isEqualTo("Sign in with your password first");
    assertThat(landing.one(".alert-error").text()).contains("Linked accounts");
    assertThat(isSignedIn(browser)).isFalse();
    assertThat(server.auth().oauth().accounts(user("dora").id())).isEmpty();
  }

  @Test
  @DisplayName("refusal: the administrator's email is never linked automatically, even from a trusted provider")
  void adminNeverAutoLinked() {
    // A second provider on the same demo issuer that is trusted for email_verified.
    var demo = server.auth().admin().oauthProvider("demo").orElseThrow();
    server.auth().admin().createOAuthProvider(dev.latchkey.auth.core.oauth.ProviderSettings.oidc("trusted",
        "Trusted demo", demo.issuer(), "latchkey-trusted", "s3cret").withTrustEmailVerified(true).withLocal(true));
    try {
      WebClient browser = new WebClient(server.port());
      WebClient.Page go = browser.submit(browser.get("/login"), "form[action=/oauth/trusted/start]", Map.of());
      String callback = idpLogin(go.one("a#continue").attr("href"), "mallory-sub",
          "{\"email\": \"admin@localhost\", \"email_verified\": true}");
      WebClient.Page back = browser.get(callback);
      assertThat(back.location()).isEqualTo("/oauth/landing");
      WebClient.Page landing = browser.get("/oauth/landing");
      assertThat(landing.status()).isEqualTo(409);
      assertThat(landing.one(".alert-error").text()).contains("administrator");
      assertThat(isSignedIn(browser)).isFalse();
    } finally {
      server.auth().admin().deleteOAuthProvider("trusted", true);
    }
  }

  @Test
  @DisplayName("a cancelled login at the provider is a page saying nothing changed")
  void cancelled() {
    WebClient browser = new WebClient(server.port());
    WebClient.Page go = browser.submit(browser.get("/login"), "form[action=/oauth/demo/start]", Map.of());
    String authorize = go.one("a#continue").attr("href");
    String state = URI.create(authorize).getRawQuery().replaceAll(".*(?:^|&)state=([^&]*).*", "$1");
    WebClient.Page back = browser.get("/api/v1/auth/oauth/demo/callback?error=access_denied&state=" + state);
    assertThat(back.location()).isEqualTo("/oauth/landing");
    WebClient.Page landing = browser.get("/oauth/landing");
    assertThat(landing.heading()).isEqualTo("Sign-in cancelled");
    assertThat(landing.status()).isEqualTo(400);
  }

  @Test
  @DisplayName("linking: a signed-in user links the provider, comes back to linked accounts with a message")
  void linkAndRefusedLink() {
    server.auth().admin().createUser(new NewUser("erin", "erin@example.org", PASSWORD, null, false, Set.of()));
    server.auth().admin().createUser(new NewUser("frank", "frank@example.org", PASSWORD, null, false, Set.of()));
    WebClient erin = signedIn("erin");
    String csrf = erin.get("/").one("input[name=_csrf]").attr("value");
    WebClient.Page go = erin.post("/oauth/demo/link", Map.of("_csrf", csrf), Map.of("Sec-Fetch-Site",
        "same-origin"));
    assertThat(go.status()).isEqualTo(200);
    WebClient.Page back = erin.get(idpLogin(go.one("a#continue").attr("href"), "erin-at-demo", "{}"));
    assertThat(back.status()).isEqualTo(303);
    assertThat(back.location()).isEqualTo("/account/linked");
    assertThat(erin.get("/").one(".alert-ok").text()).contains("Demo provider is now linked");
    List<OAuthAccount> links = server.auth().oauth().accounts(user("erin").id());
    assertThat(links).singleElement().satisfies(a -> assertThat(a.subject()).isEqualTo("erin-at-demo"));
    assertThat(isSignedIn(erin)).isTrue();

    // Frank tries to link the identity Erin linked: refused, shown plainly, nothing changes.
    WebClient frank = signedIn("frank");
    String frankCsrf = frank.get("/").one("input[name=_csrf]").attr("value");
    WebClient.Page frankGo = frank.post("/oauth/demo/link", Map.of("_csrf", frankCsrf),
        Map.of("Sec-Fetch-Site", "same-origin"));
    WebClient.Page refused = frank.get(idpLogin(frankGo.one("a#continue").attr("href"), "erin-at-demo", "{}"));
    assertThat(refused.location()).isEqualTo("/account/linked");
    assertThat(frank.get("/").one(".alert-error").text()).contains("already linked to another account");
    assertThat(server.auth().oauth().accounts(user("frank").id())).isEmpty();
    UserId erinId = user("erin").id();
    assertThat(server.auth().oauth().accounts(erinId)).hasSize(1);

    // Erin can now sign in with the provider.
    WebClient viaDemo = new WebClient(server.port());
    viaDemo.get(loginWithDemo(viaDemo, "erin-at-demo", "{}").location());
    assertThat(signedInName(viaDemo)).contains("erin");
  }

  @Test
  @DisplayName("attack: linking needs a signed-in user and a CSRF token; starts need the token too")
  void linkNeedsSession() {
    WebClient anonymous = new WebClient(server.port());
    String csrf = anonymous.get("/login").one("input[name=_csrf]").attr("value");
    WebClient.Page link = anonymous.post("/oauth/demo/link", Map.of("_csrf", csrf), Map.of("Sec-Fetch-Site",
        "same-origin"));
    assertThat(link.status()).isEqualTo(303);
    assertThat(link.location()).startsWith("/login");
    assertThat(anonymous.post("/oauth/demo/start", Map.of(), Map.of()).status()).isEqualTo(403);
    assertThat(anonymous.post("/oauth/demo/start", Map.of("_csrf", csrf), Map.of("Sec-Fetch-Site",
        "cross-site")).status()).isEqualTo(403);
    WebClient.Page unknown = anonymous.post("/oauth/nope/start", Map.of("_csrf", csrf), Map.of(
        "Sec-Fetch-Site", "same-origin"));
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.header("content-type")).startsWith("text/html");
  }

  @Test
  @DisplayName("the landing without a flow is a friendly page; the API's own callback is untouched for API flows")
  void landingWithoutFlow() {
    WebClient browser = new WebClient(server.port());
    WebClient.Page page = browser.get("/oauth/landing?login_code=forged");
    assertThat(page.status()).isEqualTo(400);
    assertThat(page.heading()).isEqualTo("This sign-in has ended");
    WebClient.Page api = browser.get("/api/v1/auth/oauth/demo/callback?state=unknown&code=x");
    assertThat(api.status()).isEqualTo(401);
    assertThat(api.header("content-type")).startsWith("application/problem+json");
  }
}
