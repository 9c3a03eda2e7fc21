package dev.latchkey.auth.testkit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.token.Principal;
import dev.latchkey.auth.http.javalin.AuthPlugin;
import dev.latchkey.auth.http.javalin.AuthRole;
import dev.latchkey.auth.testkit.LatchkeyExtension;
import dev.latchkey.auth.testkit.SignedInUser;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LatchkeyHttpExtensionTest {
  private static final String PASSWORD = "a long and unusual passphrase";

  @RegisterExtension
  static LatchkeyHttpExtension http = LatchkeyHttpExtension.builder()
      .latchkey(LatchkeyExtension.builder().requireEmailVerification(true))
      .routes((cfg, auth) -> cfg.routes.get("/reports", ctx -> {
        Principal principal = ctx.with(AuthPlugin.class).requirePrincipal();
        if (!auth.authorize(principal, "reports:read")) {
          ctx.status(403).json(Map.of("error", "forbidden"));
          return;
        }
        ctx.json(Map.of("owner", principal.username()));
      }, AuthRole.AUTHENTICATED))
      .build();

  @Test
  void servesThePluginAndTheCallersRoutes() {
    LatchkeyServer server = http.server();
    assertThat(server.baseUri().toString()).startsWith("http://127.0.0.1:");
    SignedInUser reader = http.givenUser("rita").withRole("reader", "reports:read").signedIn();
    SignedInUser other = http.givenUser("otto").signedIn();

    HttpResponse<String> allowed = server.get("/reports", reader.accessToken());
    assertThat(allowed.statusCode()).isEqualTo(200);
    assertThat(server.json(allowed).get("owner").asText()).isEqualTo("rita");
    assertThat(server.get("/reports", other.accessToken()).statusCode()).isEqualTo(403);
    assertThat(server.get("/reports", null).statusCode()).isEqualTo(401);
  }

  @Test
  void signUpVerifyAndLogInOverHttp(LatchkeyServer server, Auth auth) {
    assertThat(auth).isSameAs(http.auth());
    HttpResponse<String> signUp = server.post("/api/v1/auth/register",
        Map.of("username", "vera", "email", "vera@example.com", "password", PASSWORD), null);
    assertThat(signUp.statusCode()).isEqualTo(202);
    String token = http.mailer().lastTokenTo("vera@example.com");
    assertThat(server.post("/api/v1/auth/verify-email", Map.of("token", token), null).statusCode()).isEqualTo(204);

    HttpResponse<String> login = server.post("/api/v1/auth/login", Map.of("login", "vera", "password", PASSWORD),
        null);
    assertThat(login.statusCode()).isEqualTo(200);
    String accessToken = server.json(login).get("access_token").asText();
    HttpResponse<String> me = server.get("/api/v1/me", accessToken);
    assertThat(server.json(me).get("username").asText()).isEqualTo("vera");
  }

  @Test
  void aStoppedServerRefusesConnections() {
    LatchkeyServer server = LatchkeyServer.start(http.auth());
    String path = "/api/v1/auth/login";
    assertThat(server.post(path, "{}", null).statusCode()).isEqualTo(400);
    server.close();
    assertThatThrownBy(() -> server.post(path, "{}", null))
        .isInstanceOf(UncheckedIOException.class);
  }
}
