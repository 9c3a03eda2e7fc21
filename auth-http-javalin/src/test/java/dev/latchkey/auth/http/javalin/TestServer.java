package dev.latchkey.auth.http.javalin;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.auth.core.Auth;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** A Javalin server with the plugin on a free port, and a small HTTP client for tests. */
final class TestServer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  final Javalin app;
  final Auth auth;

  TestServer(Auth auth, Consumer<AuthPlugin.Config> settings) {
    this(auth, settings, cfg -> { });
  }

  /** With the host's own routes added by {@code host} (after the plugin and {@code GET /orders}). */
  TestServer(Auth auth, Consumer<AuthPlugin.Config> settings, Consumer<JavalinConfig> host) {
    this.auth = auth;
    this.app = Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      cfg.registerPlugin(new AuthPlugin(auth, settings));
      cfg.routes.get("/orders", ctx -> ctx.json(Map.of("owner",
          ctx.with(AuthPlugin.class).requirePrincipal().username())), AuthRole.AUTHENTICATED);
      host.accept(cfg);
    }).start("127.0.0.1", 0);
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + app.port() + path);
  }

  HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  HttpResponse<String> get(String path, @Nullable String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return send(b);
  }

  HttpResponse<String> json(String method, String path, @Nullable Object body, @Nullable String token) {
    String text;
    try {
      text = body == null ? "" : body instanceof String s ? s : JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).method(method, text.isEmpty()
        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text));
    if (!text.isEmpty()) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return send(b);
  }

  HttpResponse<String> post(String path, @Nullable Object body) {
    return json("POST", path, body, null);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(HttpResponse<String> response) {
    try {
      return JSON.readValue(response.body(), Map.class);
    } catch (IOException e) {
      throw new AssertionError("not a JSON object: " + response.body(), e);
    }
  }

  @Override
  public void close() {
    app.stop();
  }
}
