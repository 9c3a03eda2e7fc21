package dev.latchkey.auth.http.javalin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.ClientInfo;
import dev.latchkey.auth.core.LoginResult;
import dev.latchkey.auth.core.NewUser;
import dev.latchkey.auth.core.memory.InMemoryStores;
import dev.latchkey.auth.core.oauth.ClientSecretCipher;
import dev.latchkey.auth.core.oauth.OAuthPolicy;
import dev.latchkey.auth.core.oauth.ProviderSettings;
import dev.latchkey.auth.core.oauth.ProviderType;
import dev.latchkey.auth.core.role.Role;
import dev.latchkey.auth.core.token.TokenVerification;
import dev.latchkey.auth.core.user.User;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A seeded fuzz campaign over every endpoint the OpenAPI document lists (so a new endpoint is fuzzed without editing
 * this test): random and mutated JSON bodies, hostile headers ({@code Authorization}, {@code X-Forwarded-For},
 * {@code Content-Type}), mutated and forged tokens, API-key look-alikes, odd path parameters and query strings.
 * Every answer must be below 500, free of stack traces and exception names, an RFC 9457 problem with a {@code code}
 * when it is an error, and arrive within a generous per-request bound.
 *
 * <p>{@code ./mvnw verify} runs it for {@value #DEFAULT_SECONDS} seconds. Longer, or replaying a seed printed by a
 * failure: {@code ./mvnw -B -ntp test -pl auth-http-javalin -am -Dtest=HttpApiFuzzTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dlatchkey.fuzz.seconds=600 [-Dlatchkey.fuzz.seed=N]
 * [-Dlatchkey.fuzz.requests=N]}.
 */
class HttpApiFuzzTest {
  private static final Logger LOG = LoggerFactory.getLogger(HttpApiFuzzTest.class);
  private static final long DEFAULT_SECONDS = 20;
  /** Generous: a request here costs at most one password hash; the bound catches hangs and runaway work. */
  private static final Duration PER_REQUEST = Duration.ofSeconds(5);
  private static final String PASSWORD = HttpApiTest.PASSWORD;
  private static final Pattern TRACE = Pattern.compile("\\tat |\\b(java|javax|jdk|org|com|io|dev)\\.[a-z]+\\.\\S*"
      + "(Exception|Error)\\b|[A-Z][A-Za-z]+Exception\\b");
  private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");

  private record Endpoint(String method, String path, Map<String, String> fields) {}

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(PER_REQUEST).build();
  private final List<String> failures = new ArrayList<>();
  private final Map<Integer, Integer> statuses = new TreeMap<>();
  private TestServer server;
  private Auth auth;
  private int fixtureGeneration;
  private String adminToken;
  private String userToken;
  private String apiKey;
  private String clientToken;
  private List<String> knownIds = List.of();

  @BeforeEach
  void start() {
    auth = Auth.builder().issuer("https://auth.example.test").audience("latchkey")
        .stores(InMemoryStores.create(Clock.systemUTC())).oauthClient(new AccessAndOAuthHttpTest.FakeProvider())
        .oauthSecretKey(ClientSecretCipher.of(new byte[32]))
        .oauthPolicy(OAuthPolicy.defaults("https://auth.example.test/api/v1/auth/oauth/{provider}/callback"))
        .build();
    auth.accessControl().saveRole(new Role("reader", null, null, Set.of("reports:read")));
    auth.admin().createOAuthProvider(new ProviderSettings("idp", "IdP", ProviderType.OIDC, "c1", "secret-1",
        "https://idp.example.test", Set.of(), true));
    // Container errors on: the fuzzer's malformed paths are refused by Jetty before any route, server-wide.
    server = new TestServer(auth, c -> c.trustedProxies(Set.of("127.0.0.1")).containerErrors(true));
    provision();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** (Re)creates what the fuzzer may have revoked, deleted or locked: an admin, a user, an API key, tokens. */
  private void provision() {
    fixtureGeneration++;
    adminToken = token("root" + fixtureGeneration, true);
    userToken = token("alice" + fixtureGeneration, false);
    // The campaign may have deleted or changed the role through the admin API (seen: a later provision failed).
    auth.accessControl().saveRole(new Role("reader", null, null, Set.of("reports:read")));
    var key = auth.accessControl().createApiKey("fuzz" + fixtureGeneration, Set.of("reader"), null, null);
    apiKey = key.secret().reveal();
    clientToken = auth.accessControl().issueClientToken(key.key().id(), apiKey).orElseThrow().token();
    List<String> ids = new ArrayList<>(List.of("idp", "reader", key.key().id().toString()));
    auth.admin().listUsers(new dev.latchkey.auth.core.user.UserQuery(null, 1, 20)).items()
        .forEach(u -> ids.add(u.id().toString()));
    knownIds = ids;
  }

  private String token(String name, boolean admin) {
    User user = auth.admin().createUser(new NewUser(name, name + "@example.com", PASSWORD, null, admin, Set.of()));
    LoginResult login = auth.login(user.username(), PASSWORD, ClientInfo.ip("192.0.2." + fixtureGeneration % 250));
    return ((LoginResult.Success) login).tokens().accessToken().token();
  }

  private boolean fixturesLive() {
    return auth.authenticate(adminToken) instanceof TokenVerification.Valid
        && auth.authenticate(userToken) instanceof TokenVerification.Valid
        && auth.authenticate(apiKey) instanceof TokenVerification.Valid;
  }

  /** Every documented operation, with its body's fields (name to OpenAPI type). */
  @SuppressWarnings("unchecked")
  private List<Endpoint> endpoints() {
    Map<String, Object> doc = TestServer.map(server.get("/api/v1/openapi.json", null));
    List<Endpoint> endpoints = new ArrayList<>();
    ((Map<String, Map<String, Map<String, Object>>>) doc.get("paths")).forEach((path, operations) ->
        operations.forEach((method, operation) -> {
          Map<String, String> fields = new TreeMap<>();
          Object body = operation.get("requestBody");
          if (body != null) {
            Map<String, Object> schema = (Map<String, Object>) ((Map<String, Map<String, Object>>)
                ((Map<String, Object>) body).get("content")).values().iterator().next().get("schema");
            ((Map<String, Map<String, Object>>) schema.get("properties")).forEach((name, type) ->
                fields.put(name, (String) type.get("type")));
          }
          endpoints.add(new Endpoint(method.toUpperCase(Locale.ROOT), path, fields));
        }));
    return endpoints;
  }

  @Test
  @DisplayName("random and mutated requests to every endpoint: no 5xx, no trace, problem+json errors, bounded time")
  void fuzz() {
    long seed = Long.getLong("latchkey.fuzz.seed", System.nanoTime());
    long seconds = Long.getLong("latchkey.fuzz.seconds", DEFAULT_SECONDS);
    long maxRequests = Long.getLong("latchkey.fuzz.requests", Long.MAX_VALUE);
    FuzzInputs in = new FuzzInputs(seed);
    List<Endpoint> endpoints = endpoints();
    long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    long sent = 0;
    for (int i = 0; sent < maxRequests && failures.size() < 20
        && (i < endpoints.size() || System.nanoTime() < deadline); i++) {
      if (i % 100 == 99 && !fixturesLive()) {
        provision();
      }
      Endpoint endpoint = i < endpoints.size() ? endpoints.get(i) : in.pick(endpoints);
      if (send(in, endpoint, seed, i)) {
        sent++;
      }
    }
    failures.forEach(f -> LOG.error("HTTP fuzz finding: {}", escaped(f)));
    LOG.info("HTTP fuzz: seed {}, {} requests over {} endpoints, statuses {}", seed, sent, endpoints.size(), statuses);
    assertThat(failures).as("seed " + seed + " (replay with -Dlatchkey.fuzz.seed=" + seed + ")").isEmpty();
    assertThat(sent).as("requests sent").isGreaterThanOrEqualTo(Math.min(maxRequests, endpoints.size()));
  }

  private static String escaped(String text) {
    StringBuilder b = new StringBuilder();
    text.codePoints().forEach(c -> b.append(c >= 0x20 && c < 0x7f ? Character.toString(c)
        : String.format(Locale.ROOT, "\\u{%x}", c)));
    return b.toString();
  }

  /** Sends one generated request; false when the generated request was one the HTTP client refuses to send. */
  private boolean send(FuzzInputs in, Endpoint endpoint, long seed, int index) {
    String method = in.chance(8) ? in.pick(METHODS) : endpoint.method();
    String path = endpoint.path();
    while (path.contains("{")) {
      path = path.replaceFirst("\\{[a-z_]+}", java.util.regex.Matcher.quoteReplacement(in.segment(knownIds)));
    }
    if (in.chance(5)) {
      path = path + "/" + in.segment(knownIds);
    }
    String query = in.chance(30) ? in.query() : "";
    String description = method + " " + path + (query.isEmpty() ? "" : "?" + query);
    HttpRequest.Builder request;
    byte[] body;
    try {
      request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.app.port() + path
          + (query.isEmpty() ? "" : "?" + query))).timeout(PER_REQUEST);
      body = endpoint.fields().isEmpty() && in.chance(70) ? new byte[0] : in.body(endpoint.fields());
      if (path.equals("/api/v1/auth/token") && in.chance(70)) {
        body = ("grant_type=" + (in.chance(70) ? "client_credentials" : FuzzInputs.ascii(in.string())))
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
      }
      request.method(method, body.length == 0 && in.chance(80) ? HttpRequest.BodyPublishers.noBody()
          : HttpRequest.BodyPublishers.ofByteArray(body));
      if (body.length > 0 && in.chance(85)) {
        request.header("Content-Type", path.equals("/api/v1/auth/token") && in.chance(80)
            ? "application/x-www-form-urlencoded" : in.chance(75) ? "application/json" : in.contentType());
      }
      String authorization = in.authorization(List.of(adminToken, adminToken, userToken, apiKey, clientToken));
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      for (String line : in.chance(60) ? in.forwardedFor() : List.<String>of()) {
        request.header("X-Forwarded-For", line);
      }
      if (in.chance(10)) {
        request.header("X-Forwarded-Proto", in.pick(List.of("https", "http", "HTTPS", "https, http", "")));
      }
      if (in.chance(5)) {
        request.header(in.pick(List.of("User-Agent", "Origin", "Cookie", "X-Custom")), FuzzInputs.ascii(
            in.string()));
      }
      description += " | " + (authorization == null ? "no auth" : FuzzInputs.ascii(authorization.length() > 60
          ? authorization.substring(0, 60) + "…" : authorization)) + " | body "
          + new String(body, 0, Math.min(body.length, 120), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return false; // a URI or header value java.net.http will not send
    }
    for (int attempt = 1; attempt <= 2; attempt++) {
      long started = System.nanoTime();
      try {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        check(method, path, response, Duration.ofNanos(System.nanoTime() - started), description);
        return true;
      } catch (HttpTimeoutException e) {
        failures.add("no answer within " + PER_REQUEST + ": " + description);
        return true;
      } catch (IOException e) {
        // A pooled connection the server closed after refusing an earlier request (413, 431) fails on reuse: the
        // retry runs on a fresh one. Past 64 KiB the server answers 413 and may close before reading the body.
        if (attempt == 2 && body.length <= HttpGuards.MAX_BODY) {
          failures.add("connection failed twice (" + e + "): " + description);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    return true;
  }

  private void check(String method, String path, HttpResponse<String> r, Duration took, String description) {
    int status = r.statusCode();
    statuses.merge(status, 1, Integer::sum);
    String body = r.body();
    String what = status + " " + description + " -> " + (body.length() > 300 ? body.substring(0, 300) : body);
    if (status >= 500) {
      failures.add("server error: " + what);
    }
    if (took.compareTo(PER_REQUEST) > 0) {
      failures.add("took " + took.toMillis() + " ms: " + what);
    }
    boolean script = path.startsWith("/api/v1/docs/") && status == 200;
    if (!script && TRACE.matcher(body).find()) {
      failures.add("trace or exception name in the body: " + what);
    }
    if (status < 400 || method.equals("HEAD")) {
      return;
    }
    // The router ignores a trailing slash, so /api/v1/auth/token/ is the token endpoint too (seen with a random seed).
    if (path.replaceAll("/+$", "").equals("/api/v1/auth/token") && (status == 400 || status == 401)
        && body.contains("\"error\"")) {
      return; // RFC 6749 §5.2: the token endpoint answers in OAuth's error shape
    }
    // Outside the base path, an unmatched path (/health/x) is the host's: Javalin's own 404 here.
    if (!path.startsWith("/api/v1/") && status == 404) {
      return;
    }
    if (!r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
      failures.add("error without problem+json: " + what);
      return;
    }
    try {
      Object code = TestServer.JSON.readValue(body, Map.class).get("code");
      if (!(code instanceof String s) || s.isBlank()) {
        failures.add("problem without a code: " + what);
      }
    } catch (IOException e) {
      failures.add("problem body is not JSON: " + what);
    }
  }
}
