package dev.latchkey.auth.http.javalin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.ratelimit.RateLimit;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Real answers of the running plugin, each validated against the schema the served document gives for its operation
 * and status: so the document's types are proven by what the server sends, not only well-formed.
 */
class DocumentedResponsesTest {
  private DocumentedApi api;
  private TestServer server;

  @BeforeEach
  void start() {
    RateLimit oncePerHour = new RateLimit(1, Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1));
    api = new DocumentedApi(c -> c.limits(new RateLimit(20, Duration.ofMinutes(10), Duration.ofMinutes(10),
        Duration.ofHours(1)), oncePerHour, new RateLimit(600, Duration.ofMinutes(1), Duration.ofMinutes(1),
        Duration.ofMinutes(10))));
    server = api.server;
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private HttpResponse<String> post(String path, Object body, String token) {
    return server.json("POST", path, body, token);
  }

  @Test
  @DisplayName("the self-service flow: register, login, refresh, me, account, sessions, logout")
  void selfService() {
    Map<String, Object> tokens = TestServer.map(api.conforms(server.post("/api/v1/auth/register", Map.of("username",
        "alice", "email", "alice@example.com", "password", DocumentedApi.PASSWORD, "name", "Alice", "phone",
        "+15551234567")), "POST /api/v1/auth/register"));
    api.conforms(server.post("/api/v1/auth/login", Map.of("login", "alice", "password",
        DocumentedApi.PASSWORD)), "POST /api/v1/auth/login");
    Map<String, Object> refreshed = TestServer.map(api.conforms(server.post("/api/v1/auth/refresh",
        Map.of("refresh_token", tokens.get("refresh_token"))), "POST /api/v1/auth/refresh"));
    String token = (String) refreshed.get("access_token");
    api.conforms(server.get("/api/v1/me", token), "GET /api/v1/me");
    api.conforms(server.get("/api/v1/auth/verify-token", token), "GET /api/v1/auth/verify-token");
    api.conforms(server.get("/api/v1/auth/account", token), "GET /api/v1/auth/account");
    Map<String, Object> changed = TestServer.map(api.conforms(server.json("PUT", "/api/v1/auth/account",
        Map.of("name", "Alice B", "email", "alice.b@example.com", "current_password", DocumentedApi.PASSWORD),
        token), "PUT /api/v1/auth/account"));
    assertThat(changed).containsEntry("pending_email", "alice.b@example.com");
    assertThat(api.conforms(server.get("/api/v1/auth/sessions", token), "GET /api/v1/auth/sessions").body())
        .startsWith("[{");
    api.conforms(server.json("DELETE", "/api/v1/auth/sessions/" + UUID.randomUUID(), null, token),
        "DELETE /api/v1/auth/sessions/{id}");
    api.conforms(server.json("POST", "/api/v1/auth/forgot-password", Map.of("email", "alice@example.com"), null),
        "POST /api/v1/auth/forgot-password");
    HttpResponse<String> limited = api.conforms(server.json("POST", "/api/v1/auth/forgot-password",
        Map.of("email", "alice@example.com"), null), "POST /api/v1/auth/forgot-password");
    assertThat(limited.statusCode()).isEqualTo(429);
    api.conforms(post("/api/v1/auth/logout", Map.of(), token), "POST /api/v1/auth/logout");
  }

  @Test
  @DisplayName("problems: validation with errors, wrong credentials, conflict, missing token, forbidden, 404, 415")
  void problems() {
    HttpResponse<String> invalid = api.conforms(server.post("/api/v1/auth/register", Map.of("username", "bob")),
        "POST /api/v1/auth/register");
    assertThat(TestServer.map(invalid)).containsEntry("code", "validation_failed").containsKey("errors");
    HttpResponse<String> wrong = api.conforms(server.post("/api/v1/auth/login", Map.of("login", "root",
        "password", "wrong password entirely")), "POST /api/v1/auth/login");
    assertThat(wrong.statusCode()).isEqualTo(401);
    HttpResponse<String> taken = api.conforms(server.post("/api/v1/auth/register", Map.of("username", "root",
        "email", "root@example.com", "password", DocumentedApi.PASSWORD)), "POST /api/v1/auth/register");
    assertThat(taken.statusCode()).isEqualTo(409);
    assertThat(api.conforms(server.get("/api/v1/me", null), "GET /api/v1/me").statusCode()).isEqualTo(401);
    server.post("/api/v1/auth/register", Map.of("username", "carol", "email", "carol@example.com", "password",
        DocumentedApi.PASSWORD));
    String carol = api.login("carol");
    assertThat(api.conforms(server.get("/api/v1/users", carol), "GET /api/v1/users").statusCode()).isEqualTo(403);
    String root = api.login("root");
    assertThat(api.conforms(server.get("/api/v1/users/" + UUID.randomUUID(), root), "GET /api/v1/users/{id}")
        .statusCode()).isEqualTo(404);
    assertThat(api.conforms(server.get("/api/v1/users?page=0", root), "GET /api/v1/users").statusCode())
        .isEqualTo(400);
    HttpResponse<String> notJson = api.conforms(server.send(HttpRequest.newBuilder(server.uri("/api/v1/auth/login"))
        .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("login=root"))),
        "POST /api/v1/auth/login");
    assertThat(notJson.statusCode()).isEqualTo(415);
  }

  @Test
  @DisplayName("administration: users, roles, services, API keys and the client-credentials grant, providers")
  void administration() {
    String root = api.login("root");
    Map<String, Object> user = TestServer.map(api.conforms(post("/api/v1/register", Map.of("username", "dave",
        "email", "dave@example.com", "password", DocumentedApi.PASSWORD, "roles", List.of()), root),
        "POST /api/v1/register"));
    String id = (String) user.get("id");
    api.conforms(server.get("/api/v1/users?page=1&size=5&q=da", root), "GET /api/v1/users");
    api.conforms(server.get("/api/v1/users/" + id, root), "GET /api/v1/users/{id}");
    api.conforms(server.json("PUT", "/api/v1/users/" + id, Map.of("name", "Dave", "active", true), root),
        "PUT /api/v1/users/{id}");
    api.conforms(server.get("/api/v1/users/" + id + "/sessions", root), "GET /api/v1/users/{id}/sessions");
    api.conforms(server.get("/api/v1/users/" + id + "/oauth-accounts", root),
        "GET /api/v1/users/{id}/oauth-accounts");
    Map<String, Object> service = TestServer.map(api.conforms(post("/api/v1/admin/services", Map.of("name",
        "billing", "description", "Invoices"), root), "POST /api/v1/admin/services"));
    api.conforms(server.json("PUT", "/api/v1/admin/services/" + service.get("id"), Map.of("name", "billing-2"),
        root), "PUT /api/v1/admin/services/{id}");
    api.conforms(post("/api/v1/admin/roles", Map.of("name", "reader", "permissions", List.of("posts:read")), root),
        "POST /api/v1/admin/roles");
    api.conforms(post("/api/v1/admin/roles", Map.of("name", "auditor", "service_id", service.get("id")), root),
        "POST /api/v1/admin/roles");
    api.conforms(server.json("PUT", "/api/v1/users/" + id + "/roles/reader", null, root),
        "PUT /api/v1/users/{id}/roles/{name}");
    api.conforms(server.get("/api/v1/users/" + id + "/roles", root), "GET /api/v1/users/{id}/roles");
    Map<String, Object> key = TestServer.map(api.conforms(post("/api/v1/admin/api-keys", Map.of("name", "ci",
        "roles", List.of("reader"), "expires_at", "2099-01-01T00:00:00Z"), root), "POST /api/v1/admin/api-keys"));
    String basic = Base64.getEncoder().encodeToString((key.get("id") + ":" + key.get("secret"))
        .getBytes(StandardCharsets.UTF_8));
    HttpRequest.Builder grant = HttpRequest.newBuilder(server.uri("/api/v1/auth/token"))
        .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", "Basic " + basic)
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"));
    assertThat(api.conforms(server.send(grant), "POST /api/v1/auth/token").statusCode()).isEqualTo(200);
    HttpRequest.Builder wrongGrant = HttpRequest.newBuilder(server.uri("/api/v1/auth/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=password"));
    assertThat(api.conforms(server.send(wrongGrant), "POST /api/v1/auth/token").statusCode()).isEqualTo(400);
    HttpRequest.Builder noClient = HttpRequest.newBuilder(server.uri("/api/v1/auth/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"));
    assertThat(api.conforms(server.send(noClient), "POST /api/v1/auth/token").statusCode()).isEqualTo(401);
    assertThat(api.conforms(server.get("/api/v1/auth/verify-token", (String) key.get("secret")),
        "GET /api/v1/auth/verify-token").statusCode()).isEqualTo(200);
    assertThat(api.conforms(server.get("/api/v1/me", (String) key.get("secret")), "GET /api/v1/me").statusCode())
        .as("an API key on a user-only route").isEqualTo(403);
    api.conforms(post("/api/v1/admin/oauth-providers", Map.of("name", "corp", "type", "oidc", "client_id", "app",
        "client_secret", "s3cret", "issuer", "https://idp.example.test", "scopes", List.of("openid", "email")),
        root), "POST /api/v1/admin/oauth-providers");
    api.conforms(server.json("PUT", "/api/v1/admin/oauth-providers/corp", Map.of("type", "oidc", "client_id",
        "app2", "issuer", "https://idp.example.test", "display_name", "Corp"), root),
        "PUT /api/v1/admin/oauth-providers/{id}");
    HttpResponse<String> authorize = api.conforms(server.get("/api/v1/auth/oauth/corp/authorize", null),
        "GET /api/v1/auth/oauth/{provider}/authorize");
    assertThat(authorize.statusCode()).isEqualTo(302);
    assertThat(api.conforms(server.get("/api/v1/auth/oauth/corp/callback?code=x&state=y", null),
        "GET /api/v1/auth/oauth/{provider}/callback").statusCode()).isEqualTo(401);
    assertThat(api.conforms(server.post("/api/v1/auth/oauth/exchange", Map.of("login_code", "x", "code_verifier",
        "y")), "POST /api/v1/auth/oauth/exchange").statusCode()).isEqualTo(401);
    api.conforms(server.json("DELETE", "/api/v1/users/" + id, null, root), "DELETE /api/v1/users/{id}");
    api.conforms(server.json("DELETE", "/api/v1/users/" + id, null, root), "DELETE /api/v1/users/{id}");
  }

  @Test
  @DisplayName("every GET without parameters (lists, stats, events, health, JWKS, metrics, mailbox) as an admin")
  void everyListAndStatus() {
    String root = api.login("root");
    post("/api/v1/admin/services", Map.of("name", "svc"), root);
    post("/api/v1/admin/roles", Map.of("name", "reader", "permissions", List.of("a", "b")), root);
    post("/api/v1/admin/api-keys", Map.of("name", "k", "roles", List.of("reader")), root);
    post("/api/v1/admin/oauth-providers", Map.of("name", "gh", "type", "github", "client_id", "id",
        "client_secret", "secret"), root);
    int checked = 0;
    for (String operation : api.operations().keySet()) {
      if (operation.startsWith("GET ") && !operation.contains("{")) {
        HttpResponse<String> r = api.conforms(server.get(operation.substring(4), root), operation);
        assertThat(r.statusCode()).as(operation + " -> " + r.body()).isEqualTo(200);
        if (r.body().startsWith("[")) {
          assertThat(r.body()).as(operation + " lists something to validate").isNotEqualTo("[]");
        }
        checked++;
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(15);
    for (String file : List.of("swagger-ui.css", "swagger-ui-bundle.js", "latchkey-init.js", "other.js")) {
      api.conforms(server.get("/api/v1/docs/" + file, null), "GET /api/v1/docs/{file}");
    }
  }
}
