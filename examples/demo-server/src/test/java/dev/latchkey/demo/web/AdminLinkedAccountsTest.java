package dev.latchkey.demo.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.oauth.OAuthAccount;
import dev.latchkey.auth.core.user.User;
import dev.latchkey.auth.core.user.UserQuery;
import dev.latchkey.demo.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin pages with a real linked account (a login through the demo OpenID provider): the provider list counts it,
 * the last-login-method refusal on unlink is shown, and deleting the provider needs the explicit, typed force.
 */
class AdminLinkedAccountsTest {
  @TempDir static Path data;
  static TestServer server;

  @BeforeAll
  static void start() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    server = TestServer.start(data, Map.of("PORT", Integer.toString(port), "LATCHKEY_BASE_URL",
        "http://localhost:" + port, "LATCHKEY_DEMO_IDP", "true", "LATCHKEY_DEMO_IDP_PORT", "0"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  @DisplayName("linked count shown; unlinking the last login method refused plainly; provider delete needs typed force")
  void linkedAccountGuards() {
    WebClient person = new WebClient(server.port());
    WebClient.Page go = person.submit(person.get("/login"), "form[action=/oauth/demo/start]", Map.of());
    String callback = OAuthPagesTest.idpLogin(go.one("a#continue").attr("href"), "linked-sub",
        "{\"name\": \"Linked Person\"}");
    WebClient.Page landed = person.get(person.get(callback).location());
    assertThat(landed.status()).isEqualTo(303);
    User linked = server.auth().admin().listUsers(new UserQuery(null, 1, 100)).items().stream()
        .filter(u -> !server.auth().admin().oauthAccountsOf(u.id()).isEmpty()).findFirst().orElseThrow();
    List<OAuthAccount> accounts = server.auth().admin().oauthAccountsOf(linked.id());
    assertThat(accounts).hasSize(1);

    WebClient admin = AdminPagesTest.signIn(server.port(), TestServer.ADMIN, TestServer.ADMIN_PASSWORD);
    Element row = admin.get("/admin/providers").one("tbody tr:has(a[href=/admin/providers/demo])");
    assertThat(row.select("td").get(2).text()).isEqualTo("1");

    WebClient.Page user = admin.get("/admin/users/" + linked.id());
    assertThat(user.one("tbody tr:has(th:containsOwn(demo))").text()).contains("demo");
    WebClient.Page unlink = admin.submit(user, "form[action$=/unlink]", Map.of());
    assertThat(unlink.status()).isEqualTo(409);
    assertThat(unlink.one("#error-summary").text()).contains("last way to log in");
    assertThat(server.auth().admin().oauthAccountsOf(linked.id())).hasSize(1);

    WebClient.Page refused = admin.submit(admin.get("/admin/providers/demo"), "form[action$=/delete]", Map.of());
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.one("#error-summary").text()).contains("1 linked accounts").contains("type the provider's name");
    assertThat(server.auth().admin().oauthProvider("demo")).isPresent();
    WebClient.Page forced = admin.submit(admin.get("/admin/providers/demo"), "form[action$=/delete]",
        Map.of("force", "on", "confirm", "demo"));
    assertThat(forced.status()).isEqualTo(303);
    assertThat(server.auth().admin().oauthProvider("demo")).isEmpty();
  }
}
