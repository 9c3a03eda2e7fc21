package dev.latchkey.demo;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The server's log as it ships (logback.xml, JSON): one object per line with timestamp, level, logger, thread and
 * message, the request id in lines logged while serving a request, and never a secret while people sign up, verify
 * their address, sign in, refresh, fail a login, reset and change their password.
 */
class LogLinesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ADMIN_PASSWORD = "an admin passphrase for tests";
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private PrintStream stdout;

  /** The shipped configuration, writing to a captured stdout (its ConsoleAppender writes to System.out). */
  @BeforeEach
  void shippedLogging() throws Exception {
    stdout = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(LogLinesTest.class.getResource("/logback.xml"));
  }

  @AfterEach
  void testLogging() throws Exception {
    System.setOut(stdout);
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    new ContextInitializer(context).autoConfig();
  }

  private List<JsonNode> lines() throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : captured.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList()) {
      JsonNode json = JSON.readTree(line);
      assertThat(json.isObject()).as(line).isTrue();
      for (String field : List.of("timestamp", "level", "logger", "thread", "message")) {
        assertThat(json.hasNonNull(field)).as("%s in %s", field, line).isTrue();
      }
      lines.add(json);
    }
    return lines;
  }

  private static Map<String, String> env(Path data, String... pairs) {
    Map<String, String> env = new HashMap<>();
    env.put("PORT", "0");
    env.put("LATCHKEY_DATA_DIR", data.toString());
    env.put("LATCHKEY_ADMIN_PASSWORD", ADMIN_PASSWORD);
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  private static String token(GreenMail mail, int count) throws Exception {
    assertThat(mail.waitForIncomingEmail(10_000, count)).isTrue();
    String body = (String) mail.getReceivedMessages()[count - 1].getContent();
    Matcher token = Pattern.compile("token=([A-Za-z0-9_\\-.~%]+)").matcher(body);
    assertThat(token.find()).as(body).isTrue();
    return token.group(1);
  }

  @Test
  @DisplayName("sign-up, verification, login, refresh, a failed login, reset and change: no secret in any line")
  void noSecrets(@TempDir Path data) throws Exception {
    GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    mail.start();
    mail.setUser("mailer", "smtp-secret-1234");
    String db = LocalServices.newDatabase();
    List<String> secrets = new ArrayList<>(List.of(ADMIN_PASSWORD, "smtp-secret-1234"));
    try (DemoServer server = DemoServer.start(DemoConfig.fromEnv(env(data, "LATCHKEY_DATABASE_URL", db,
        "LATCHKEY_REQUIRE_EMAIL_VERIFICATION", "true", "LATCHKEY_REFRESH_GRACE_SECONDS", "0",
        "LATCHKEY_SMTP_URL", "smtp://mailer:smtp-secret-1234@127.0.0.1:" + mail.getSmtp().getPort())))) {
      int port = server.port();
      String first = "first passphrase for erin 7731";
      String second = "second passphrase for erin 9904";
      String third = "third passphrase for erin 5512";
      String wrong = "wrong passphrase for erin 0042";
      secrets.addAll(List.of(first, second, third, wrong));
      assertThat(Http.post(port, "/api/v1/auth/register", Map.of("username", "erin", "email", "erin@example.com",
          "password", first)).statusCode()).isIn(201, 202);
      String verify = token(mail, 1);
      secrets.add(verify);
      // The link as mailed (a page with the token in its query string), then the API.
      assertThat(Http.get(port, "/verify-email?token=" + verify, null).statusCode()).isEqualTo(200);
      assertThat(Http.post(port, "/api/v1/auth/verify-email", Map.of("token", verify)).statusCode()).isIn(200, 204);

      Map<String, Object> tokens = Http.map(Http.post(port, "/api/v1/auth/login", Map.of("login", "erin",
          "password", first)));
      String access = (String) tokens.get("access_token");
      String refresh = (String) tokens.get("refresh_token");
      secrets.addAll(List.of(access, refresh));
      HttpResponse<String> me = Http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
          + "/api/v1/me")).header("Authorization", "Bearer " + access).header("Cookie", "__Host-latchkey=cookie-"
          + "secret-5678"));
      assertThat(me.statusCode()).isEqualTo(200);
      secrets.add("cookie-secret-5678");
      String rotated = (String) Http.map(Http.post(port, "/api/v1/auth/refresh", Map.of("refresh_token", refresh)))
          .get("refresh_token");
      secrets.add(rotated);
      assertThat(Http.post(port, "/api/v1/auth/refresh", Map.of("refresh_token", refresh)).statusCode())
          .as("a reused refresh token (reuse detection)").isEqualTo(401);
      assertThat(Http.post(port, "/api/v1/auth/login", Map.of("login", "erin", "password", wrong)).statusCode())
          .isEqualTo(401);

      assertThat(Http.post(port, "/api/v1/auth/forgot-password", Map.of("email", "erin@example.com")).statusCode())
          .isEqualTo(202);
      String reset = token(mail, 2);
      secrets.add(reset);
      assertThat(Http.get(port, "/reset-password?token=" + reset, null).statusCode()).isEqualTo(200);
      assertThat(Http.post(port, "/api/v1/auth/reset-password", Map.of("token", reset, "password", second))
          .statusCode()).isIn(200, 204);
      String fresh = (String) Http.map(Http.post(port, "/api/v1/auth/login", Map.of("login", "erin",
          "password", second))).get("access_token");
      secrets.add(fresh);
      assertThat(Http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
          + "/api/v1/auth/change-password")).header("Authorization", "Bearer " + fresh)
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(JSON
              .writeValueAsString(Map.of("current_password", second, "new_password", third))))).statusCode())
          .isIn(200, 204);
      assertThat(Http.post(port, "/api/v1/auth/login", Map.of("login", "erin", "password", third)).statusCode())
          .isEqualTo(200);
    } finally {
      mail.stop();
      LocalServices.dropDatabase(db);
    }
    List<JsonNode> lines = lines();
    assertThat(lines).as("the server logged its start and stop").isNotEmpty();
    for (JsonNode line : lines) {
      for (String secret : secrets) {
        assertThat(line.toString()).doesNotContain(secret);
      }
      assertThat(line.toString()).doesNotContain("token=").doesNotContain("Bearer ");
    }
  }

  @Test
  @DisplayName("a line logged while serving a request carries its id; the id is echoed, an unsafe one replaced")
  void requestId(@TempDir Path data) throws Exception {
    String db = LocalServices.newDatabase();
    try (OwnStores.Redis redis = new OwnStores.Redis(data.resolve("redis"));
        DemoServer server = DemoServer.start(DemoConfig.fromEnv(env(data.resolve("server"), "LATCHKEY_DATABASE_URL",
            db, "LATCHKEY_REDIS_URL", redis.url())))) {
      int port = server.port();
      HttpResponse<String> up = Http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
          .header("X-Request-Id", "trace-42.a_B"));
      assertThat(up.headers().firstValue("X-Request-Id")).hasValue("trace-42.a_B");
      HttpResponse<String> unsafe = Http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
          + "/health")).header("X-Request-Id", "x".repeat(65)));
      String generated = unsafe.headers().firstValue("X-Request-Id").orElseThrow();
      assertThat(generated).matches("[0-9a-f-]{36}");
      assertThat(Http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
          .header("X-Request-Id", "a b\"}{")).headers().firstValue("X-Request-Id").orElseThrow())
          .matches("[0-9a-f-]{36}");
      assertThat(Http.get(port, "/health", null).headers().firstValue("X-Request-Id")).isPresent();

      redis.kill(); // the readiness check now logs, on the request's thread, that Redis failed
      HttpResponse<String> down = Http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
          + "/health/ready")).header("X-Request-Id", "ready-check-7"));
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.headers().firstValue("X-Request-Id")).hasValue("ready-check-7");
    } finally {
      LocalServices.dropDatabase(db);
    }
    List<JsonNode> lines = lines();
    assertThat(lines).filteredOn(l -> l.path("message").asText().startsWith("readiness check redis failed"))
        .isNotEmpty().allMatch(l -> l.path("request_id").asText().equals("ready-check-7"));
    assertThat(lines).filteredOn(l -> l.path("message").asText().startsWith("Latchkey serving"))
        .allMatch(l -> !l.has("request_id"));
  }
}
