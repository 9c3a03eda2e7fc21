package dev.latchkey.auth.http.javalin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.NewUser;
import dev.latchkey.auth.core.memory.InMemoryStores;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Malformed bodies and oversized identifiers sent to every JSON endpoint the OpenAPI document lists (so a new endpoint
 * is covered without editing this test): each answer is a 4xx problem with a stable code, never a 500 or a trace.
 */
class MalformedInputHttpTest {
  private static final String PASSWORD = HttpApiTest.PASSWORD;
  /** Bodies that are not a JSON object of any endpoint's shape: each is 400 {@code validation_failed}. */
  private static final Map<String, byte[]> NOT_AN_OBJECT = notAnObject();
  /** Objects of the wrong shape: whatever the endpoint answers, it is not a 5xx. */
  private static final List<String> WRONG_SHAPE = List.of("{\"login\": 5}", "{\"roles\": [null]}",
      "{\"permissions\": [null], \"name\": \"r\"}", "{\"scopes\": [null], \"name\": \"p\"}",
      "{\"login\": \"a\", \"login\": \"b\", \"password\": \"x\", \"password\": \"y\"}", "{\"email\": {}}",
      "{\"is_admin\": \"maybe\", \"active\": []}", "{\"expires_at\": 12, \"name\": \"k\"}");

  private final AtomicInteger clients = new AtomicInteger();
  private TestServer server;
  private String admin;

  @BeforeEach
  void start() {
    Auth auth = Auth.builder().issuer("https://auth.example.test").audience("latchkey")
        .stores(InMemoryStores.create(Clock.systemUTC())).build();
    auth.admin().createUser(new NewUser("root", "root@example.com", PASSWORD, null, true, Set.of()));
    server = new TestServer(auth, c -> c.trustedProxies(Set.of("127.0.0.1")).containerErrors(true));
    admin = (String) TestServer.map(send("POST", "/api/v1/auth/login", ("{\"login\":\"root\",\"password\":\""
        + PASSWORD + "\"}").getBytes(StandardCharsets.UTF_8), null)).get("access_token");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static Map<String, byte[]> notAnObject() {
    Map<String, byte[]> bodies = new LinkedHashMap<>();
    for (String text : List.of("null", "[]", "\"x\"", "123", "true", "[{\"login\":\"a\"}]",
        "[".repeat(5_000) + "]".repeat(5_000), "{\"a\":".repeat(3_000) + "1" + "}".repeat(3_000),
        "{\"login\": 1" + "0".repeat(20_000) + "}", "{\"login\": \"a\"", "{\"login\" \"a\"}")) {
      bodies.put(text.length() > 40 ? text.substring(0, 40) + "…(" + text.length() + ")" : text,
          text.getBytes(StandardCharsets.UTF_8));
    }
    bodies.put("invalid UTF-8", new byte[] {'{', '"', 'l', 'o', 'g', 'i', 'n', '"', ':', '"', (byte) 0xC3, (byte) 0x28,
        (byte) 0xFF, '"', '}'});
    return bodies;
  }

  /** Every documented JSON endpoint as {method, path with its parameters filled in}. */
  private List<String[]> jsonEndpoints() {
    Map<String, Object> doc = TestServer.map(server.get("/api/v1/openapi.json", null));
    List<String[]> endpoints = new ArrayList<>();
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Map<String, Object>>> paths = (Map<String, Map<String, Map<String, Object>>>) doc
        .get("paths");
    paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
      Object body = operation.get("requestBody");
      if (body != null && body.toString().contains("application/json")) { // not the form of /auth/token
        endpoints.add(new String[] {method.toUpperCase(java.util.Locale.ROOT),
            path.replaceAll("\\{(id|aid)}", UUID.randomUUID().toString()).replaceAll("\\{[a-z_]+}", "nope")});
      }
    }));
    assertThat(endpoints).as("the document lists JSON endpoints").hasSizeGreaterThan(10);
    return endpoints;
  }

  /** The admin's token, or for logout (which a well-formed body completes) a session of its own. */
  private String token(String path) {
    if (!path.endsWith("/logout")) {
      return admin;
    }
    return (String) TestServer.map(send("POST", "/api/v1/auth/login", ("{\"login\":\"root\",\"password\":\""
        + PASSWORD + "\"}").getBytes(StandardCharsets.UTF_8), null)).get("access_token");
  }

  /** Sends raw bytes as JSON, each request from an address of its own so per-address limits stay out of the way. */
  private HttpResponse<String> send(String method, String path, byte[] body, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(path))
        .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
        .header("Content-Type", "application/json")
        .header("X-Forwarded-For", "198.18." + (clients.get() / 250) % 250 + "." + clients.incrementAndGet() % 250);
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return server.send(b);
  }

  static void assertProblem(HttpResponse<String> r, String what) {
    assertThat(r.statusCode()).as(what + " -> " + r.body()).isBetween(400, 499);
    assertThat(r.headers().firstValue("Content-Type")).as(what).hasValueSatisfying(v ->
        assertThat(v).startsWith("application/problem+json"));
    assertThat(TestServer.map(r)).as(what).containsKeys("type", "title", "status", "code");
    assertThat(r.body()).as(what).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("java.");
  }

  @Test
  @DisplayName("null, arrays, scalars, deep nesting, huge numbers, broken and invalid-UTF-8 JSON are 400 everywhere")
  void bodiesThatAreNoObject() {
    for (String[] endpoint : jsonEndpoints()) {
      NOT_AN_OBJECT.forEach((name, body) -> {
        String what = endpoint[0] + " " + endpoint[1] + " with " + name;
        HttpResponse<String> r = send(endpoint[0], endpoint[1], body, token(endpoint[1]));
        assertProblem(r, what);
        assertThat(r.statusCode()).as(what + " -> " + r.body()).isEqualTo(400);
        assertThat(TestServer.map(r)).as(what).containsEntry("code", "validation_failed");
      });
    }
  }

  @Test
  @DisplayName("objects of the wrong shape (numbers for strings, null in lists, duplicate keys) never reach a 5xx")
  void bodiesOfTheWrongShape() {
    for (String[] endpoint : jsonEndpoints()) {
      for (String body : WRONG_SHAPE) {
        String what = endpoint[0] + " " + endpoint[1] + " with " + body;
        HttpResponse<String> r = send(endpoint[0], endpoint[1], body.getBytes(StandardCharsets.UTF_8),
            token(endpoint[1]));
        assertThat(r.statusCode()).as(what + " -> " + r.body()).isLessThan(500);
        if (r.statusCode() >= 400) {
          assertProblem(r, what);
        }
      }
    }
  }

  @Test
  @DisplayName("identifiers past 254 characters, names and descriptions past their columns: 401 for login, else 400")
  void oversizedIdentifiers() {
    String longName = "a".repeat(500);
    String longEmail = "b".repeat(490) + "@example.com";
    HttpResponse<String> login = send("POST", "/api/v1/auth/login", json(Map.of("login", longName, "password",
        "whatever it is")), null);
    assertProblem(login, "long login");
    assertThat(TestServer.map(login)).containsEntry("code", "invalid_credentials");
    for (String path : List.of("/api/v1/auth/forgot-password", "/api/v1/auth/resend-verification")) {
      HttpResponse<String> r = send("POST", path, json(Map.of("email", longEmail)), null);
      assertProblem(r, path);
      assertThat(TestServer.map(r)).as(path).containsEntry("code", "validation_failed");
    }
    HttpResponse<String> register = send("POST", "/api/v1/auth/register", json(Map.of("username", "dora", "email",
        longEmail, "password", PASSWORD)), null);
    assertProblem(register, "long email at sign-up");
    assertThat(TestServer.map(register)).containsEntry("code", "validation_failed");
    for (Object[] admin : new Object[][] {{"/api/v1/admin/services", Map.of("name", "s".repeat(101))},
        {"/api/v1/admin/services", Map.of("name", "s", "description", "d".repeat(1_001))},
        {"/api/v1/admin/roles", Map.of("name", "r", "permissions", List.of("p".repeat(101)))},
        {"/api/v1/admin/roles", Map.of("name", "r", "description", "d".repeat(1_001))}}) {
      HttpResponse<String> r = send("POST", (String) admin[0], jsonOf(admin[1]), this.admin);
      assertProblem(r, "oversized " + admin[1].toString().substring(0, 20));
      assertThat(TestServer.map(r)).containsEntry("code", "validation_failed");
    }
    HttpResponse<String> provider = server.get("/api/v1/auth/oauth/" + "p".repeat(2_000) + "/authorize", null);
    assertProblem(provider, "long provider name");
    assertThat(TestServer.map(provider)).containsEntry("code", "not_found");
  }

  @Test
  @DisplayName("paths with invalid percent-encoding or encoded separators are 4xx problems, not container pages")
  void malformedPaths() {
    for (String path : List.of("/api/v1/users/%C3%28", "/api/v1/users/%FF/roles", "/api/v1/users/%00",
        "/api/v1/admin/roles/%2F", "/api/v1/users/..%2F..%2Fhealth", "/api/v1/auth/oauth/%C3%28/authorize")) {
      HttpResponse<String> refused = server.get(path, admin);
      assertProblem(refused, path);
      if (refused.statusCode() == 400) { // the container's own refusal: the connection ends, and the answer says so
        assertThat(refused.headers().firstValue("Connection")).as(path).hasValue("close");
      }
      assertProblem(server.get(path, null), path + " without a token");
      assertProblem(server.json("PUT", path, Map.of("name", "x"), "not-a-token"), "PUT " + path);
    }
  }

  @Test
  @DisplayName("the token endpoint refuses non-form bodies with 415 and broken forms with a 4xx, never a 500")
  void tokenEndpointBodies() {
    for (String type : List.of("multipart/form-data; boundary=x", "application/json", "text/plain")) {
      HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.uri("/api/v1/auth/token"))
          .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
      assertProblem(r, type);
      assertThat(TestServer.map(r)).as(type).containsEntry("code", "unsupported_media_type");
    }
    for (String form : List.of("grant_type=%zz", "grant_type=%", "%C3%28=%FF", "grant_type=client_credentials&&&=")) {
      HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.uri("/api/v1/auth/token"))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(form)));
      assertThat(r.statusCode()).as(form + " -> " + r.body()).isBetween(400, 499);
      assertThat(r.body()).as(form).doesNotContain("Exception");
    }
  }

  private static byte[] json(Map<String, String> body) {
    return jsonOf(body);
  }

  private static byte[] jsonOf(Object body) {
    try {
      return TestServer.JSON.writeValueAsBytes(body);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
