package dev.latchkey.demo.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.Registration;
import dev.latchkey.auth.core.oauth.ProviderSettings;
import dev.latchkey.auth.core.user.User;
import dev.latchkey.demo.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The account pages for an account that signs in only with a provider (no password): what they offer instead of
 * the password forms, the last-login-method refusal, and deletion through a fresh provider login.
 *
 * <p>Such an account comes from a provider's callback, which needs a running identity provider; here a registered
 * account is signed in and then, before any page reads it, has its password hash removed and provider identities
 * linked directly in the embedded PostgreSQL, as the callback would have stored them.
 */
class PasswordlessAccountPagesTest {
  private static final String PASSWORD = "violet-harbour-lantern-ninety";
  private static final AtomicInteger USERS = new AtomicInteger();

  @TempDir static Path data;
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(data);
    server.auth().admin().createOAuthProvider(ProviderSettings.github("client-id", "client-secret"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A signed-in browser of an account with no password and {@code links} GitHub identities. */
  private static WebClient passwordless(User[] user, int links) throws Exception {
    int n = USERS.incrementAndGet();
    user[0] = server.auth().register(new Registration("oauth" + n, "oauth" + n + "@example.test", PASSWORD, null,
        null));
    WebClient browser = new WebClient(server.port());
    WebClient.Page done = browser.submit(browser.get("/login"), "form[action=/login]",
        Map.of("identifier", user[0].username(), "password", PASSWORD));
    assertThat(done.status()).isEqualTo(303);
    try (Connection db = database()) {
      try (PreparedStatement st = db.prepareStatement("update auth.users set password_hash = null where id = ?")) {
        st.setObject(1, user[0].id().value());
        assertThat(st.executeUpdate()).isEqualTo(1);
      }
      for (int i = 0; i < links; i++) {
        try (PreparedStatement st = db.prepareStatement("insert into auth.oauth_accounts (id, user_id, provider,"
            + " issuer, subject, email, email_verified, linked_at) values (?, ?, 'github', 'https://github.com', ?,"
            + " ?, true, ?)")) {
          st.setObject(1, UUID.randomUUID());
          st.setObject(2, user[0].id().value());
          st.setString(3, "subject-" + n + "-" + i);
          st.setString(4, user[0].email());
          st.setTimestamp(5, Timestamp.from(Instant.now()));
          st.executeUpdate();
        }
      }
    }
    assertThat(server.auth().user(user[0].id()).orElseThrow().hasPassword()).isFalse();
    return browser;
  }

  private static Connection database() throws SQLException, java.io.IOException {
    String port = Files.readAllLines(data.resolve("postgres").resolve("postmaster.pid")).get(3).strip();
    return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", "");
  }

  @Test
  @DisplayName("the last linked provider of an account without a password is marked, and unlinking it is a 409 that"
      + " says why; the link stays")
  void lastLoginMethod() throws Exception {
    User[] user = new User[1];
    WebClient browser = passwordless(user, 1);
    WebClient.Page page = browser.get("/account/linked");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.doc().select("table tbody tr")).hasSize(1);
    assertThat(page.one("tbody th").text()).isEqualTo("GitHub");
    assertThat(page.doc().text()).contains("only way to sign in", "Your account has no password");
    WebClient.Page refused = browser.submit(page, "form[action$=/unlink]", Map.of());
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.one("#error-summary").text()).contains("only way to sign in", "Set a password");
    assertThat(server.auth().oauth().accounts(user[0].id())).hasSize(1);
  }

  @Test
  @DisplayName("with two linked providers one can be unlinked (PRG with a flash)")
  void unlinkOneOfTwo() throws Exception {
    User[] user = new User[1];
    WebClient browser = passwordless(user, 2);
    WebClient.Page page = browser.get("/account/linked");
    assertThat(page.doc().text()).doesNotContain("only way to sign in");
    WebClient.Page done = browser.submit(page, "form[action$=/unlink]", Map.of());
    assertThat(done.status()).isEqualTo(303);
    assertThat(browser.get("/account/linked").one(".alert-ok").text()).contains("unlinked");
    assertThat(server.auth().oauth().accounts(user[0].id())).hasSize(1);
  }

  @Test
  @DisplayName("password and email pages explain how to set a password instead of asking for a current one")
  void noPasswordForms() throws Exception {
    WebClient browser = passwordless(new User[1], 1);
    for (String path : new String[] {"/account/password", "/account/email"}) {
      WebClient.Page page = browser.get(path);
      assertThat(page.status()).as(path).isEqualTo(200);
      assertThat(page.doc().select("form[action=" + path + "]")).as(path).isEmpty();
      assertThat(page.one("a[href=/forgot-password]")).isNotNull();
      assertThat(page.doc().text()).as(path).contains("no password");
    }
  }

  @Test
  @DisplayName("delete: no password field; without a fresh provider login the deletion is refused (403) with a"
      + " button to sign in again that comes back to the page")
  void deleteNeedsFreshProviderLogin() throws Exception {
    User[] user = new User[1];
    WebClient browser = passwordless(user, 1);
    WebClient.Page form = browser.get("/account/delete");
    assertThat(form.doc().select("#current_password")).isEmpty();
    assertThat(form.one("form[action=/oauth/github/start] input[name=next]").attr("value"))
        .isEqualTo("/account/delete");
    assertThat(form.one("form[action=/oauth/github/start] button").text()).contains("Sign in again with GitHub");
    WebClient.Page refused = browser.submit(form, "form[action=/account/delete]",
        Map.of("confirm_username", user[0].username()));
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.one("#error-summary").text()).contains("fresh sign-in", "ten minutes");
    assertThat(server.auth().user(user[0].id())).isPresent();
  }
}
