package dev.latchkey.auth.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.Registration;
import dev.latchkey.auth.core.role.Role;
import dev.latchkey.auth.core.user.User;
import dev.latchkey.auth.http.javalin.AuthPlugin;
import dev.latchkey.auth.http.javalin.AuthRole;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Runs README.md's Javalin example on a free port. */
class HttpExampleTest {

  @Test
  void httpExampleRuns() throws Exception {
    Auth auth = Auth.builder().issuer("https://auth.example.com").audience("my-api").build();
    User alice = auth.register(Registration.of("alice", "alice@example.com", "correct horse battery staple"));
    // README:http:start
    Javalin app = Javalin.create(cfg -> {
      cfg.registerPlugin(new AuthPlugin(auth, c -> c
          .basePath("/auth-api") // the API's routes: /auth-api/auth/login, /auth-api/me, ... (default /api/v1)
          .corsOrigins(Set.of("https://app.example.com"))
          .trustedProxies(Set.of("10.0.0.0/8"))));
      cfg.routes.get("/orders", ctx -> {
        var principal = ctx.with(AuthPlugin.class).requirePrincipal(); // set by the guard below
        ctx.json(Map.of("owner", principal.username()));
      }, AuthRole.AUTHENTICATED);
      cfg.routes.post("/orders", ctx -> ctx.status(201), AuthRole.permission("orders:write"));
    }).start(0);
    // README:http:end
    try {
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + app.port();
      String token = login(http, base);
      HttpResponse<String> orders = http.send(HttpRequest.newBuilder(URI.create(base + "/orders"))
          .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(orders.body()).isEqualTo("{\"owner\":\"alice\"}");
      assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/orders")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
      assertThat(post(http, base, token).statusCode()).as("without the permission").isEqualTo(403);
      auth.accessControl().saveRole(new Role("clerk", null, null, Set.of("orders:write")));
      auth.accessControl().assign(alice.id(), "clerk", null);
      assertThat(post(http, base, login(http, base)).statusCode()).as("with it").isEqualTo(201);
    } finally {
      app.stop();
    }
  }

  private static String login(HttpClient http, String base) throws Exception {
    HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/auth-api/auth/login"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"login\":\"alice\",\"password\":\"correct horse battery staple\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    return login.body().replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");
  }

  private static HttpResponse<String> post(HttpClient http, String base, String token) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + "/orders")).header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }
}
