package dev.latchkey.demo.web.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.NewUser;
import dev.latchkey.auth.core.user.User;
import dev.latchkey.auth.core.user.UserQuery;
import dev.latchkey.demo.TestServer;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The administrator's pages in Chromium: a user created, edited, disabled and deleted; a role, a service, an API key
 * and an OAuth provider created, with axe on the way. Every admin page's axe check in the four variants and its
 * screenshots ({@code target/screenshots/admin-*.png}) are in {@link PageCatalogueTest}.
 */
class AdminBrowserTest {
  @TempDir static Path data;
  @RegisterExtension static final Browser browser = new Browser();
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(data);
    browser.base(server.url());
    server.auth().admin().createUser(new NewUser("casey", "casey@example.com", "violet-lantern-orchard-sixteen",
        "Casey Example", false, Set.of()));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  @DisplayName("admin creates, edits, disables and deletes a user; creates a role, a service, an API key, a provider")
  void adminJourney() {
    browser.signIn(TestServer.ADMIN, TestServer.ADMIN_PASSWORD).open("/admin");
    assertThat(browser.heading()).isEqualTo("Administration");
    Axe.check(browser, "admin overview");

    // A user: create, edit, disable, delete.
    browser.open("/admin/users").fill("Username", "ada").fill("Email", "ada@example.com")
        .fill("Display name (optional)", "Ada").fill("First password", "analytical-engine-notes-1843").submit();
    assertThat(browser.heading()).isEqualTo("User ada");
    assertThat(browser.flash()).contains("ada created");
    browser.fill("Display name", "Ada Lovelace").click("Save changes");
    assertThat(browser.flash()).contains("saved");
    assertThat(browser.field("Display name").getAttribute("value")).isEqualTo("Ada Lovelace");
    browser.check("Active", false).click("Save changes");
    assertThat(browser.find(".page-head").getText()).contains("Disabled");
    User ada = server.auth().admin().listUsers(new UserQuery("ada", 1, 10)).items().getFirst();
    assertThat(ada.active()).isFalse();
    assertThat(ada.name()).isEqualTo("Ada Lovelace");
    Axe.check(browser, "admin user page");
    browser.fill("Type the username to confirm", "ada").click("Delete user");
    assertThat(browser.path()).isEqualTo("/admin/users");
    assertThat(browser.flash()).contains("ada deleted");
    assertThat(server.auth().admin().user(ada.id())).isEmpty();

    // A role, a service.
    browser.open("/admin/roles").fill("Name", "support").fill("Permissions", "tickets:read tickets:write")
        .submit();
    assertThat(browser.flash()).contains("support created");
    assertThat(server.auth().accessControl().roles()).anyMatch(r -> r.name().equals("support")
        && r.permissions().equals(Set.of("tickets:read", "tickets:write")));
    browser.open("/admin/services").fill("Name", "helpdesk").submit();
    assertThat(browser.flash()).contains("helpdesk registered");

    // An API key: the secret once, with a working copy button.
    browser.open("/admin/api-keys").fill("What it is for", "zapier").fill("Roles (optional)", "support").submit();
    String secret = browser.find("#new-key-secret").getText();
    assertThat(secret).startsWith("lk_");
    assertThat(browser.find("button[data-copy=new-key-secret]").isDisplayed()).isTrue();
    Axe.check(browser, "API key created");
    browser.open("/admin/api-keys");
    assertThat(browser.driver().findElements(By.id("new-key-secret"))).isEmpty();
    assertThat(browser.driver().getPageSource()).doesNotContain(secret);

    // A provider from the Google template.
    browser.open("/admin/providers").click("Google");
    assertThat(browser.heading()).isEqualTo("Add Google");
    assertThat(browser.find("#callback-url").getText()).isEqualTo(
        server.web().settings().baseUrl().toString().replaceAll("/$", "") + "/api/v1/auth/oauth/google/callback");
    browser.fill("Client id", "google-client-id").fill("Client secret", "google-client-secret").submit();
    assertThat(browser.flash()).contains("Google added");
    assertThat(server.auth().admin().oauthProvider("google")).isPresent();
    assertThat(browser.driver().getPageSource()).doesNotContain("google-client-secret");
  }
}
