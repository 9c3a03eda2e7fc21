package dev.latchkey.auth.http.javalin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.AccountPolicy;
import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.NewUser;
import dev.latchkey.auth.core.Registration;
import dev.latchkey.auth.core.Stores;
import dev.latchkey.auth.core.memory.InMemoryStores;
import dev.latchkey.auth.core.ratelimit.RateLimit;
import dev.latchkey.auth.core.role.Role;
import dev.latchkey.auth.core.role.RoleAssignment;
import dev.latchkey.auth.core.user.User;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Over HTTP: the login's per-address limit counts failures only, every other public endpoint has a limit of its
 * own, a generated first-admin password must be changed, and no role named {@code admin} opens admin routes.
 */
class LimitsAndRolesHttpTest {
  private static final String PASSWORD = "correct horse battery staple";

  private TestServer server;
  private Stores stores;

  private Auth start(AccountPolicy policy, java.util.function.Consumer<AuthPlugin.Config> settings) {
    stores = InMemoryStores.create(Clock.systemUTC());
    Auth auth = Auth.builder().issuer("https://auth.example.test").audience("latchkey").stores(stores)
        .accountPolicy(policy).build();
    server = new TestServer(auth, settings);
    return auth;
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> login(String login, String password) {
    return server.post("/api/v1/auth/login", Map.of("login", login, "password", password));
  }

  private static void assertRateLimited(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
    assertThat(TestServer.map(r)).containsEntry("code", "rate_limited");
    assertThat(r.headers().firstValue("Retry-After")).isPresent();
  }

  @Test
  @DisplayName("200 successful logins from one address within a minute all succeed")
  void successesDoNotFillTheAddressBudget() {
    start(AccountPolicy.defaults(), c -> { }).register(Registration.of("alice", "alice@example.com", PASSWORD));
    for (int i = 0; i < 200; i++) {
      assertThat(login("alice", PASSWORD).statusCode()).as("login %d", i).isEqualTo(200);
    }
  }

  @Test
  @DisplayName("100 failures from an address, then the right password from it: 429 with Retry-After")
  void failuresLockTheAddress() {
    start(AccountPolicy.defaults(), c -> { }).register(Registration.of("alice", "alice@example.com", PASSWORD));
    for (int i = 0; i < 100; i++) {
      assertThat(login("user" + i, "wrong password here").statusCode()).isEqualTo(401);
    }
    assertRateLimited(login("alice", PASSWORD));
  }

  @Test
  @DisplayName("every other public endpoint answers 429 with Retry-After past its own per-address limit")
  void publicEndpointLimits() {
    RateLimit two = new RateLimit(2, Duration.ofMinutes(10), Duration.ofMinutes(10), Duration.ofHours(1));
    start(AccountPolicy.defaults().withRequiredEmailVerification(true), c -> c.limits(two, two, new RateLimit(600,
        Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMinutes(10))).publicLimits(two, two, two, two));
    Map<String, Map<String, Object>> bodies = Map.of(
        "/api/v1/auth/forgot-password", Map.of("email", "x@example.com"),
        "/api/v1/auth/resend-verification", Map.of("email", "x@example.com"),
        "/api/v1/auth/reset-password", Map.of("token", "not-a-token", "password", "a long enough passphrase"),
        "/api/v1/auth/verify-email", Map.of("token", "not-a-token"));
    for (var endpoint : bodies.entrySet()) {
      for (int i = 0; i < 2; i++) {
        assertThat(server.post(endpoint.getKey(), endpoint.getValue()).statusCode()).as(endpoint.getKey())
            .isNotEqualTo(429);
      }
      assertRateLimited(server.post(endpoint.getKey(), endpoint.getValue()));
    }
    for (int i = 0; i < 2; i++) {
      assertThat(server.post("/api/v1/auth/register", Map.of("username", "user" + i, "email", "user" + i
          + "@example.com", "password", PASSWORD)).statusCode()).isEqualTo(202);
    }
    assertRateLimited(server.post("/api/v1/auth/register", Map.of("username", "user9", "email", "user9@example.com",
        "password", PASSWORD)));
    for (int i = 0; i < 2; i++) {
      assertThat(server.get("/api/v1/auth/oauth/nowhere/authorize", null).statusCode()).isEqualTo(404);
    }
    assertRateLimited(server.get("/api/v1/auth/oauth/nowhere/authorize", null));
  }

  @Test
  @DisplayName("a generated first-admin password answers 403 password_change_required until it is replaced")
  void firstAdminMustChangePassword() {
    Auth auth = start(AccountPolicy.defaults().withAdminBootstrap(
        new AccountPolicy.AdminBootstrap("root", "root@example.com", null)), c -> { });
    String knownHash = auth.register(Registration.of("helper", "helper@example.com", PASSWORD)).passwordHash();
    User root = stores.users().findByUsername("root").orElseThrow();
    stores.users().update(root.withPasswordHash(knownHash), root.version()); // the generated one is only logged

    assertThat(TestServer.map(login("root", "not the password"))).containsEntry("code", "invalid_credentials");
    HttpResponse<String> change = login("root", PASSWORD);
    assertThat(change.statusCode()).as(change.body()).isEqualTo(403);
    assertThat(change.headers().firstValue("Content-Type")).hasValueSatisfying(v ->
        assertThat(v).startsWith("application/problem+json"));
    Map<String, Object> body = TestServer.map(change);
    assertThat(body).containsEntry("code", "password_change_required").containsKey("password_change_token")
        .doesNotContainKeys("access_token", "refresh_token");
    String chosen = "a brand new admin passphrase";
    assertThat(server.post("/api/v1/auth/reset-password", Map.of("token", body.get("password_change_token"),
        "password", chosen)).statusCode()).isEqualTo(204);
    HttpResponse<String> in = login("root", chosen);
    assertThat(in.statusCode()).as(in.body()).isEqualTo(200);
    String token = (String) TestServer.map(in).get("access_token");
    assertThat(server.get("/api/v1/users", token).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("no role named admin opens admin routes: it cannot be created, and a stored one confers nothing")
  void adminRoleReserved() {
    Auth auth = start(AccountPolicy.defaults(), c -> { });
    auth.admin().createUser(new NewUser("root", "root@example.com", PASSWORD, null, true, Set.of()));
    User bob = auth.register(Registration.of("bob", "bob@example.com", PASSWORD));
    String root = (String) TestServer.map(login("root", PASSWORD)).get("access_token");
    for (String name : List.of("admin", "Admin")) {
      HttpResponse<String> r = server.json("POST", "/api/v1/admin/roles", Map.of("name", name, "permissions",
          List.of("*")), root);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
      assertThat(TestServer.map(r)).containsEntry("code", "validation_failed");
    }
    stores.roles().save(new Role("admin", null, null, Set.of("*"))); // as an older version could have stored it
    stores.roleAssignments().assign(new RoleAssignment(bob.id(), "admin", null));
    String bobs = (String) TestServer.map(login("bob", PASSWORD)).get("access_token");
    assertThat(server.get("/api/v1/users", bobs).statusCode()).isEqualTo(403);
    HttpResponse<String> key = server.json("POST", "/api/v1/admin/api-keys", Map.of("name", "ci", "roles",
        List.of("admin")), root);
    assertThat(key.statusCode()).as(key.body()).isEqualTo(400);
  }
}
