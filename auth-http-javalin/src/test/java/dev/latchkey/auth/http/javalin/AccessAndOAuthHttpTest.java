package dev.latchkey.auth.http.javalin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.NewUser;
import dev.latchkey.auth.core.memory.InMemoryStores;
import dev.latchkey.auth.core.oauth.AuthorizationRequest;
import dev.latchkey.auth.core.oauth.ClientSecretCipher;
import dev.latchkey.auth.core.oauth.CodeExchange;
import dev.latchkey.auth.core.oauth.ExchangeResult;
import dev.latchkey.auth.core.oauth.ExternalIdentity;
import dev.latchkey.auth.core.oauth.OAuthClient;
import dev.latchkey.auth.core.oauth.OAuthPolicy;
import dev.latchkey.auth.core.oauth.OAuthProvider;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Roles, services, API keys, the client-credentials grant, provider administration and OAuth login over HTTP. */
class AccessAndOAuthHttpTest {
  private static final String PASSWORD = HttpApiTest.PASSWORD;
  private static final URI APP = URI.create("https://app.example.test/done");
  /** The app's PKCE verifier and its S256 challenge, for logins that return to the app. */
  private static final String VERIFIER = "the-apps-verifier-0123456789-0123456789-01234";
  private static final String CHALLENGE = Base64.getUrlEncoder().withoutPadding().encodeToString(
      dev.latchkey.auth.core.token.TokenHash.of(VERIFIER).bytes());

  /** A provider that accepts every code as the same person. */
  static final class FakeProvider implements OAuthClient {
    @Override
    public URI authorizationUrl(OAuthProvider provider, AuthorizationRequest request) {
      return URI.create("https://idp.example.test/authorize?state=" + request.state());
    }

    @Override
    public ExchangeResult exchange(OAuthProvider provider, CodeExchange exchange) {
      return new ExchangeResult.Identity(new ExternalIdentity("https://idp.example.test", "sub-9",
          "dana@idp.example", true, "Dana"));
    }
  }

  private TestServer server;
  private String admin;

  @BeforeEach
  void start() {
    Auth auth = Auth.builder().issuer("https://auth.example.test").audience("latchkey")
        .stores(InMemoryStores.create(Clock.systemUTC())).oauthClient(new FakeProvider())
        .oauthSecretKey(ClientSecretCipher.of(new byte[32]))
        .oauthPolicy(OAuthPolicy.defaults("https://auth.example.test/api/v1/auth/oauth/{provider}/callback")
            .withAllowedRedirects(Set.of(APP)))
        .build();
    auth.admin().createUser(new NewUser("root", "root@example.com", PASSWORD, null, true, Set.of()));
    server = new TestServer(auth, c -> { });
    admin = (String) TestServer.map(server.post("/api/v1/auth/login", Map.of("login", "root", "password",
        PASSWORD))).get("access_token");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  @DisplayName("roles, services and API keys; a key works as Bearer and in the client-credentials grant")
  void accessControl() {
    HttpResponse<String> svc = server.json("POST", "/api/v1/admin/services", Map.of("name", "billing"), admin);
    assertThat(svc.statusCode()).isEqualTo(201);
    String serviceId = (String) TestServer.map(svc).get("id");
    assertThat(server.json("POST", "/api/v1/admin/roles", Map.of("name", "reader", "permissions",
        List.of("invoices:read")), admin).statusCode()).isEqualTo(201);
    HttpResponse<String> key = server.json("POST", "/api/v1/admin/api-keys", Map.of("name", "batch", "roles",
        List.of("reader")), admin);
    assertThat(key.statusCode()).as(key.body()).isEqualTo(201);
    Map<String, Object> created = TestServer.map(key);
    String secret = (String) created.get("secret");
    assertThat(secret).startsWith("lk_");
    assertThat(server.get("/api/v1/admin/api-keys", admin).body()).doesNotContain(secret);
    assertThat(TestServer.map(server.get("/orders", secret))).containsEntry("owner", "batch");

    String basic = Base64.getEncoder().encodeToString((created.get("id") + ":" + secret)
        .getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> token = server.send(HttpRequest.newBuilder(server.uri("/api/v1/auth/token"))
        .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", "Basic " + basic)
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
    assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
    String access = (String) TestServer.map(token).get("access_token");
    assertThat(server.get("/orders", access).statusCode()).isEqualTo(200);
    HttpResponse<String> bad = server.send(HttpRequest.newBuilder(server.uri("/api/v1/auth/token"))
        .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", "Basic "
            + Base64.getEncoder().encodeToString((created.get("id") + ":lk_wrong").getBytes(StandardCharsets.UTF_8)))
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
    assertThat(bad.statusCode()).isEqualTo(401);
    assertThat(TestServer.map(bad)).containsEntry("error", "invalid_client");

    String userId = (String) TestServer.map(server.get("/api/v1/me", admin)).get("id");
    assertThat(server.json("PUT", "/api/v1/users/" + userId + "/roles/reader", null, admin).statusCode())
        .isEqualTo(204);
    assertThat(server.get("/api/v1/me", admin).statusCode()).as("a role change revokes earlier tokens")
        .isEqualTo(401);
    admin = (String) TestServer.map(server.post("/api/v1/auth/login", Map.of("login", "root", "password",
        PASSWORD))).get("access_token");
    assertThat(server.get("/api/v1/users/" + userId + "/roles", admin).body()).contains("reader");
    assertThat(server.json("DELETE", "/api/v1/admin/api-keys/" + created.get("id"), null, admin).statusCode())
        .isEqualTo(204);
    assertThat(server.get("/orders", secret).statusCode()).isEqualTo(401);
    assertThat(server.json("DELETE", "/api/v1/admin/services/" + serviceId, null, admin).statusCode())
        .isEqualTo(204);
  }

  @Test
  @DisplayName("providers are configured with write-only secrets; login redirects, binds a cookie, returns tokens")
  void oauth() {
    HttpResponse<String> created = server.json("POST", "/api/v1/admin/oauth-providers", Map.of("name", "idp",
        "display_name", "IdP", "type", "oidc", "client_id", "c1", "client_secret", "top-secret-value", "issuer",
        "https://idp.example.test"), admin);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(created.body()).doesNotContain("top-secret-value");
    assertThat(server.json("PUT", "/api/v1/admin/oauth-providers/nope", Map.of("type", "oidc", "client_id", "c",
        "issuer", "https://idp.example.test"), admin).statusCode()).isEqualTo(404);
    assertThat(server.get("/api/v1/admin/oauth-providers", admin).body()).doesNotContain("top-secret-value")
        .doesNotContain("v1.");
    assertThat(server.get("/api/v1/auth/oauth/providers", null).body()).contains("\"name\":\"idp\"")
        .contains("\"display_name\":\"IdP\"");

    HttpResponse<String> authorize = server.get("/api/v1/auth/oauth/idp/authorize", null);
    assertThat(authorize.statusCode()).isEqualTo(302);
    String location = authorize.headers().firstValue("Location").orElseThrow();
    String cookie = authorize.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).startsWith(OAuthRoutes.BINDING_COOKIE + "=").contains("HttpOnly").contains("Secure");
    String state = location.substring(location.indexOf("state=") + 6);
    String binding = cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'));

    HttpResponse<String> noCookie = server.get("/api/v1/auth/oauth/idp/callback?code=c&state=" + state, null);
    assertThat(noCookie.statusCode()).isEqualTo(401);

    server.get("/api/v1/auth/oauth/idp/authorize", null);
    HttpResponse<String> again = server.get("/api/v1/auth/oauth/idp/authorize", null);
    String location2 = again.headers().firstValue("Location").orElseThrow();
    String cookie2 = again.headers().firstValue("Set-Cookie").orElseThrow();
    HttpResponse<String> done = server.send(HttpRequest.newBuilder(server.uri(
        "/api/v1/auth/oauth/idp/callback?code=c&state=" + location2.substring(location2.indexOf("state=") + 6)))
        .header("Cookie", cookie2.substring(0, cookie2.indexOf(';'))).GET());
    assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
    assertThat(TestServer.map(done)).containsKeys("access_token", "refresh_token");

    String appRedirect = "/api/v1/auth/oauth/idp/authorize?redirect_uri="
        + URLEncoder.encode(APP.toString(), StandardCharsets.UTF_8);
    HttpResponse<String> noChallenge = server.get(appRedirect, null);
    assertThat(noChallenge.statusCode()).isEqualTo(400);
    assertThat(noChallenge.body()).contains("validation_failed").contains("code_challenge");
    assertThat(server.get(appRedirect + "&code_challenge=" + CHALLENGE + "&code_challenge_method=plain", null)
        .statusCode()).isEqualTo(400);
    String code = loginCode(appRedirect + "&code_challenge=" + CHALLENGE + "&code_challenge_method=S256");
    assertThat(server.post("/api/v1/auth/oauth/exchange", Map.of("login_code", code)).statusCode())
        .as("no verifier").isEqualTo(400);
    HttpResponse<String> exchanged = server.post("/api/v1/auth/oauth/exchange", Map.of("login_code", code,
        "code_verifier", VERIFIER));
    assertThat(exchanged.statusCode()).isEqualTo(200);
    assertThat(server.post("/api/v1/auth/oauth/exchange", Map.of("login_code", code, "code_verifier", VERIFIER))
        .statusCode()).isEqualTo(401);
    // Login CSRF: a code the attacker obtained (with their own challenge) and planted in the victim's app fails there,
    // and is burnt.
    String planted = loginCode(appRedirect + "&code_challenge=" + CHALLENGE.replace(CHALLENGE.charAt(0),
        CHALLENGE.charAt(0) == 'A' ? 'B' : 'A'));
    assertThat(server.post("/api/v1/auth/oauth/exchange", Map.of("login_code", planted, "code_verifier", VERIFIER))
        .statusCode()).isEqualTo(401);
    assertThat(server.get("/api/v1/auth/oauth/idp/authorize?redirect_uri=https://evil.example/", null)
        .statusCode()).isEqualTo(400);

    assertThat(server.json("DELETE", "/api/v1/admin/oauth-providers/idp", null, admin).statusCode())
        .isEqualTo(409);
    assertThat(server.json("DELETE", "/api/v1/admin/oauth-providers/idp?force=true", null, admin).statusCode())
        .isEqualTo(204);
    assertThat(binding).isNotBlank();
  }

  private String loginCode(String authorizePath) {
    HttpResponse<String> toApp = server.get(authorizePath, null);
    assertThat(toApp.statusCode()).as(toApp.body()).isEqualTo(302);
    String loc = toApp.headers().firstValue("Location").orElseThrow();
    String c3 = toApp.headers().firstValue("Set-Cookie").orElseThrow();
    HttpResponse<String> redirected = server.send(HttpRequest.newBuilder(server.uri(
        "/api/v1/auth/oauth/idp/callback?code=c&state=" + loc.substring(loc.indexOf("state=") + 6)))
        .header("Cookie", c3.substring(0, c3.indexOf(';'))).GET());
    assertThat(redirected.statusCode()).isEqualTo(302);
    String back = redirected.headers().firstValue("Location").orElseThrow();
    assertThat(back).startsWith(APP + "?login_code=");
    return back.substring(back.indexOf("login_code=") + 11);
  }

  @Test
  @DisplayName("SSRF: a provider issuer on a loopback, link-local or private address is refused unless marked local")
  void privateIssuers() {
    for (String issuer : List.of("http://127.0.0.1:8080", "https://169.254.169.254/", "https://10.0.0.5/",
        "https://[::1]/", "https://localhost/")) {
      Map<String, Object> body = new java.util.HashMap<>(Map.of("name", "ssrf", "type", "oidc", "client_id", "c",
          "client_secret", "s", "issuer", issuer));
      HttpResponse<String> refused = server.json("POST", "/api/v1/admin/oauth-providers", body, admin);
      assertThat(refused.statusCode()).as(issuer).isEqualTo(400);
      assertThat(refused.body()).contains("validation_failed").contains("issuer");
      body.put("local", true);
      HttpResponse<String> local = server.json("POST", "/api/v1/admin/oauth-providers", body, admin);
      assertThat(local.statusCode()).as(local.body()).isEqualTo(201);
      assertThat(TestServer.map(local)).containsEntry("local", true).containsEntry("trust_email_verified", false);
      assertThat(server.json("DELETE", "/api/v1/admin/oauth-providers/ssrf", null, admin).statusCode())
          .isEqualTo(204);
    }
    HttpResponse<String> trusted = server.json("POST", "/api/v1/admin/oauth-providers", Map.of("name", "gh",
        "type", "github", "client_id", "c", "client_secret", "s"), admin);
    assertThat(TestServer.map(trusted)).containsEntry("trust_email_verified", true).containsEntry("local", false);
    HttpResponse<String> distrusted = server.json("PUT", "/api/v1/admin/oauth-providers/gh", Map.of("type",
        "github", "client_id", "c", "trust_email_verified", false), admin);
    assertThat(TestServer.map(distrusted)).containsEntry("trust_email_verified", false);
  }
}
