package dev.latchkey.auth.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.Registration;
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
    auth.register(Registration.of("alice", "alice@example.com", "correct horse battery staple"));
    // README:http:start
    Javalin app = Javalin.create(cfg -> {
      cfg.registerPlugin(new AuthPlugin(auth, c -> c
          .corsOrigins(Set.of("https://app.example.com"))
          .trustedProxies(Set.of("10.0.0.0/8"))));
      cfg.routes.get("/orders", ctx -> {
        var principal = ctx.with(AuthPlugin.class).requirePrincipal(); // set by the guard below
        ctx.json(Map.of("owner", principal.username()));
      }, AuthRole.AUTHENTICATED);
    }).start(0);
    // README:http:end
    try {
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + app.port();
      HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/login"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(
              "{\"login\":\"alice\",\"password\":\"correct horse battery staple\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      String token = login.body().replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");
      HttpResponse<String> orders = http.send(HttpRequest.newBuilder(URI.create(base + "/orders"))
          .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(orders.body()).isEqualTo("{\"owner\":\"alice\"}");
      assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/orders")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    } finally {
      app.stop();
    }
  }
}
