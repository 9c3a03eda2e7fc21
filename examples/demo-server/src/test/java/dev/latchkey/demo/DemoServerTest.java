package dev.latchkey.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.auth.core.token.SigningAlgorithm;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reference server as a whole: restart with persistent data, two instances sharing stores, SMTP, settings. */
class DemoServerTest {
  private static final String PASSWORD = "correct horse battery staple";

  private static int logout(int port, String access) {
    return Http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port
        + "/api/v1/auth/logout")).header("Authorization", "Bearer " + access)
        .POST(java.net.http.HttpRequest.BodyPublishers.noBody())).statusCode();
  }

  private static Map<String, String> env(Path dataDir, String... pairs) {
    Map<String, String> env = new HashMap<>();
    env.put("PORT", "0");
    env.put("LATCHKEY_DATA_DIR", dataDir.toString());
    env.put("LATCHKEY_ADMIN_PASSWORD", "an admin passphrase for tests");
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  @Test
  @DisplayName("prepare migrates a fresh database and bootstraps the admin, then stops without serving")
  void prepare(@TempDir Path data) throws Exception {
    String db = LocalServices.newDatabase();
    try {
      DemoServer.prepare(DemoConfig.fromEnv(env(data, "LATCHKEY_DATABASE_URL", db)));
      try (var c = java.sql.DriverManager.getConnection(db);
          var rs = c.createStatement().executeQuery("select username from auth.users")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("admin");
      }
      assertThat(data.resolve("oauth-secret.key")).exists();
      try (DemoServer server = DemoServer.start(DemoConfig.fromEnv(env(data, "LATCHKEY_DATABASE_URL", db)))) {
        assertThat(Http.post(server.port(), "/api/v1/auth/login", Map.of("login", "admin", "password",
            "an admin passphrase for tests")).statusCode()).isEqualTo(200);
      }
    } finally {
      LocalServices.dropDatabase(db);
    }
  }

  @Test
  @DisplayName("with the embedded database, users, sessions and signing keys survive a restart")
  void restart(@TempDir Path data) {
    Map<String, String> env = env(data);
    String refresh;
    try (DemoServer first = DemoServer.start(DemoConfig.fromEnv(env))) {
      HttpResponse<String> registered = Http.post(first.port(), "/api/v1/auth/register", Map.of("username", "alice",
          "email", "alice@example.com", "password", PASSWORD));
      assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
      refresh = (String) Http.map(registered).get("refresh_token");
    }
    try (DemoServer second = DemoServer.start(DemoConfig.fromEnv(env))) {
      assertThat(Http.post(second.port(), "/api/v1/auth/login", Map.of("login", "alice", "password", PASSWORD))
          .statusCode()).isEqualTo(200);
      HttpResponse<String> refreshed = Http.post(second.port(), "/api/v1/auth/refresh", Map.of("refresh_token",
          refresh));
      assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
      String access = (String) Http.map(refreshed).get("access_token");
      assertThat(Http.get(second.port(), "/api/v1/me", access).statusCode()).isEqualTo(200);
      assertVerifiableByJwks(second.port(), access);
      assertThat(Http.post(second.port(), "/api/v1/auth/login", Map.of("login", "admin", "password",
          "an admin passphrase for tests")).statusCode()).isEqualTo(200);
    }
  }

  @Test
  @DisplayName("two instances on one database and one Redis: a token from A works on B, a logout on A holds on B")
  void twoInstances(@TempDir Path data) {
    String db = LocalServices.newDatabase();
    String prefix = "latchkey-demo-" + UUID.randomUUID() + ":";
    Map<String, String> env = env(data, "LATCHKEY_DATABASE_URL", db, "LATCHKEY_REDIS_URL", LocalServices.redis(),
        "LATCHKEY_REDIS_PREFIX", prefix);
    try (DemoServer a = DemoServer.start(DemoConfig.fromEnv(env));
        DemoServer b = DemoServer.start(DemoConfig.fromEnv(env))) {
      Map<String, Object> tokens = Http.map(Http.post(a.port(), "/api/v1/auth/register", Map.of("username", "bob",
          "email", "bob@example.com", "password", PASSWORD)));
      String access = (String) tokens.get("access_token");
      assertThat(Http.get(b.port(), "/api/v1/me", access).statusCode()).isEqualTo(200);
      assertThat(Http.get(b.port(), "/health/ready", null).body()).contains("\"redis\":\"up\"")
          .contains("\"postgres\":\"up\"");
      assertThat(logout(a.port(), access)).isEqualTo(204);
      assertThat(Http.get(b.port(), "/api/v1/me", access).statusCode()).isEqualTo(401);
      assertThat(Http.post(b.port(), "/api/v1/auth/refresh", Map.of("refresh_token", tokens.get("refresh_token")))
          .statusCode()).isEqualTo(401);
    } finally {
      LocalServices.dropDatabase(db);
      LocalServices.cleanRedis(prefix);
    }
  }

  @Test
  @DisplayName("two instances on PostgreSQL alone: B answers from memory and refuses a token A revoked within 2 s")
  void twoInstancesWithChangeFeed(@TempDir Path data) {
    String db = LocalServices.newDatabase();
    Map<String, String> env = env(data, "LATCHKEY_DATABASE_URL", db);
    try (DemoServer a = DemoServer.start(DemoConfig.fromEnv(env));
        DemoServer b = DemoServer.start(DemoConfig.fromEnv(env))) {
      Map<String, Object> tokens = Http.map(Http.post(a.port(), "/api/v1/auth/register", Map.of("username", "bob",
          "email", "bob@example.com", "password", PASSWORD)));
      String access = (String) tokens.get("access_token");
      assertThat(Http.get(b.port(), "/api/v1/hello", access).statusCode()).isEqualTo(200);
      assertThat(Http.get(b.port(), "/api/v1/hello", access).statusCode()).isEqualTo(200);
      assertThat(logout(a.port(), access)).isEqualTo(204);
      assertThat(Http.get(a.port(), "/api/v1/hello", access).statusCode()).isEqualTo(401);
      long deadline = System.nanoTime() + java.time.Duration.ofSeconds(2).toNanos();
      int status;
      do {
        status = Http.get(b.port(), "/api/v1/hello", access).statusCode();
      } while (status == 200 && System.nanoTime() < deadline);
      assertThat(status).isEqualTo(401);
    } finally {
      LocalServices.dropDatabase(db);
    }
  }

  @Test
  @DisplayName("with LATCHKEY_SMTP_URL, mail goes to the SMTP server (GreenMail)")
  void smtp(@TempDir Path data) throws Exception {
    GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    mail.start();
    mail.setUser("mailer", "mail-secret");
    String db = LocalServices.newDatabase();
    try (DemoServer server = DemoServer.start(DemoConfig.fromEnv(env(data, "LATCHKEY_DATABASE_URL", db,
        "LATCHKEY_SMTP_URL", "smtp://mailer:mail-secret@127.0.0.1:" + mail.getSmtp().getPort())))) {
      Http.post(server.port(), "/api/v1/auth/register", Map.of("username", "carol", "email", "carol@example.com",
          "password", PASSWORD));
      assertThat(Http.post(server.port(), "/api/v1/auth/forgot-password", Map.of("email", "carol@example.com"))
          .statusCode()).isEqualTo(202);
      assertThat(mail.waitForIncomingEmail(5_000, 1)).isTrue();
      MimeMessage message = mail.getReceivedMessages()[0];
      assertThat(message.getAllRecipients()[0].toString()).isEqualTo("carol@example.com");
      assertThat(((String) message.getContent())).contains("token=");
    } finally {
      mail.stop();
      LocalServices.dropDatabase(db);
    }
  }

  @Test
  @DisplayName("LATCHKEY_DEV_MAILBOX serves the last messages to admins only; without it the route does not exist")
  void devMailbox(@TempDir Path data) {
    String db = LocalServices.newDatabase();
    try (DemoServer server = DemoServer.start(DemoConfig.fromEnv(env(data, "LATCHKEY_DATABASE_URL", db,
        "LATCHKEY_DEV_MAILBOX", "true")))) {
      String user = (String) Http.map(Http.post(server.port(), "/api/v1/auth/register", Map.of("username", "dave",
          "email", "dave@example.com", "password", PASSWORD))).get("access_token");
      Http.post(server.port(), "/api/v1/auth/forgot-password", Map.of("email", "dave@example.com"));
      String admin = (String) Http.map(Http.post(server.port(), "/api/v1/auth/login", Map.of("login", "admin",
          "password", "an admin passphrase for tests"))).get("access_token");
      HttpResponse<String> mailbox = Http.get(server.port(), "/api/v1/dev/mailbox?to=dave@example.com", admin);
      assertThat(mailbox.statusCode()).isEqualTo(200);
      assertThat(mailbox.body()).contains("dave@example.com").contains("token=").contains("sent_at");
      assertThat(Http.get(server.port(), "/api/v1/dev/mailbox", user).statusCode()).isEqualTo(403);
    } finally {
      LocalServices.dropDatabase(db);
    }
    String other = LocalServices.newDatabase();
    try (DemoServer server = DemoServer.start(DemoConfig.fromEnv(env(data.resolve("b"), "LATCHKEY_DATABASE_URL",
        other)))) {
      assertThat(Http.get(server.port(), "/api/v1/dev/mailbox", null).statusCode()).isEqualTo(404);
      assertThat(Http.get(server.port(), "/api/v1/openapi.json", null).body()).doesNotContain("/api/v1/dev/mailbox");
    } finally {
      LocalServices.dropDatabase(other);
    }
  }

  /** The default ES256 token verifies with plain Nimbus and the published JWK set alone, as a resource server would. */
  private static void assertVerifiableByJwks(int port, String access) {
    try {
      SignedJWT jwt = SignedJWT.parse(access);
      assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
      JWKSet keys = JWKSet.parse(Http.get(port, "/.well-known/jwks.json", null).body());
      ECKey key = keys.getKeyByKeyId(jwt.getHeader().getKeyID()).toECKey();
      assertThat(key.isPrivate()).isFalse();
      assertThat(jwt.verify(new ECDSAVerifier(key))).isTrue();
    } catch (java.text.ParseException | com.nimbusds.jose.JOSEException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  @DisplayName("an unreachable database stops the start with one line naming it, never the password in its URL")
  void unreachableStore(@TempDir Path data) {
    int closed = OwnStores.freePort();
    Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> DemoServer.start(DemoConfig.fromEnv(env(
        data, "LATCHKEY_DATABASE_URL", "jdbc:postgresql://127.0.0.1:" + closed + "/x?user=u&password=hunter2"))));
    assertThat(failure).isNotNull();
    assertThat(DemoServer.startupFailure(failure))
        .isEqualTo("LATCHKEY_DATABASE_URL: cannot connect to 127.0.0.1:" + closed + " (connection refused)");
    assertThat(DemoServer.startupFailure(new IllegalStateException("cannot open redis://default:s3cret@redis:6379/0",
        new RuntimeException("jdbc:postgresql://db/x?user=u&password=hunter2&ssl=true"))))
        .isEqualTo("cannot open redis://default:[redacted]@redis:6379/0: "
            + "jdbc:postgresql://db/x?user=u&password=[redacted]&ssl=true");
  }

  @Test
  @DisplayName("invalid settings stop the start with a message naming the variable, never its value")
  void settings(@TempDir Path data) {
    assertThatThrownBy(() -> DemoConfig.fromEnv(env(data, "PORT", "eighty"))).hasMessageContaining("PORT");
    assertThatThrownBy(() -> DemoConfig.fromEnv(env(data, "LATCHKEY_SIGNING_ALG", "none")))
        .hasMessageContaining("LATCHKEY_SIGNING_ALG");
    assertThatThrownBy(() -> DemoConfig.fromEnv(env(data, "LATCHKEY_LOG_FORMAT", "xml")))
        .hasMessage("LATCHKEY_LOG_FORMAT: must be json or text");
    assertThat(DemoConfig.fromEnv(env(data, "LATCHKEY_LOG_FORMAT", "Text"))).isNotNull();
    assertThatThrownBy(() -> DemoConfig.fromEnv(env(data, "LATCHKEY_DATABASE_URL", "jdbc:mysql://u:hunter2@db/x")))
        .hasMessageStartingWith("LATCHKEY_DATABASE_URL: ").hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> DemoConfig.fromEnv(env(data, "LATCHKEY_REDIS_URL", "http://u:hunter2@redis:6379")))
        .hasMessageStartingWith("LATCHKEY_REDIS_URL: ").hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> DemoConfig.fromEnv(env(data, "LATCHKEY_REDIS_URL", "redis://redis:6379/db?x=1")))
        .hasMessageStartingWith("LATCHKEY_REDIS_URL: ");
    assertThat(DemoConfig.fromEnv(env(data, "LATCHKEY_REDIS_URL", "rediss://default:pw@redis:6380/3")).redisUrl())
        .isEqualTo("rediss://default:pw@redis:6380/3");
    assertThatThrownBy(() -> DemoConfig.fromEnv(env(data, "LATCHKEY_BASE_URL", "mailto:someone@example.com")))
        .hasMessageStartingWith("LATCHKEY_BASE_URL: ");
    assertThatThrownBy(() -> DemoConfig.fromEnv(env(data, "LATCHKEY_ARGON2_ITERATIONS", "2",
        "LATCHKEY_ARGON2_MEMORY_KIB", "7168"))).hasMessageContaining("LATCHKEY_ARGON2_MEMORY_KIB")
        .hasMessageContaining("19456");
    assertThat(DemoConfig.fromEnv(env(data, "LATCHKEY_ARGON2_ITERATIONS", "2")).argon2MemoryKib()).isEqualTo(19_456);
    assertThat(DemoConfig.fromEnv(env(data)).argon2MemoryKib()).isEqualTo(7_168);
    assertThatThrownBy(() -> DemoConfig.fromEnv(env(data, "LATCHKEY_SMTP_URL", "http://u:hunter2@x")))
        .hasMessageContaining("LATCHKEY_SMTP_URL").hasMessageNotContaining("hunter2");
    DemoConfig defaults = DemoConfig.fromEnv(Map.of());
    assertThat(defaults.port()).isEqualTo(8080);
    assertThat(defaults.issuer()).isEqualTo("http://localhost:8080");
    assertThat(defaults.audience()).isEqualTo("latchkey");
    assertThat(defaults.signingAlgorithm()).isEqualTo(SigningAlgorithm.ES256);
    assertThat(defaults.toString()).doesNotContain("password");
    // compose.yaml passes every variable, empty where .env leaves it empty: empty means the default.
    Map<String, String> blank = new HashMap<>();
    for (String name : new String[] {"PORT", "LATCHKEY_DATA_DIR", "LATCHKEY_ISSUER", "LATCHKEY_AUDIENCE",
        "LATCHKEY_BASE_URL", "LATCHKEY_REDIS_PREFIX", "LATCHKEY_ADMIN_USERNAME", "LATCHKEY_ADMIN_EMAIL",
        "LATCHKEY_SIGNING_ALG", "LATCHKEY_ACCESS_TTL_SECONDS", "LATCHKEY_SELF_REGISTRATION", "LATCHKEY_SMTP_URL",
        "LATCHKEY_TRUSTED_PROXIES", "LATCHKEY_ARGON2_MEMORY_KIB"}) {
      blank.put(name, "");
    }
    DemoConfig empty = DemoConfig.fromEnv(blank);
    assertThat(empty.port()).isEqualTo(8080);
    assertThat(empty.dataDir()).isEqualTo(Path.of("./data"));
    assertThat(empty.issuer()).isEqualTo("http://localhost:8080");
    assertThat(empty.audience()).isEqualTo("latchkey");
    assertThat(empty.baseUrl()).hasToString("http://localhost:8080");
    assertThat(empty.redisPrefix()).isEqualTo("latchkey:");
    assertThat(empty.adminUsername()).isEqualTo("admin");
    assertThat(empty.adminEmail()).isEqualTo("admin@localhost");
    assertThat(empty.signingAlgorithm()).isEqualTo(SigningAlgorithm.ES256);
    assertThat(empty.trustedProxies()).isEmpty();
  }
}
