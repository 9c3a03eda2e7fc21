package dev.latchkey.auth.testkit.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.http.javalin.AuthPlugin;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A Javalin server on a free port of {@code 127.0.0.1} serving an {@link Auth} through {@link AuthPlugin} (and any
 * routes of the caller's), with a small client that sends JSON and a bearer token. Close it to stop the server.
 *
 * <pre>{@code
 * try (LatchkeyServer server = LatchkeyServer.start(auth)) {
 *   HttpResponse<String> login = server.post("/api/v1/auth/login",
 *       Map.of("login", "alice", "password", password), null);
 *   String token = server.json(login).get("access_token").asText();
 *   assertThat(server.get("/api/v1/auth/me", token).statusCode()).isEqualTo(200);
 * }
 * }</pre>
 *
 * <p>Requests time out after 30 seconds. Thread-safe.
 */
public final class LatchkeyServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Javalin app;
  private final URI baseUri;
  private final HttpClient http;

  private LatchkeyServer(Javalin app) {
    this.app = app;
    this.baseUri = URI.create("http://127.0.0.1:" + app.port());
    this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  }

  /** Serves {@code auth} with the plugin's default settings and no other routes. */
  public static LatchkeyServer start(Auth auth) {
    return start(auth, c -> { }, (cfg, a) -> { });
  }

  /**
   * Serves {@code auth} through {@code new AuthPlugin(auth, plugin)}, after {@code routes} added the caller's own
   * routes and settings to the Javalin configuration (guard them with {@code AuthRole}s, read the caller with
   * {@code ctx.with(AuthPlugin.class)}).
   */
  public static LatchkeyServer start(Auth auth, Consumer<AuthPlugin.Config> plugin,
      BiConsumer<JavalinConfig, Auth> routes) {
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(plugin, "plugin");
    Objects.requireNonNull(routes, "routes");
    Javalin app = Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      cfg.registerPlugin(new AuthPlugin(auth, plugin));
      routes.accept(cfg, auth);
    });
    app.start("127.0.0.1", 0);
    return new LatchkeyServer(app);
  }

  /** Where the server listens, such as {@code http://127.0.0.1:41234}. */
  public URI baseUri() {
    return baseUri;
  }

  /** The absolute URI of {@code path} (which starts with {@code /}) on this server. */
  public URI uri(String path) {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("the path must start with '/': " + path);
    }
    return URI.create(baseUri + path);
  }

  /** The running Javalin application. */
  public Javalin app() {
    return app;
  }

  /** {@code GET path}, with {@code Authorization: Bearer token} when a token is given. */
  public HttpResponse<String> get(String path, @Nullable String bearer) {
    return send("GET", path, null, bearer);
  }

  /** {@code POST path} with {@code body} as JSON, and a bearer token when one is given. */
  public HttpResponse<String> post(String path, @Nullable Object body, @Nullable String bearer) {
    return send("POST", path, body, bearer);
  }

  /**
   * Sends a request and waits for the whole answer.
   *
   * @param method the HTTP method
   * @param path the path and query, starting with {@code /}
   * @param body null for none; a {@link String} is sent as it is, anything else as Jackson writes it (a {@code Map}
   *     or a record); either way with {@code Content-Type: application/json}
   * @param bearer the access token or API key for {@code Authorization: Bearer}, or null for none
   * @throws UncheckedIOException when the server cannot be reached
   */
  public HttpResponse<String> send(String method, String path, @Nullable Object body, @Nullable String bearer) {
    String text = body == null ? null : body instanceof String s ? s : write(body);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT)
        .method(method, text == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text));
    if (text != null) {
      request.header("Content-Type", "application/json");
    }
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during " + method + " " + path, e);
    }
  }

  /**
   * The answer's body as a JSON tree.
   *
   * @throws AssertionError naming the status and body when it is not JSON
   */
  public JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (JsonProcessingException e) {
      throw new AssertionError("not JSON (status " + response.statusCode() + "): " + response.body(), e);
    }
  }

  /** Stops the server. */
  @Override
  public void close() {
    app.stop();
    http.close();
  }

  private static String write(Object body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the body cannot be written as JSON: " + body.getClass().getName(), e);
    }
  }
}
