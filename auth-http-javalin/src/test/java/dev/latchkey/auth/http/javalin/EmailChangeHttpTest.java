package dev.latchkey.auth.http.javalin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.Registration;
import dev.latchkey.auth.core.memory.InMemoryStores;
import dev.latchkey.auth.testkit.CapturingMailer;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code PUT /api/v1/auth/account} with a new email: pending until the new address confirms it. */
class EmailChangeHttpTest {
  private static final String PASSWORD = "correct horse battery staple";
  private static final Pattern TOKEN = Pattern.compile("token=(\\S+)");

  private final CapturingMailer mailer = new CapturingMailer();
  private TestServer server;

  @BeforeEach
  void start() {
    Auth auth = Auth.builder().issuer("https://auth.example.test").audience("latchkey")
        .stores(InMemoryStores.create(Clock.systemUTC())).mailer(mailer).build();
    auth.register(Registration.of("alice", "alice@example.com", PASSWORD));
    server = new TestServer(auth, c -> { });
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String login(String login) {
    HttpResponse<String> r = server.post("/api/v1/auth/login", Map.of("login", login, "password", PASSWORD));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return (String) TestServer.map(r).get("access_token");
  }

  @Test
  @DisplayName("the answer keeps the old email and shows pending_email; login moves only after the link is used")
  void pendingUntilVerified() {
    String token = login("alice");
    HttpResponse<String> r = server.json("PUT", "/api/v1/auth/account", Map.of("email", "attacker@evil.example",
        "current_password", PASSWORD), token);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(TestServer.map(r)).containsEntry("email", "alice@example.com")
        .containsEntry("pending_email", "attacker@evil.example");
    assertThat(server.post("/api/v1/auth/login", Map.of("login", "attacker@evil.example", "password", PASSWORD))
        .statusCode()).isEqualTo(401);
    login("alice@example.com");
    assertThat(TestServer.map(server.get("/api/v1/auth/account", token))).containsEntry("email", "alice@example.com");

    Matcher m = TOKEN.matcher(mailer.lastTo("attacker@evil.example").orElseThrow().body());
    assertThat(m.find()).isTrue();
    assertThat(server.post("/api/v1/auth/verify-email", Map.of("token",
        URLDecoder.decode(m.group(1), StandardCharsets.UTF_8))).statusCode()).isBetween(200, 204);
    login("attacker@evil.example");
    assertThat(TestServer.map(server.get("/api/v1/auth/account", token)))
        .containsEntry("email", "attacker@evil.example").containsEntry("email_verified", true)
        .doesNotContainKey("pending_email");
  }

  @Test
  @DisplayName("a wrong current password changes nothing and sends nothing")
  void wrongPassword() {
    String token = login("alice");
    HttpResponse<String> r = server.json("PUT", "/api/v1/auth/account", Map.of("email", "new@example.com",
        "current_password", "not the password at all"), token);
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(mailer.messagesTo("new@example.com")).isEmpty();
  }
}
