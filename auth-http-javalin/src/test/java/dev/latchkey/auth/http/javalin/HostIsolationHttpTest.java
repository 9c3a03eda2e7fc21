package dev.latchkey.auth.http.javalin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.memory.InMemoryStores;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A host application with its own camelCase JSON mapper, an HTML page with its own CSP, its own 404 and exception
 * handlers and the default request size answers exactly the same, byte for byte (status, every header but
 * {@code Date}, body), with the plugin registered as without it.
 */
class HostIsolationHttpTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String PAGE = "<!doctype html><html><body><script>alert('host')</script></body></html>";
  private static final String PAGE_CSP = "default-src 'self'; script-src 'unsafe-inline'";

  /** The host's JSON: camelCase field names, as Jackson writes a record by default. */
  record Order(String orderId, int itemCount) {}

  private Javalin plain;
  private Javalin withPlugin;

  @BeforeEach
  void start() {
    Auth auth = Auth.builder().issuer("https://auth.example.test").audience("latchkey")
        .stores(InMemoryStores.create(Clock.systemUTC())).build();
    plain = host(null);
    withPlugin = host(new AuthPlugin(auth));
  }

  @AfterEach
  void stop() {
    plain.stop();
    withPlugin.stop();
  }

  private static Javalin host(@Nullable AuthPlugin plugin) {
    return Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      cfg.jsonMapper(new JavalinJackson(new ObjectMapper(), false));
      if (plugin != null) {
        cfg.registerPlugin(plugin);
      }
      cfg.routes.get("/orders/{id}", ctx -> ctx.json(new Order(ctx.pathParam("id"), 3)));
      cfg.routes.post("/orders/{id}", ctx -> ctx.json(Map.of("receivedBytes", ctx.bodyAsBytes().length)));
      cfg.routes.get("/page", ctx -> ctx.header("Content-Security-Policy", PAGE_CSP).html(PAGE));
      cfg.routes.get("/boom", ctx -> {
        throw new IllegalStateException("the host's own failure");
      });
      cfg.routes.exception(IllegalStateException.class, (e, ctx) -> ctx.status(418)
          .json(Map.of("hostError", e.getMessage())));
      cfg.routes.error(404, ctx -> ctx.json(Map.of("hostMissing", ctx.path())));
    }).start("127.0.0.1", 0);
  }

  private static HttpResponse<String> send(Javalin app, String method, String path,
      @Nullable String contentType, @Nullable String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    b.header("Origin", "https://app.example.com");
    try {
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static Map<String, List<String>> headers(HttpResponse<String> r) {
    Map<String, List<String>> headers = new TreeMap<>(r.headers().map());
    headers.remove("date");
    headers.remove("Date");
    return headers;
  }

  private void sameAnswer(String method, String path, String contentType, String body) {
    HttpResponse<String> expected = send(plain, method, path, contentType, body);
    HttpResponse<String> actual = send(withPlugin, method, path, contentType, body);
    assertThat(actual.statusCode()).as("%s %s status", method, path).isEqualTo(expected.statusCode());
    assertThat(headers(actual)).as("%s %s headers", method, path).isEqualTo(headers(expected));
    assertThat(actual.body()).as("%s %s body", method, path).isEqualTo(expected.body());
  }

  @Test
  @DisplayName("a JSON route keeps the host's camelCase mapper and no plugin header")
  void jsonRoute() {
    sameAnswer("GET", "/orders/A-1", null, null);
    assertThat(send(withPlugin, "GET", "/orders/A-1", null, null).body()).isEqualTo(
        "{\"orderId\":\"A-1\",\"itemCount\":3}");
  }

  @Test
  @DisplayName("an HTML page keeps its own CSP (no default-src 'none', no nosniff, no no-referrer)")
  void htmlPage() {
    sameAnswer("GET", "/page", null, null);
    HttpResponse<String> page = send(withPlugin, "GET", "/page", null, null);
    assertThat(page.headers().allValues("Content-Security-Policy")).containsExactly(PAGE_CSP);
    assertThat(page.headers().firstValue("X-Content-Type-Options")).isEmpty();
  }

  @Test
  @DisplayName("a route that throws goes to the host's exception handler, not to a problem")
  void throwingRoute() {
    sameAnswer("GET", "/boom", null, null);
    assertThat(send(withPlugin, "GET", "/boom", null, null).statusCode()).isEqualTo(418);
  }

  @Test
  @DisplayName("an unknown path and a wrong method get the host's 404 handler")
  void unknownPathAndWrongMethod() {
    sameAnswer("GET", "/nowhere", null, null);
    sameAnswer("DELETE", "/orders/A-1", null, null);
    sameAnswer("GET", "/api", null, null);
    sameAnswer("GET", "/api/v1x", null, null);
    assertThat(send(withPlugin, "GET", "/nowhere", null, null).body()).isEqualTo("{\"hostMissing\":\"/nowhere\"}");
  }

  @Test
  @DisplayName("a body past the plugin's 64 KiB, of any media type, reaches the host's route")
  void largeBody() {
    String large = "x".repeat(200 * 1024);
    sameAnswer("POST", "/orders/A-1", "text/plain", large);
    sameAnswer("POST", "/orders/A-1", "application/json", "{\"large\":\"" + large + "\"}");
    assertThat(send(withPlugin, "POST", "/orders/A-1", "text/plain", large).body())
        .isEqualTo("{\"receivedBytes\":" + large.length() + "}");
  }

  @Test
  @DisplayName("under the base path the plugin still answers with its own problems, mapper and headers")
  void pluginKeepsItsOwn() {
    HttpResponse<String> missing = send(withPlugin, "GET", "/api/v1/nothing-here", null, null);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v)
        .startsWith("application/problem+json"));
    assertThat(TestServer.map(missing)).containsEntry("code", "not_found");
    assertThat(missing.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    HttpResponse<String> wrongMethod = send(withPlugin, "DELETE", "/api/v1/auth/login", null, null);
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(TestServer.map(wrongMethod)).containsEntry("code", "method_not_allowed");
    assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("POST");
    HttpResponse<String> login = send(withPlugin, "POST", "/api/v1/auth/login", "application/json",
        "{\"login\":\"nobody\",\"password\":\"wrong password here\"}");
    assertThat(TestServer.map(login)).containsEntry("code", "invalid_credentials");
    assertThat(login.headers().firstValue("Cache-Control")).hasValue("no-store");
  }
}
