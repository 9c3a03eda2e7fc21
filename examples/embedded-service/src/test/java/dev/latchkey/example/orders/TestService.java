package dev.latchkey.example.orders;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.auth.core.AccountPolicy.AdminBootstrap;
import dev.latchkey.auth.testkit.CapturingMailer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The orders service on a random port over a database of the test class's own, with a known administrator and a
 * {@link CapturingMailer}; driven over HTTP as a client would, through Latchkey's API for accounts and roles.
 */
final class TestService implements BeforeAllCallback, AfterAllCallback {
  static final String ADMIN = "admin";
  static final String ADMIN_PASSWORD = "admin-" + UUID.randomUUID();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LINK_TOKEN = Pattern.compile("[?&]token=([^\\s&]+)");

  private final UnaryOperator<ServiceConfig> settings;
  private final CapturingMailer mailer = new CapturingMailer();
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private @Nullable String database;
  private @Nullable OrderService service;
  private @Nullable String adminToken;

  TestService(UnaryOperator<ServiceConfig> settings) {
    this.settings = settings;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    database = TestPostgres.newDatabase();
    service = OrderService.start(settings.apply(ServiceConfig.of(database, URI.create("https://orders.example.test"))
        .withPort(0).withAdmin(new AdminBootstrap(ADMIN, "admin@orders.example.test", ADMIN_PASSWORD))), mailer);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (service != null) {
      service.close();
    }
    if (database != null) {
      TestPostgres.dropDatabase(database);
    }
  }

  OrderService service() {
    if (service == null) {
      throw new IllegalStateException("the service starts before all tests of the class");
    }
    return service;
  }

  CapturingMailer mailer() {
    return mailer;
  }

  /** An HTTP answer: status, headers and the body as JSON (a missing node when there is none). */
  record Answer(int status, HttpResponse<String> response, JsonNode json) {
    String header(String name) {
      return response.headers().firstValue(name).orElse("");
    }

    /** Asserts an RFC 9457 problem with this status and code, and returns its JSON. */
    JsonNode problem(int expectedStatus, String code) {
      assertThat(status).as("status of %s", response.body()).isEqualTo(expectedStatus);
      assertThat(header("Content-Type")).startsWith("application/problem+json");
      assertThat(json.path("status").asInt()).isEqualTo(expectedStatus);
      assertThat(json.path("code").asText()).isEqualTo(code);
      assertThat(json.path("type").asText()).isNotBlank();
      assertThat(json.path("title").asText()).isNotBlank();
      return json;
    }
  }

  Answer get(String path, @Nullable String token) {
    return send(request(path, token).GET());
  }

  Answer post(String path, @Nullable String token, @Nullable Object body) {
    return send(request(path, token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : json(body))));
  }

  Answer postRaw(String path, @Nullable String token, String contentType, String body) {
    return send(request(path, token).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  Answer put(String path, @Nullable String token) {
    return send(request(path, token).PUT(HttpRequest.BodyPublishers.noBody()));
  }

  Answer delete(String path, @Nullable String token) {
    return send(request(path, token).DELETE());
  }

  HttpRequest.Builder request(String path, @Nullable String token) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service().port() + path))
        .timeout(Duration.ofSeconds(20));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  Answer send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json = response.body().isEmpty() ? JSON.missingNode() : JSON.readTree(response.body());
      return new Answer(response.statusCode(), response, json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A signed-in user: id, name, password and the current tokens (replaced by {@link #refresh}). */
  static final class User {
    final String id;
    final String username;
    final String password;
    String accessToken;
    String refreshToken;

    User(String username, String password, JsonNode tokens) {
      this.id = tokens.path("user").path("id").asText();
      this.username = username;
      this.password = password;
      this.accessToken = tokens.path("access_token").asText();
      this.refreshToken = tokens.path("refresh_token").asText();
    }
  }

  /**
   * Signs a new user up through Latchkey's API: register, then (when the service requires it) the verification link
   * from the mail, then log in.
   */
  User signUp(String name) {
    String username = name + "_" + UUID.randomUUID().toString().substring(0, 8);
    String email = username + "@example.test";
    String password = "pw-" + UUID.randomUUID();
    Answer registered = post("/api/v1/auth/register", null, Map.of("username", username, "email", email,
        "password", password));
    if (registered.status() == 202) {
      assertThat(login(username, password).problem(401, "invalid_credentials")).isNotNull();
      String body = mailer.lastTo(email).orElseThrow(() -> new AssertionError("no verification mail")).body();
      Matcher link = LINK_TOKEN.matcher(body);
      assertThat(link.find()).as("a link in %s", body).isTrue();
      String token = URLDecoder.decode(link.group(1), StandardCharsets.UTF_8);
      assertThat(post("/api/v1/auth/verify-email", null, Map.of("token", token)).status()).isEqualTo(204);
    } else {
      assertThat(registered.status()).as(registered.response().body()).isEqualTo(201);
    }
    Answer login = login(username, password);
    assertThat(login.status()).as(login.response().body()).isEqualTo(200);
    return new User(username, password, login.json());
  }

  Answer login(String login, String password) {
    return post("/api/v1/auth/login", null, Map.of("login", login, "password", password));
  }

  /** The administrator's access token (one login per test class). */
  synchronized String adminToken() {
    if (adminToken == null) {
      Answer login = login(ADMIN, ADMIN_PASSWORD);
      assertThat(login.status()).as(login.response().body()).isEqualTo(200);
      adminToken = login.json().path("access_token").asText();
    }
    return adminToken;
  }

  /** Gives the user a role through Latchkey's access API, as an administrator would. */
  void grant(User user, String role) {
    Answer answer = put("/api/v1/users/" + user.id + "/roles/" + role, adminToken());
    assertThat(answer.status()).as(answer.response().body()).isEqualTo(204);
  }

  /** Takes a role from the user through Latchkey's access API. */
  void revoke(User user, String role) {
    Answer answer = delete("/api/v1/users/" + user.id + "/roles/" + role, adminToken());
    assertThat(answer.status()).as(answer.response().body()).isEqualTo(204);
  }

  /** Rotates the user's refresh token for fresh tokens (after a role change revoked the access token). */
  void refresh(User user) {
    Answer answer = post("/api/v1/auth/refresh", null, Map.of("refresh_token", user.refreshToken));
    assertThat(answer.status()).as(answer.response().body()).isEqualTo(200);
    user.accessToken = answer.json().path("access_token").asText();
    user.refreshToken = answer.json().path("refresh_token").asText();
  }
}
