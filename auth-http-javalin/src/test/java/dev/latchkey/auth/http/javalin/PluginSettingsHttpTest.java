package dev.latchkey.auth.http.javalin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.NewUser;
import dev.latchkey.auth.core.memory.InMemoryStores;
import dev.latchkey.auth.core.token.Principal;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The plugin's settings over HTTP: the base path and route groups, {@code /metrics} closed by default and served
 * only with a Prometheus registry, settings sealed at start, and the caller's principal on public routes.
 */
class PluginSettingsHttpTest {
  private static final String PASSWORD = "correct horse battery staple";
  private static final String SCRAPE = "0123456789abcdef0123456789abcdef";

  private TestServer server;
  private Auth auth;

  private TestServer start(Consumer<AuthPlugin.Config> settings) {
    auth = Auth.builder().issuer("https://auth.example.test").audience("latchkey")
        .stores(InMemoryStores.create(Clock.systemUTC())).build();
    auth.admin().createUser(new NewUser("root", "root@example.com", PASSWORD, null, true, Set.of()));
    auth.admin().createUser(new NewUser("alice", "alice@example.com", PASSWORD, null, false, Set.of()));
    server = new TestServer(auth, settings, cfg -> cfg.routes.get("/whoami", ctx -> ctx.result(
        ctx.with(AuthPlugin.class).principal().map(Principal::username).orElse("anonymous"))));
    return server;
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private Map<String, Object> login(String base, String name) {
    HttpResponse<String> r = server.post(base + "/auth/login", Map.of("login", name, "password", PASSWORD));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return TestServer.map(r);
  }

  @Test
  @DisplayName("a base path moves every /api/v1 route; /api/v1 is then the host's; left-out groups are 404 problems")
  void basePathAndGroups() {
    start(c -> c.basePath("/identity").without(AuthPlugin.RouteGroup.ADMIN, AuthPlugin.RouteGroup.ACCESS_CONTROL));
    String root = (String) login("/identity", "root").get("access_token");
    assertThat(server.get("/identity/me", root).statusCode()).isEqualTo(200);
    HttpResponse<String> old = server.post("/api/v1/auth/login", Map.of("login", "root", "password", PASSWORD));
    assertThat(old.statusCode()).isEqualTo(404);
    assertThat(old.headers().firstValue("Content-Type").orElse("")).doesNotContain("problem");
    HttpResponse<String> admin = server.get("/identity/users", root);
    assertThat(admin.statusCode()).isEqualTo(404);
    assertThat(TestServer.map(admin)).containsEntry("code", "not_found");
    assertThat(server.get("/identity/admin/roles", root).statusCode()).isEqualTo(404);

    Map<String, Object> doc = TestServer.map(server.get("/identity/openapi.json", null));
    @SuppressWarnings("unchecked")
    Set<String> paths = ((Map<String, Object>) doc.get("paths")).keySet();
    assertThat(paths).contains("/identity/auth/login", "/identity/me", "/health", "/identity/openapi.json")
        .noneMatch(p -> p.startsWith("/api/v1") || p.startsWith("/identity/users") || p.contains("/admin/roles"));
    assertThat(server.get("/identity/docs", null).body()).contains("/identity/docs/swagger-ui-bundle.js")
        .doesNotContain("/api/v1");
    assertThat(server.get("/identity/docs/latchkey-init.js", null).body()).contains("'/identity/openapi.json'");
  }

  @Test
  @DisplayName("route groups can all be left out; then only the host's routes and the base path's 404 remain")
  void noGroups() {
    start(c -> c.routeGroups(Set.of()));
    assertThat(server.get("/health", null).statusCode()).isEqualTo(404);
    assertThat(TestServer.map(server.get("/api/v1/me", null))).containsEntry("code", "not_found");
    assertThat(server.get("/whoami", null).body()).isEqualTo("anonymous");
  }

  @Test
  @DisplayName("base paths are /segments without a trailing slash; scrape tokens have at least 32 characters")
  void validation() {
    AuthPlugin.Config config = new AuthPlugin.Config();
    for (String bad : new String[] {"", "/", "api", "/api/", "/api//v1", "/a b"}) {
      assertThatIllegalArgumentException().as(bad).isThrownBy(() -> config.basePath(bad));
    }
    config.basePath("/auth").basePath("/api/v2");
    assertThatIllegalArgumentException().isThrownBy(() -> config.metricsScrapeToken("x".repeat(31)));
    config.metricsScrapeToken("x".repeat(32));
  }

  @Test
  @DisplayName("/metrics is closed by default: an admin's token or the scrape token, 401 and 403 otherwise")
  void metricsClosedByDefault() {
    start(c -> c.meterRegistry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).metricsScrapeToken(SCRAPE));
    String root = (String) login("/api/v1", "root").get("access_token");
    String alice = (String) login("/api/v1", "alice").get("access_token");
    assertThat(server.get("/metrics", null).statusCode()).isEqualTo(401);
    assertThat(server.get("/metrics", alice).statusCode()).isEqualTo(403);
    assertThat(server.get("/metrics", SCRAPE.substring(1) + "0").statusCode()).isEqualTo(401);
    assertThat(server.get("/metrics", root).body()).contains("http_server_requests");
    HttpResponse<String> scraped = server.get("/metrics", SCRAPE);
    assertThat(scraped.statusCode()).isEqualTo(200);
    assertThat(scraped.body()).contains("uri=\"/api/v1/auth/login\"").doesNotContain("uri=\"/whoami\"");
  }

  @Test
  @DisplayName("without a registry there are no meters and no /metrics; any Micrometer registry collects them")
  void registries() {
    start(c -> c.metrics(AuthPlugin.MetricsAccess.OPEN));
    assertThat(server.get("/metrics", null).statusCode()).isEqualTo(404);
    server.close();
    SimpleMeterRegistry simple = new SimpleMeterRegistry();
    start(c -> c.metrics(AuthPlugin.MetricsAccess.OPEN).meterRegistry(simple));
    assertThat(server.get("/health", null).statusCode()).isEqualTo(200);
    assertThat(server.get("/whoami", null).statusCode()).isEqualTo(200);
    assertThat(server.get("/metrics", null).statusCode()).as("not a Prometheus registry").isEqualTo(404);
    assertThat(simple.find("http.server.requests").tag("uri", "/health").timer()).isNotNull();
    assertThat(simple.find("http.server.requests").tag("uri", "/whoami").timer()).as("host routes").isNull();
    assertThat(simple.find("latchkey.mail").meters()).hasSize(3);
  }

  @Test
  @DisplayName("a Config changed after the start changes nothing: CORS, base path and metrics stay as started")
  void settingsAreSealed() {
    AtomicReference<AuthPlugin.Config> kept = new AtomicReference<>();
    start(c -> kept.set(c.corsOrigins(Set.of("https://app.example.com"))));
    kept.get().corsOrigins(Set.of("https://evil.example")).basePath("/evil").metrics(AuthPlugin.MetricsAccess.OPEN)
        .meterRegistry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).without(AuthPlugin.RouteGroup.values());
    HttpResponse<String> evil = server.send(HttpRequest.newBuilder(server.uri("/api/v1/health-none"))
        .header("Origin", "https://evil.example").GET());
    assertThat(evil.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    HttpResponse<String> app = server.send(HttpRequest.newBuilder(server.uri("/api/v1/auth/oauth/providers"))
        .header("Origin", "https://app.example.com").GET());
    assertThat(app.statusCode()).isEqualTo(200);
    assertThat(app.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
    assertThat(server.get("/evil/auth/oauth/providers", null).statusCode()).isEqualTo(404);
    assertThat(server.get("/evil/auth/oauth/providers", null).body()).doesNotContain("not_found");
    assertThat(server.get("/metrics", null).statusCode()).isEqualTo(404);
  }

  @Test
  @DisplayName("a public host route sees a valid token's principal; a missing, invalid or revoked one is anonymous")
  void principalOnPublicRoutes() {
    start(c -> { });
    Map<String, Object> session = login("/api/v1", "alice");
    String alice = (String) session.get("access_token");
    assertThat(server.get("/whoami", null).body()).isEqualTo("anonymous");
    assertThat(server.get("/whoami", alice).body()).isEqualTo("alice");
    assertThat(server.get("/whoami", "not-a-token").body()).isEqualTo("anonymous");
    assertThat(server.get("/whoami", "lk_not-a-key").body()).isEqualTo("anonymous");
    HttpResponse<String> basic = server.send(HttpRequest.newBuilder(server.uri("/whoami"))
        .header("Authorization", "Basic YWxpY2U6cGFzcw==").GET());
    assertThat(basic.body()).isEqualTo("anonymous");
    assertThat(server.json("POST", "/api/v1/auth/logout", Map.of("refresh_token", session.get("refresh_token")),
        alice).statusCode()).isEqualTo(204);
    assertThat(server.get("/whoami", alice).body()).as("revoked").isEqualTo("anonymous");
  }
}
