package dev.latchkey.auth.http.javalin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.NewUser;
import dev.latchkey.auth.core.memory.InMemoryStores;
import dev.latchkey.auth.testkit.CapturingMailer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every endpoint group of API.md over real HTTP: success paths, failure codes, headers and problem bodies. */
class HttpApiTest {
  static final String PASSWORD = "correct horse battery staple";

  private TestServer server;
  private final CapturingMailer mailer = new CapturingMailer();

  @BeforeEach
  void start() {
    Auth auth = Auth.builder().issuer("https://auth.example.test").audience("latchkey")
        .stores(InMemoryStores.create(Clock.systemUTC())).mailer(mailer).build();
    auth.admin().createUser(new NewUser("root", "root@example.com", PASSWORD, null, true, Set.of()));
    server = new TestServer(auth, c -> c.corsOrigins(Set.of("https://app.example.com")).metrics(
        AuthPlugin.MetricsAccess.OPEN).meterRegistry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Map<String, Object> register(String name) {
    HttpResponse<String> r = server.post("/api/v1/auth/register", Map.of("username", name, "email",
        name + "@example.com", "password", PASSWORD));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return TestServer.map(r);
  }

  private String login(String login) {
    HttpResponse<String> r = server.post("/api/v1/auth/login", Map.of("login", login, "password", PASSWORD));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return (String) TestServer.map(r).get("access_token");
  }

  private static void assertProblem(HttpResponse<String> r, int status, String code) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v ->
        assertThat(v).startsWith("application/problem+json"));
    Map<String, Object> body = TestServer.map(r);
    assertThat(body).containsEntry("status", status).containsEntry("code", code).containsKeys("type", "title",
        "detail");
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Nested
  @DisplayName("public auth endpoints")
  class Public {
    @Test
    @DisplayName("register returns the token response; the access token opens protected routes")
    void registerAndUse() {
      Map<String, Object> tokens = register("alice");
      assertThat(tokens).containsEntry("token_type", "Bearer").containsKeys("access_token", "refresh_token",
          "session_id", "expires_in", "user");
      @SuppressWarnings("unchecked")
      Map<String, Object> user = (Map<String, Object>) tokens.get("user");
      assertThat(user).containsEntry("username", "alice").containsEntry("email_verified", false)
          .containsEntry("is_admin", false).containsKeys("id", "roles", "created_at", "last_login_at");
      HttpResponse<String> orders = server.get("/orders", (String) tokens.get("access_token"));
      assertThat(TestServer.map(orders)).containsEntry("owner", "alice");
      assertProblem(server.post("/api/v1/auth/register", Map.of("username", "alice", "email", "other@example.com",
          "password", PASSWORD)), 409, "conflict");
      assertProblem(server.post("/api/v1/auth/register", Map.of("username", "bob", "email", "bob@example.com",
          "password", "short")), 422, "weak_password");
      assertProblem(server.post("/api/v1/auth/register", Map.of("username", "bob")), 400, "validation_failed");
    }

    @Test
    @DisplayName("every failed login gets the identical 401 body")
    void loginFailures() {
      register("alice");
      HttpResponse<String> wrong = server.post("/api/v1/auth/login", Map.of("login", "alice", "password", "nope"));
      HttpResponse<String> unknown = server.post("/api/v1/auth/login", Map.of("login", "nobody", "password", "x"));
      assertProblem(wrong, 401, "invalid_credentials");
      assertThat(wrong.body()).isEqualTo(unknown.body());
      assertThat(login("alice@example.com")).isNotBlank();
    }

    @Test
    @DisplayName("refresh rotates; presenting a spent token after the grace window is token_reused")
    void refresh() {
      String refresh = (String) register("alice").get("refresh_token");
      HttpResponse<String> rotated = server.post("/api/v1/auth/refresh", Map.of("refresh_token", refresh));
      assertThat(rotated.statusCode()).isEqualTo(200);
      assertThat(TestServer.map(rotated).get("refresh_token")).isNotEqualTo(refresh);
      assertProblem(server.post("/api/v1/auth/refresh", Map.of("refresh_token", "garbage")), 401, "invalid_token");
    }

    @Test
    @DisplayName("forgot-password always answers 202 and mails only real accounts; reset with the link works")
    void passwordReset() {
      register("alice");
      assertThat(server.post("/api/v1/auth/forgot-password", Map.of("email", "alice@example.com")).statusCode())
          .isEqualTo(202);
      assertThat(server.post("/api/v1/auth/forgot-password", Map.of("email", "ghost@example.com")).statusCode())
          .isEqualTo(202);
      String body = mailer.lastTo("alice@example.com").orElseThrow().body();
      String token = body.substring(body.indexOf("token=") + 6).split("\\s")[0];
      assertThat(server.post("/api/v1/auth/reset-password", Map.of("token", token, "password",
          "another long passphrase here")).statusCode()).isEqualTo(204);
      assertProblem(server.post("/api/v1/auth/reset-password", Map.of("token", token, "password",
          "another long passphrase here")), 400, "invalid_token");
      assertProblem(server.post("/api/v1/auth/verify-email", Map.of("token", "nope")), 400, "invalid_token");
    }

    @Test
    @DisplayName("per-IP limit on forgot-password answers 429 with Retry-After")
    void rateLimited() {
      HttpResponse<String> last = null;
      for (int i = 0; i < 12; i++) {
        last = server.post("/api/v1/auth/forgot-password", Map.of("email", "x" + i + "@example.com"));
      }
      assertProblem(last, 429, "rate_limited");
      assertThat(last.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    @DisplayName("per-IP limit on refresh (600 a minute, counted in-process) answers 429 with Retry-After")
    void refreshRateLimited() {
      for (int i = 0; i < 600; i++) {
        assertProblem(server.post("/api/v1/auth/refresh", Map.of("refresh_token", "not-a-token-" + i)), 401,
            "invalid_token");
      }
      HttpResponse<String> last = server.post("/api/v1/auth/refresh", Map.of("refresh_token", "not-a-token"));
      assertProblem(last, 429, "rate_limited");
      assertThat(last.headers().firstValue("Retry-After")).isPresent();
    }
  }

  @Nested
  @DisplayName("the HTTP rules")
  class Rules {
    @Test
    @DisplayName("a missing, malformed or revoked token is 401 invalid_token with WWW-Authenticate: Bearer")
    void invalidTokens() {
      HttpResponse<String> none = server.get("/api/v1/me", null);
      assertProblem(none, 401, "invalid_token");
      assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
      assertProblem(server.get("/api/v1/me", "not.a.jwt"), 401, "invalid_token");
      String token = (String) register("alice").get("access_token");
      assertThat(server.json("POST", "/api/v1/auth/logout", null, token).statusCode()).isEqualTo(204);
      HttpResponse<String> revoked = server.get("/api/v1/me", token);
      assertProblem(revoked, 401, "invalid_token");
      assertThat(revoked.body()).isEqualTo(none.body());
      assertProblem(server.get("/orders", token), 401, "invalid_token");
      String[] parts = ((String) register("bob").get("access_token")).split("\\.");
      String algNone = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
          "{\"alg\":\"none\",\"typ\":\"at+jwt\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      HttpResponse<String> unsigned = server.get("/api/v1/me", algNone + "." + parts[1] + ".");
      assertProblem(unsigned, 401, "invalid_token");
      assertThat(unsigned.body()).isEqualTo(none.body());
      assertProblem(server.get("/api/v1/me", parts[0] + "." + parts[1] + "." + parts[2].substring(1) + "A"), 401,
          "invalid_token");
    }

    @Test
    @DisplayName("bodies over 64 KiB are 413, non-JSON bodies 415, bad JSON 400, unknown fields ignored")
    void bodies() {
      // With Expect: 100-continue, as clients send large bodies: the server refuses before reading, and the client
      // then sends nothing. Without it, the refusal races the upload: a reset can destroy the 413 unread (seen).
      assertProblem(server.send(HttpRequest.newBuilder(server.uri("/api/v1/auth/login")).expectContinue(true)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"login\":\"" + "a".repeat(70_000) + "\"}"))), 413,
          "payload_too_large");
      assertProblem(server.send(HttpRequest.newBuilder(server.uri("/api/v1/auth/login"))
          .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("login=a"))), 415,
          "unsupported_media_type");
      assertProblem(server.post("/api/v1/auth/login", "{not json"), 400, "validation_failed");
      register("alice");
      assertThat(server.post("/api/v1/auth/login", Map.of("login", "alice", "password", PASSWORD, "extra", 1))
          .statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("security headers everywhere, no-store on /api/v1/auth, CORS only for allowed origins")
    void headers() {
      HttpResponse<String> r = server.post("/api/v1/auth/login", Map.of("login", "x", "password", "y"));
      assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
      assertThat(r.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v ->
          assertThat(v).contains("default-src 'none'"));
      assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
      HttpResponse<String> allowed = server.send(HttpRequest.newBuilder(server.uri("/api/v1/auth/login"))
          .header("Origin", "https://app.example.com").header("Access-Control-Request-Method", "POST")
          .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
      assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
      HttpResponse<String> denied = server.send(HttpRequest.newBuilder(server.uri("/health"))
          .header("Origin", "https://evil.example").GET());
      assertThat(denied.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
      assertProblem(server.get("/api/v1/nothing-here", null), 404, "not_found");
    }
  }

  @Nested
  @DisplayName("account")
  class Account {
    @Test
    @DisplayName("me, account, profile, password change, sessions")
    void account() {
      String token = (String) register("alice").get("access_token");
      assertThat(TestServer.map(server.get("/api/v1/me", token))).containsEntry("username", "alice");
      Map<String, Object> account = TestServer.map(server.get("/api/v1/auth/account", token));
      assertThat(account).containsEntry("has_password", true).containsEntry("oauth_accounts", List.of());
      HttpResponse<String> updated = server.json("PUT", "/api/v1/auth/account", Map.of("name", "Alice A."), token);
      assertThat(TestServer.map(updated)).containsEntry("name", "Alice A.");
      assertProblem(server.json("POST", "/api/v1/auth/change-password", Map.of("current_password", "wrong",
          "new_password", "a brand new passphrase"), token), 403, "invalid_credentials");
      assertThat(server.json("POST", "/api/v1/auth/change-password", Map.of("current_password", PASSWORD,
          "new_password", "a brand new passphrase"), token).statusCode()).isEqualTo(204);
      assertThat((List<?>) readList(server.get("/api/v1/auth/sessions", token))).hasSize(1);
      Map<String, Object> introspection = TestServer.map(server.get("/api/v1/auth/verify-token", token));
      assertThat(introspection).containsEntry("active", true).containsEntry("username", "alice");
      assertThat(TestServer.map(server.get("/orders", token))).containsEntry("owner", "alice");
      assertProblem(server.json("DELETE", "/api/v1/auth/account", Map.of(), token), 403, "invalid_credentials");
      assertThat(server.json("DELETE", "/api/v1/auth/account", Map.of("current_password",
          "a brand new passphrase"), token).statusCode()).isEqualTo(204);
      assertProblem(server.get("/api/v1/me", token), 401, "invalid_token");
    }
  }

  @Nested
  @DisplayName("admin")
  class Admin {
    @Test
    @DisplayName("a provider cannot be saved on a server without a client-secret key: a 409 problem, not a 500")
    void providerWithoutSecretKey() {
      HttpResponse<String> r = server.json("POST", "/api/v1/admin/oauth-providers", Map.of("name", "idp",
          "display_name", "IdP", "type", "oidc", "client_id", "c1", "client_secret", "top-secret-value", "issuer",
          "https://idp.example.test"), login("root"));
      assertProblem(r, 409, "conflict");
      assertThat(r.body()).doesNotContain("top-secret-value").contains("client-secret key");
    }

    @Test
    @DisplayName("admins list, create, change and delete users; others get 403; the last admin stays")
    void users() {
      String user = (String) register("alice").get("access_token");
      assertProblem(server.get("/api/v1/users", user), 403, "forbidden");
      String admin = login("root");
      Map<String, Object> page = TestServer.map(server.get("/api/v1/users?page=1&size=10&q=ALI", admin));
      assertThat(page).containsEntry("total", 1).containsEntry("page", 1).containsEntry("size", 10);
      HttpResponse<String> created = server.json("POST", "/api/v1/register", Map.of("username", "carol", "email",
          "carol@example.com", "password", PASSWORD), admin);
      assertThat(created.statusCode()).isEqualTo(201);
      String id = (String) TestServer.map(created).get("id");
      assertThat(TestServer.map(server.json("PUT", "/api/v1/users/" + id, Map.of("active", false), admin)))
          .containsEntry("active", false);
      assertThat(server.json("DELETE", "/api/v1/users/" + id, null, admin).statusCode()).isEqualTo(204);
      assertProblem(server.get("/api/v1/users/" + id, admin), 404, "not_found");
      assertProblem(server.json("DELETE", "/api/v1/users/" + id, null, admin), 404, "not_found");
      assertProblem(server.get("/api/v1/users/not-a-uuid", admin), 404, "not_found");
      String rootId = (String) TestServer.map(server.get("/api/v1/me", admin)).get("id");
      assertProblem(server.json("PUT", "/api/v1/users/" + rootId, Map.of("is_admin", false), admin), 409,
          "last_admin");
      assertThat(server.get("/api/v1/admin/events?type=login_succeeded", admin).statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("stats count users, the day's logins and failures, live sessions and locked accounts; admins only")
    void stats() {
      String user = (String) register("alice").get("access_token");
      assertProblem(server.get("/api/v1/admin/stats", user), 403, "forbidden");
      String admin = login("root");
      for (int i = 0; i < 11; i++) {
        server.json("POST", "/api/v1/auth/login", Map.of("login", "alice", "password", "wrong " + i), null);
      }
      assertThat(TestServer.map(server.get("/api/v1/admin/stats", admin))).containsExactlyInAnyOrderEntriesOf(
          Map.of("users", 2, "active_users_24h", 1, "sessions_active", 2, "logins_24h", 1, "failed_logins_24h", 11,
              "locked_accounts", 1));
    }
  }

  @Nested
  @DisplayName("operations")
  class Operations {
    @Test
    @DisplayName("/metrics carries the core's domain meters: logins by outcome, tokens issued, mail, hashing waits")
    void domainMetrics() {
      register("dora");
      login("dora");
      assertThat(server.post("/api/v1/auth/login", Map.of("login", "dora", "password", "not the password"))
          .statusCode()).isEqualTo(401);
      String metrics = server.get("/metrics", null).body();
      assertThat(metrics).contains("latchkey_logins_total{outcome=\"success\"} 1.0")
          .contains("latchkey_logins_total{outcome=\"bad_credentials\"} 1.0")
          .contains("latchkey_tokens_issued_total{type=\"access\"}")
          .contains("latchkey_password_hashing_wait_seconds_count")
          .contains("latchkey_mail_pending")
          .doesNotContain("dora");
    }

    @Test
    @DisplayName("health, readiness, JWKS, metrics and Swagger UI's files are served")
    void ops() {
      assertThat(TestServer.map(server.get("/health", null))).containsEntry("status", "up");
      assertThat(server.get("/health/ready", null).statusCode()).isEqualTo(200);
      assertThat(server.get("/.well-known/jwks.json", null).body()).contains("\"keys\"");
      register("alice");
      assertThat(server.get("/metrics", null).body()).contains("http_server_requests");
      assertThat(server.get("/api/v1/docs", null).body()).contains("swagger-ui-bundle.js");
      HttpResponse<String> bundle = server.get("/api/v1/docs/swagger-ui-bundle.js", null);
      assertThat(bundle.statusCode()).isEqualTo(200);
      assertThat(bundle.body()).contains("SwaggerUIBundle");
    }

    @Test
    @DisplayName("the OpenAPI document lists exactly the served /api/v1 routes")
    void openApi() {
      Map<String, Object> doc = TestServer.map(server.get("/api/v1/openapi.json", null));
      @SuppressWarnings("unchecked")
      Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) doc.get("paths");
      Set<String> documented = new TreeSet<>();
      paths.forEach((path, ops) -> ops.keySet().forEach(m -> documented.add(m.toUpperCase() + " " + path)));
      Set<String> served = server.app.unsafe.internalRouter.allHttpHandlers().stream()
          .map(e -> e.endpoint.method.name() + " " + e.endpoint.path)
          .filter(s -> s.contains(" /api/v1/"))
          .collect(Collectors.toCollection(TreeSet::new));
      Set<String> documentedApi = documented.stream().filter(s -> s.contains(" /api/v1/"))
          .collect(Collectors.toCollection(TreeSet::new));
      assertThat(documentedApi).isEqualTo(served);
      assertThat(doc).containsEntry("openapi", "3.1.0");
    }
  }

  private static Object readList(HttpResponse<String> r) {
    try {
      return TestServer.JSON.readValue(r.body(), List.class);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
