package dev.latchkey.auth.http.javalin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.AccountPolicy;
import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.Registration;
import dev.latchkey.auth.core.memory.InMemoryStores;
import dev.latchkey.auth.testkit.CapturingMailer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/auth/register} with required verification, as an attacker probing which addresses are
 * registered: a registered and an unregistered address get the same status and body for every kind of request.
 */
class SignUpEnumerationHttpTest {
  private static final String SCRAPE = "scrape-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  private static final String PASSWORD = "correct horse battery staple";
  private static final String KNOWN = "alice@example.com";
  private static final String UNKNOWN = "nobody@example.com";

  private final CapturingMailer mailer = new CapturingMailer();
  private TestServer server;

  @BeforeEach
  void start() {
    Auth auth = Auth.builder().issuer("https://auth.example.test").audience("latchkey")
        .stores(InMemoryStores.create(Clock.systemUTC())).mailer(mailer)
        .accountPolicy(AccountPolicy.defaults().withRequiredEmailVerification(true)).build();
    auth.register(Registration.of("alice", KNOWN, PASSWORD));
    auth.register(Registration.of("bob", "bob@example.com", PASSWORD));
    server = new TestServer(auth, c -> c.metricsScrapeToken(SCRAPE).meterRegistry(
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> register(String username, String email, String password, @Nullable String phone) {
    Map<String, Object> body = new HashMap<>(Map.of("username", username, "email", email, "password", password));
    if (phone != null) {
      body.put("phone", phone);
    }
    return server.post("/api/v1/auth/register", body);
  }

  private void sameAnswer(String username, String password, @Nullable String phone, int status) {
    HttpResponse<String> known = register(username, KNOWN, password, phone);
    HttpResponse<String> unknown = register(username, UNKNOWN, password, phone);
    assertThat(known.statusCode()).as(known.body()).isEqualTo(unknown.statusCode()).isEqualTo(status);
    assertThat(known.body()).isEqualTo(unknown.body());
    assertThat(known.headers().firstValue("Content-Type")).isEqualTo(unknown.headers().firstValue("Content-Type"));
  }

  @Test
  @DisplayName("an invalid password: the same 422 for a registered and an unregistered address")
  void invalidPassword() {
    sameAnswer("mallory", "short", null, 422);
  }

  @Test
  @DisplayName("an invalid username or phone: the same 400 for a registered and an unregistered address")
  void invalidFields() {
    sameAnswer("-x", PASSWORD, null, 400);
    sameAnswer("mallory", PASSWORD, "0207 123", 400);
  }

  @Test
  @DisplayName("a taken username: the same 409 for a registered and an unregistered address")
  void takenUsername() {
    sameAnswer("bob", PASSWORD, null, 409);
  }

  @Test
  @DisplayName("a valid request: the same 202 for a registered and an unregistered address; only mail differs")
  void validRequest() {
    sameAnswer("mallory", PASSWORD, null, 202);
    assertThat(mailer.lastTo(KNOWN).orElseThrow().subject()).isEqualTo("Someone tried to register with your address");
    assertThat(mailer.lastTo(UNKNOWN).orElseThrow().subject()).isEqualTo("Confirm your email address");
  }

  @Test
  @DisplayName("mail outcomes are exported on /metrics as latchkey_mail_total, to the scrape token only")
  void mailMetrics() {
    server.post("/api/v1/auth/forgot-password", Map.of("email", KNOWN));
    assertThat(server.get("/metrics", null).statusCode()).as("closed by default").isEqualTo(401);
    assertThat(server.get("/metrics", SCRAPE.replace('a', 'b')).statusCode()).isEqualTo(401);
    String metrics = server.get("/metrics", SCRAPE).body();
    assertThat(metrics).contains("latchkey_mail_total{outcome=\"sent\"} 1.0")
        .contains("latchkey_mail_total{outcome=\"dropped\"} 0.0")
        .contains("latchkey_mail_total{outcome=\"failed\"} 0.0");
  }
}
