package dev.latchkey.auth.http.javalin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.AccessControl;
import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.NewUser;
import dev.latchkey.auth.core.memory.InMemoryStores;
import dev.latchkey.auth.core.role.Role;
import dev.latchkey.auth.core.service.Service;
import dev.latchkey.auth.core.user.User;
import dev.latchkey.auth.testkit.MutableClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Host routes guarded by {@link AuthRole#permission}: the core's {@code AccessControl.authorize} decides, a missing,
 * expired or revoked token is 401, a caller without the permission 403 {@code forbidden}, and the handler never runs
 * for a refused caller.
 */
class PermissionGuardHttpTest {
  private static final String PASSWORD = "correct horse battery staple";

  private final MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
  private final AtomicInteger handled = new AtomicInteger();
  private Auth auth;
  private TestServer server;
  private Service billing;
  private Service shipping;
  private User writer;

  @BeforeEach
  void start() {
    auth = Auth.builder().issuer("https://auth.example.test").audience("latchkey").clock(clock)
        .stores(InMemoryStores.create(clock)).build();
    AccessControl access = auth.accessControl();
    billing = access.registerService("billing", null);
    shipping = access.registerService("shipping", null);
    access.saveRole(new Role("order-writer", null, null, Set.of("orders:write")));
    access.saveRole(new Role("invoice-reader", billing.id(), null, Set.of("invoices:read")));
    access.saveRole(new Role("invoice-reader", shipping.id(), null, Set.of("invoices:read")));
    auth.admin().createUser(new NewUser("root", "root@example.com", PASSWORD, null, true, Set.of()));
    writer = user("writer");
    access.assign(writer.id(), "order-writer", null);
    access.assign(user("biller").id(), "invoice-reader", billing.id());
    access.assign(user("shipper").id(), "invoice-reader", shipping.id());
    user("plain");
    server = new TestServer(auth, c -> c.clock(clock), cfg -> {
      cfg.routes.post("/orders", ctx -> {
        handled.incrementAndGet();
        ctx.result("created by " + ctx.with(AuthPlugin.class).requirePrincipal().username());
      }, AuthRole.permission("orders:write"));
      cfg.routes.get("/invoices", ctx -> {
        handled.incrementAndGet();
        ctx.result("invoices of " + ctx.with(AuthPlugin.class).requirePrincipal().username());
      }, AuthRole.permission("billing", "invoices:read"));
      cfg.routes.get("/ghost", ctx -> handled.incrementAndGet(), AuthRole.permission("nowhere", "invoices:read"));
    });
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private User user(String name) {
    return auth.admin().createUser(new NewUser(name, name + "@example.com", PASSWORD, null, false, Set.of()));
  }

  private Map<String, Object> login(String name) {
    HttpResponse<String> r = server.post("/api/v1/auth/login", Map.of("login", name, "password", PASSWORD));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return TestServer.map(r);
  }

  private String token(String name) {
    return (String) login(name).get("access_token");
  }

  private static void assertProblem(HttpResponse<String> r, int status, String code) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith(
        "application/problem+json"));
    assertThat(TestServer.map(r)).containsEntry("code", code).containsEntry("status", status);
  }

  @Test
  @DisplayName("a user whose role grants the permission passes; one without it gets 403 and the handler never runs")
  void grantedAndRefused() {
    HttpResponse<String> ok = server.json("POST", "/orders", null, token("writer"));
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("created by writer");
    assertThat(handled).hasValue(1);

    assertProblem(server.json("POST", "/orders", null, token("plain")), 403, "forbidden");
    assertProblem(server.json("POST", "/orders", null, token("biller")), 403, "forbidden");
    assertProblem(server.json("POST", "/orders", null, null), 401, "invalid_token");
    assertThat(server.json("POST", "/orders", null, null).headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer");
    assertProblem(server.json("POST", "/orders", null, "not-a-token"), 401, "invalid_token");
    assertThat(handled).as("the handler ran only for the permitted caller").hasValue(1);
  }

  @Test
  @DisplayName("an administrator may do everything, as the core decides")
  void administratorPasses() {
    String root = token("root");
    assertThat(server.json("POST", "/orders", null, root).statusCode()).isEqualTo(200);
    assertThat(server.get("/invoices", root).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("a service's permission: the role in that service passes, the same role in another service does not")
  void perService() {
    HttpResponse<String> ok = server.get("/invoices", token("biller"));
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("invoices of biller");
    assertProblem(server.get("/invoices", token("shipper")), 403, "forbidden");
    assertProblem(server.get("/invoices", token("writer")), 403, "forbidden");
    assertProblem(server.get("/ghost", token("biller")), 403, "forbidden");
    assertThat(handled).hasValue(1);
  }

  @Test
  @DisplayName("an expired token is 401, even from a user who has the permission")
  void expiredToken() {
    String writer = token("writer");
    assertThat(server.json("POST", "/orders", null, writer).statusCode()).isEqualTo(200);
    clock.advance(Duration.ofMinutes(16));
    assertProblem(server.json("POST", "/orders", null, writer), 401, "invalid_token");
  }

  @Test
  @DisplayName("a revoked token (logout, or the role taken away) is 401; the next login without the role is 403")
  void revokedToken() {
    Map<String, Object> session = login("writer");
    String access = (String) session.get("access_token");
    assertThat(server.json("POST", "/orders", null, access).statusCode()).isEqualTo(200);
    assertThat(server.json("POST", "/api/v1/auth/logout", Map.of("refresh_token", session.get("refresh_token")),
        access).statusCode()).isEqualTo(204);
    assertProblem(server.json("POST", "/orders", null, access), 401, "invalid_token");

    String again = token("writer");
    assertThat(server.json("POST", "/orders", null, again).statusCode()).isEqualTo(200);
    clock.advance(Duration.ofSeconds(1)); // the test clock stands still: the change comes after the token
    auth.accessControl().unassign(writer.id(), "order-writer", null);
    assertProblem(server.json("POST", "/orders", null, again), 401, "invalid_token");
    assertProblem(server.json("POST", "/orders", null, token("writer")), 403, "forbidden");
  }

  @Test
  @DisplayName("API keys are judged by the key's roles and scope: a global key, a billing key, a shipping key")
  void apiKeys() {
    AccessControl access = auth.accessControl();
    String global = access.createApiKey("batch", Set.of("order-writer"), null, null).secret().reveal();
    String billingKey = access.createApiKey("billing-batch", Set.of("invoice-reader"), billing.id(), null)
        .secret().reveal();
    String shippingKey = access.createApiKey("shipping-batch", Set.of("invoice-reader"), shipping.id(), null)
        .secret().reveal();
    assertThat(server.json("POST", "/orders", null, global).body()).isEqualTo("created by batch");
    assertProblem(server.get("/invoices", global), 403, "forbidden");
    assertThat(server.get("/invoices", billingKey).body()).isEqualTo("invoices of billing-batch");
    assertProblem(server.get("/invoices", shippingKey), 403, "forbidden");
    assertProblem(server.json("POST", "/orders", null, billingKey), 403, "forbidden");
  }

  @Test
  @DisplayName("permission guards are values: equal when they name the same service and permission; blanks refused")
  void values() {
    assertThat(AuthRole.permission("orders:write")).isEqualTo(AuthRole.permission("orders:write"))
        .isNotEqualTo(AuthRole.permission("billing", "orders:write"));
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> AuthRole.permission(" "));
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> AuthRole.permission("", "orders:write"));
  }
}
