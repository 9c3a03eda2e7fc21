package dev.latchkey.demo.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.NewUser;
import dev.latchkey.auth.core.UserChanges;
import dev.latchkey.auth.core.event.AuthEventType;
import dev.latchkey.auth.core.event.EventQuery;
import dev.latchkey.auth.core.oauth.OAuthProvider;
import dev.latchkey.auth.core.user.User;
import dev.latchkey.auth.core.user.UserId;
import dev.latchkey.auth.core.user.UserQuery;
import dev.latchkey.demo.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The administrator's pages, driven over HTTP as a browser without JavaScript would. */
class AdminPagesTest {
  static final List<String> ADMIN_PAGES = List.of("/admin", "/admin/users", "/admin/roles", "/admin/services",
      "/admin/api-keys", "/admin/providers", "/admin/providers/new?template=google", "/admin/audit", "/dev/mailbox");
  static final String PASSWORD = "quiet-harbour-lantern-57";
  static final String SCRIPT = "<script>alert('xss')</script>";
  static final String IMG = "<img src=x onerror=alert(1)>";

  @TempDir static Path data;
  static TestServer server;
  static WebClient admin;

  @BeforeAll
  static void start() {
    server = TestServer.start(data);
    admin = signIn(TestServer.ADMIN, TestServer.ADMIN_PASSWORD);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static WebClient signIn(String who, String password) {
    return signIn(server.port(), who, password);
  }

  static WebClient signIn(int port, String who, String password) {
    WebClient browser = new WebClient(port);
    WebClient.Page done = browser.submit(browser.get("/login"), "form[action=/login]", Map.of("identifier", who,
        "password", password));
    assertThat(done.status()).as("sign-in of " + who).isEqualTo(303);
    return browser;
  }

  static User user(String username, boolean isAdmin) {
    return server.auth().admin().createUser(new NewUser(username, username + "@example.com", PASSWORD, null,
        isAdmin, Set.of()));
  }

  static Map<String, String> form(String... pairs) {
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }

  // ---- who may see the pages (security first) ----

  @Test
  @DisplayName("signed out: every admin page sends the browser to the login page, coming back afterwards")
  void signedOutGoesToLogin() {
    WebClient anonymous = new WebClient(server.port());
    for (String path : ADMIN_PAGES) {
      WebClient.Page page = anonymous.get(path);
      assertThat(page.status()).as(path).isEqualTo(303);
      assertThat(page.location()).as(path).startsWith("/login?next=");
    }
  }

  @Test
  @DisplayName("a signed-in user without admin rights gets the 403 page on every admin page and every admin form")
  void nonAdminForbidden() {
    User plain = user("plain-user", false);
    WebClient browser = signIn("plain-user", PASSWORD);
    for (String path : ADMIN_PAGES) {
      WebClient.Page page = browser.get(path);
      assertThat(page.status()).as(path).isEqualTo(403);
      assertThat(page.heading()).as(path).isEqualTo("Administrators only");
    }
    for (String path : List.of("/admin/users/" + plain.id(), "/admin/services/" + UserId.random(),
        "/admin/providers/google")) {
      assertThat(browser.get(path).status()).as(path).isEqualTo(403);
    }
    // A POST with a valid CSRF token of this browser is still refused: the check is the role, not the form.
    WebClient.Page own = browser.get("/");
    String csrf = own.one("input[name=_csrf]").attr("value");
    WebClient.Page create = browser.post("/admin/users", form("_csrf", csrf, "username", "sneaky",
        "email", "sneaky@example.com", "password", PASSWORD, "admin", "on"), Map.of("Sec-Fetch-Site", "same-origin"));
    assertThat(create.status()).isEqualTo(403);
    WebClient.Page promote = browser.post("/admin/users/" + plain.id(), form("_csrf", csrf, "email",
        "plain-user@example.com", "admin", "on", "active", "on"), Map.of("Sec-Fetch-Site", "same-origin"));
    assertThat(promote.status()).isEqualTo(403);
    String other = UserId.random().toString();
    for (String path : List.of("/admin/users/" + plain.id() + "/password", "/admin/users/" + plain.id() + "/delete",
        "/admin/users/" + plain.id() + "/sessions/revoke-all", "/admin/users/" + plain.id() + "/sessions/" + other
            + "/revoke", "/admin/users/" + plain.id() + "/linked/" + other + "/unlink", "/admin/roles",
        "/admin/roles/update", "/admin/roles/delete", "/admin/services", "/admin/services/" + other,
        "/admin/services/" + other + "/delete", "/admin/api-keys", "/admin/api-keys/" + other + "/delete",
        "/admin/providers", "/admin/providers/google", "/admin/providers/google/enable",
        "/admin/providers/google/disable", "/admin/providers/google/delete",
        "/admin/users/" + plain.id() + "/service-roles", "/admin/users/" + plain.id() + "/service-roles/remove")) {
      WebClient.Page refused = browser.post(path, form("_csrf", csrf, "name", "x", "password", PASSWORD,
          "confirm", "plain-user"), Map.of("Sec-Fetch-Site", "same-origin"));
      assertThat(refused.status()).as("POST " + path).isEqualTo(403);
    }
    assertThat(server.auth().admin().user(plain.id()).orElseThrow().admin()).isFalse();
    assertThat(server.auth().admin().sessionsOf(plain.id())).isNotEmpty();
    assertThat(server.auth().admin().listUsers(new UserQuery("sneaky", 1, 10)).total()).isZero();
  }

  @Test
  @DisplayName("an admin form without its CSRF token is refused and changes nothing")
  void csrfRequired() {
    User target = user("csrf-target", false);
    WebClient.Page page = admin.post("/admin/users/" + target.id() + "/delete", form("confirm", "csrf-target"),
        Map.of("Sec-Fetch-Site", "same-origin"));
    assertThat(page.status()).isEqualTo(403);
    assertThat(server.auth().admin().user(target.id())).isPresent();
  }

  // ---- overview ----

  @Test
  @DisplayName("the overview shows the stats figures as cards and the admin navigation marks the current page")
  void overview() {
    WebClient.Page page = admin.get("/admin");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.heading()).isEqualTo("Administration");
    assertThat(page.doc().select(".stat")).hasSize(6);
    assertThat(page.one(".stat .value").text()).isEqualTo(Long.toString(server.auth().admin().stats().users()));
    assertThat(page.one("nav.admin-nav a[aria-current=page]").attr("href")).isEqualTo("/admin");
    assertThat(admin.get("/admin/roles").one("nav.admin-nav a[aria-current=page]").attr("href"))
        .isEqualTo("/admin/roles");
    for (String section : List.of("/admin/users", "/admin/roles", "/admin/services", "/admin/api-keys",
        "/admin/providers", "/admin/audit")) {
      assertThat(page.doc().select("main a[href=" + section + "]")).as(section).isNotEmpty();
    }
  }

  // ---- users ----

  @Test
  @DisplayName("users: create, edit name and email, disable, set a password, delete with the typed confirmation")
  void userLifecycle() {
    WebClient.Page list = admin.get("/admin/users");
    WebClient.Page created = admin.submit(list, "form[method=post][action=/admin/users]", form("username", "grace",
        "email", "grace@example.com", "name", "Grace", "password", PASSWORD));
    assertThat(created.status()).isEqualTo(303);
    assertThat(created.location()).startsWith("/admin/users/");
    WebClient.Page detail = admin.follow(created);
    assertThat(detail.heading()).isEqualTo("User grace");
    assertThat(detail.one(".alert-ok").text()).contains("grace created");
    String id = created.location().substring("/admin/users/".length());
    User grace = server.auth().admin().user(UserId.parse(id)).orElseThrow();
    assertThat(grace.emailVerified()).isTrue();

    WebClient.Page saved = admin.submit(detail, "form[action=/admin/users/" + id + "]", form("name",
        "Grace Hopper", "email", "grace.hopper@example.com"));
    assertThat(saved.status()).isEqualTo(303);
    User edited = server.auth().admin().user(grace.id()).orElseThrow();
    assertThat(edited.name()).isEqualTo("Grace Hopper");
    assertThat(edited.email()).isEqualTo("grace.hopper@example.com");
    assertThat(edited.active()).isTrue();

    // Disabling: the "active" checkbox left unticked.
    detail = admin.open("/admin/users/" + id);
    Map<String, String> fields = form("name", "Grace Hopper", "email", "grace.hopper@example.com");
    WebClient.Page disabled = admin.post("/admin/users/" + id, withCsrf(detail, fields),
        Map.of("Sec-Fetch-Site", "same-origin"));
    assertThat(disabled.status()).isEqualTo(303);
    assertThat(server.auth().admin().user(grace.id()).orElseThrow().active()).isFalse();
    assertThat(admin.get("/admin/users?filter=disabled").doc().select("tbody a").eachText()).contains("grace")
        .doesNotContain(TestServer.ADMIN);
    assertThat(admin.get("/admin/users?filter=admin").doc().select("tbody a").eachText())
        .contains(TestServer.ADMIN).doesNotContain("grace");

    WebClient.Page weak = admin.submit(admin.get("/admin/users/" + id), "form[action$=/password]",
        form("password", "short"));
    assertThat(weak.status()).isEqualTo(422);
    assertThat(weak.one("#password-error").text()).isNotBlank();
    WebClient.Page password = admin.submit(admin.get("/admin/users/" + id), "form[action$=/password]",
        form("password", "another-quite-long-passphrase-9"));
    assertThat(password.status()).isEqualTo(303);

    WebClient.Page wrong = admin.submit(admin.get("/admin/users/" + id), "form[action$=/delete]",
        form("confirm", "grac"));
    assertThat(wrong.status()).isEqualTo(422);
    assertThat(wrong.one("#confirm-error").text()).contains("grace");
    assertThat(server.auth().admin().user(grace.id())).isPresent();
    WebClient.Page deleted = admin.submit(admin.get("/admin/users/" + id), "form[action$=/delete]",
        form("confirm", "grace"));
    assertThat(deleted.status()).isEqualTo(303);
    assertThat(deleted.location()).isEqualTo("/admin/users");
    assertThat(server.auth().admin().user(grace.id())).isEmpty();
    assertThat(admin.get("/admin/users/" + id).status()).isEqualTo(404);
  }

  @Test
  @DisplayName("users: a create form with a taken username is answered 409 with the message on the page")
  void createConflict() {
    user("taken-name", false);
    WebClient.Page page = admin.submit(admin.get("/admin/users"), "form[method=post][action=/admin/users]", form("username",
        "taken-name", "email", "other-taken@example.com", "password", PASSWORD));
    assertThat(page.status()).isEqualTo(409);
    assertThat(page.one("#error-summary").text()).isNotBlank();
    assertThat(page.one("#username").attr("value")).isEqualTo("taken-name");
    WebClient.Page empty = admin.submit(admin.get("/admin/users"), "form[method=post][action=/admin/users]", form());
    assertThat(empty.status()).isEqualTo(422);
    assertThat(empty.doc().select("#error-summary a[href=#username]")).hasSize(1);
  }

  @Test
  @DisplayName("users: the last active administrator cannot demote, disable or delete itself; the refusal is plain")
  void lastAdminRefused() {
    UserId self = server.auth().admin().listUsers(new UserQuery(TestServer.ADMIN, 1, 10)).items().stream()
        .filter(u -> u.username().equals(TestServer.ADMIN)).findFirst().orElseThrow().id();
    // Other administrators would make the demotion legal: make sure there are none active.
    server.auth().admin().listUsers(new UserQuery(null, 1, 100)).items().stream()
        .filter(u -> u.admin() && !u.id().equals(self))
        .forEach(u -> server.auth().admin().updateUser(u.id(), UserChanges.none().withActive(false)));
    WebClient.Page detail = admin.get("/admin/users/" + self);
    String email = server.auth().admin().user(self).orElseThrow().email();
    WebClient.Page demote = admin.post("/admin/users/" + self, withCsrf(detail, form("email", email,
        "active", "on")), Map.of("Sec-Fetch-Site", "same-origin"));
    assertThat(demote.status()).isEqualTo(409);
    assertThat(demote.one("#error-summary").text()).contains("last active administrator");
    WebClient.Page delete = admin.submit(admin.get("/admin/users/" + self), "form[action$=/delete]",
        form("confirm", TestServer.ADMIN));
    assertThat(delete.status()).isEqualTo(409);
    assertThat(delete.one("#error-summary").text()).contains("last active administrator");
    assertThat(server.auth().admin().user(self).orElseThrow().admin()).isTrue();
  }

  @Test
  @DisplayName("users: a user's sessions are listed and can be revoked; their linked-accounts table is there")
  void sessions() {
    User someone = user("session-holder", false);
    signIn("session-holder", PASSWORD);
    WebClient.Page page = admin.get("/admin/users/" + someone.id());
    assertThat(page.doc().select("form[action$=/revoke]")).hasSize(1);
    assertThat(page.body()).contains("No linked accounts.");
    WebClient.Page revoked = admin.submit(page, "form[action$=/revoke]", form());
    assertThat(revoked.status()).isEqualTo(303);
    assertThat(server.auth().admin().sessionsOf(someone.id())).isEmpty();
  }

  @Test
  @DisplayName("users: a service-scoped role is given and taken away on the user page")
  void serviceRoles() {
    User someone = user("service-roled", false);
    var service = server.auth().accessControl().registerService("warehouse", null);
    server.auth().accessControl().saveRole(new dev.latchkey.auth.core.role.Role("picker", service.id(), null,
        Set.of("stock:read")));
    WebClient.Page page = admin.get("/admin/users/" + someone.id());
    assertThat(page.doc().select("#serviceRole option").eachText()).contains("picker · warehouse");
    WebClient.Page given = admin.submit(page, "form[action$=/service-roles]", form("serviceRole",
        service.id() + " picker"));
    assertThat(given.status()).isEqualTo(303);
    assertThat(server.auth().accessControl().assignmentsOf(someone.id()))
        .anyMatch(a -> a.role().equals("picker") && service.id().equals(a.service()));
    WebClient.Page taken = admin.submit(admin.get("/admin/users/" + someone.id()),
        "form[action$=/service-roles/remove]", form());
    assertThat(taken.status()).isEqualTo(303);
    assertThat(server.auth().accessControl().assignmentsOf(someone.id())).isEmpty();
    WebClient.Page bad = admin.submit(admin.get("/admin/users/" + someone.id()), "form[action$=/service-roles]",
        form("serviceRole", service.id() + " no-such-role"));
    assertThat(bad.status()).isEqualTo(404);
    assertThat(bad.one("#error-summary").text()).isNotBlank();
  }

  @Test
  @DisplayName("XSS: a user's name and email with markup are shown as text on the list and the user page")
  void userXss() {
    WebClient.Page created = admin.submit(admin.get("/admin/users"), "form[method=post][action=/admin/users]", form(
        "username", "xss-user", "email", "<img/src=x/onerror=alert(1)>@example.com", "name", SCRIPT,
        "password", PASSWORD));
    assertThat(created.status()).isEqualTo(303);
    String email = "<img/src=x/onerror=alert(1)>@example.com";
    WebClient.Page list = admin.get("/admin/users?q=xss");
    WebClient.Page detail = admin.follow(created);
    for (WebClient.Page page : List.of(list, detail)) {
      assertThat(page.body()).doesNotContain(SCRIPT).doesNotContain("<img/src=x/onerror=alert(1)>");
      assertThat(page.doc().select("script:not([src]), img, [onerror]")).isEmpty();
    }
    assertThat(list.doc().text()).contains(SCRIPT, email);
    assertThat(detail.one("#name").attr("value")).isEqualTo(SCRIPT);
    assertThat(detail.one("#email").attr("value")).isEqualTo(email);
  }

  // ---- roles, services, API keys ----

  @Test
  @DisplayName("roles: create (global and service-scoped), edit permissions, delete; a duplicate is refused")
  void roles() {
    WebClient.Page created = admin.submit(admin.get("/admin/roles"), "form[action=/admin/roles]", form("name",
        "editor", "description", "Edits orders", "permissions", "orders:read, orders:write"));
    assertThat(created.status()).isEqualTo(303);
    WebClient.Page list = admin.follow(created);
    Element row = list.one("tbody tr:has(th:containsOwn(editor))");
    assertThat(row.select("code").eachText()).containsExactly("orders:read", "orders:write");
    WebClient.Page again = admin.submit(list, "form[action=/admin/roles]", form("name", "editor"));
    assertThat(again.status()).isEqualTo(422);
    assertThat(again.one("#name-error").text()).contains("already exists");
    WebClient.Page reserved = admin.submit(list, "form[action=/admin/roles]", form("name", "admin"));
    assertThat(reserved.status()).isEqualTo(422);

    WebClient.Page edit = admin.get(row.selectFirst("a[href^=/admin/roles/edit]").attr("href"));
    assertThat(edit.heading()).isEqualTo("Role editor");
    WebClient.Page saved = admin.submit(edit, "form[action=/admin/roles/update]", form("permissions",
        "orders:read"));
    assertThat(saved.status()).isEqualTo(303);
    assertThat(server.auth().accessControl().roles()).anyMatch(r -> r.name().equals("editor")
        && r.permissions().equals(Set.of("orders:read")));

    var service = server.auth().accessControl().registerService("billing-for-roles", null);
    WebClient.Page scoped = admin.submit(admin.get("/admin/roles"), "form[action=/admin/roles]", form("name",
        "editor", "service", service.id().toString(), "permissions", "invoices:read"));
    assertThat(scoped.status()).isEqualTo(303);
    assertThat(server.auth().accessControl().roles()).anyMatch(r -> r.name().equals("editor")
        && service.id().equals(r.service()));

    WebClient.Page deleted = admin.submit(admin.get("/admin/roles"),
        "tbody tr:has(th:containsOwn(editor)):has(td:containsOwn(Global)) form[action=/admin/roles/delete]", form());
    assertThat(deleted.status()).isEqualTo(303);
    assertThat(server.auth().accessControl().roles()).noneMatch(r -> r.name().equals("editor")
        && r.service() == null);
  }

  @Test
  @DisplayName("services: register, rename, delete; a service still in use is refused with the reason shown")
  void services() {
    WebClient.Page created = admin.submit(admin.get("/admin/services"), "form[action=/admin/services]",
        form("name", "orders", "description", "The order service"));
    assertThat(created.status()).isEqualTo(303);
    var service = server.auth().accessControl().services().stream().filter(s -> s.name().equals("orders"))
        .findFirst().orElseThrow();
    WebClient.Page duplicate = admin.submit(admin.get("/admin/services"), "form[action=/admin/services]",
        form("name", "orders"));
    assertThat(duplicate.status()).isEqualTo(409);

    WebClient.Page edit = admin.get("/admin/services/" + service.id());
    WebClient.Page renamed = admin.submit(edit, "form[action=/admin/services/" + service.id() + "]",
        form("name", "orders-v2"));
    assertThat(renamed.status()).isEqualTo(303);
    assertThat(admin.follow(renamed).doc().select("tbody th").eachText()).contains("orders-v2");

    server.auth().accessControl().saveRole(new dev.latchkey.auth.core.role.Role("reader", service.id(), null,
        Set.of("x:read")));
    WebClient.Page inUse = admin.submit(admin.get("/admin/services"),
        "form[action=/admin/services/" + service.id() + "/delete]", form());
    assertThat(inUse.status()).isEqualTo(409);
    assertThat(inUse.one("#error-summary").text()).contains("delete them first");
    server.auth().accessControl().deleteRole("reader", service.id());
    WebClient.Page deleted = admin.submit(admin.get("/admin/services"),
        "form[action=/admin/services/" + service.id() + "/delete]", form());
    assertThat(deleted.status()).isEqualTo(303);
    assertThat(server.auth().accessControl().services()).noneMatch(s -> s.id().equals(service.id()));
  }

  @Test
  @DisplayName("API keys: the secret is on the creating POST's answer only (no-store), never on the list; delete")
  void apiKeys() {
    WebClient.Page list = admin.get("/admin/api-keys");
    WebClient.Page created = admin.submit(list, "form[action=/admin/api-keys]", form("name", "ci-pipeline",
        "expires", "2099-12-31"));
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.header("cache-control")).contains("no-store");
    String secret = created.one("#new-key-secret").text();
    assertThat(secret).startsWith("lk_");
    assertThat(created.one("button[data-copy=new-key-secret]").hasAttr("hidden")).isTrue();
    assertThat(server.auth().accessControl().authenticateApiKey(secret)).isPresent();

    WebClient.Page after = admin.get("/admin/api-keys");
    assertThat(after.body()).doesNotContain(secret);
    assertThat(after.doc().select("#new-key-secret")).isEmpty();
    Element row = after.one("tbody tr:has(th:containsOwn(ci-pipeline))");
    // Expires at the end of the chosen day; last used: the authentication above.
    assertThat(row.select("td").get(3).text()).isEqualTo("2100-01-01 00:00 UTC");
    assertThat(row.select("td").get(4).text()).isNotEqualTo("never").endsWith("UTC");

    WebClient.Page bad = admin.submit(after, "form[action=/admin/api-keys]", form("name", "x", "roles",
        "no-such-role"));
    assertThat(bad.status()).isEqualTo(404);
    assertThat(bad.doc().select("#new-key-secret")).isEmpty();
    assertThat(bad.one("#error-summary").text()).isNotBlank();

    WebClient.Page deleted = admin.submit(after, "form[action$=/delete]", form());
    assertThat(deleted.status()).isEqualTo(303);
    assertThat(server.auth().accessControl().authenticateApiKey(secret)).isEmpty();
  }

  // ---- providers ----

  @Test
  @DisplayName("providers: every template shows its callback URL; create from a template, edit, disable, delete")
  void providers() {
    for (String template : List.of("google", "github", "microsoft", "discord", "oidc")) {
      WebClient.Page form = admin.get("/admin/providers/new?template=" + template);
      assertThat(form.status()).as(template).isEqualTo(200);
      assertThat(form.one("#callback-url").text()).as(template)
          .startsWith(server.web().settings().baseUrl().toString().replaceAll("/$", "") + "/api/v1/auth/oauth/")
          .endsWith("/callback");
    }
    String secret = "very-secret-client-secret-123";
    WebClient.Page created = admin.submit(admin.get("/admin/providers/new?template=github"),
        "form[action=/admin/providers]", form("clientId", "gh-client", "clientSecret", secret));
    assertThat(created.status()).isEqualTo(303);
    WebClient.Page list = admin.follow(created);
    assertThat(list.one(".alert-ok").text()).contains("/api/v1/auth/oauth/github/callback");
    Element row = list.one("tbody tr:has(th:containsOwn(GitHub))");
    assertThat(row.text()).contains("Enabled");
    assertThat(row.select("td").get(2).text()).isEqualTo("0");
    assertThat(list.body()).doesNotContain(secret);
    WebClient.Page edit = admin.get("/admin/providers/github");
    assertThat(edit.body()).doesNotContain(secret);
    assertThat(edit.one("#clientSecret").attr("value")).isEmpty();

    WebClient.Page missingIssuer = admin.submit(admin.get("/admin/providers/new?template=oidc"),
        "form[action=/admin/providers]", form("name", "corp", "displayName", "Corp", "clientId", "c",
            "clientSecret", "s"));
    assertThat(missingIssuer.status()).isEqualTo(422);
    assertThat(missingIssuer.doc().select("#error-summary a[href=#issuer]")).hasSize(1);

    WebClient.Page saved = admin.submit(edit, "form[action=/admin/providers/github]", form("displayName",
        "GitHub (work)", "enabled", "on"));
    assertThat(saved.status()).isEqualTo(303);
    OAuthProvider stored = server.auth().admin().oauthProvider("github").orElseThrow();
    assertThat(stored.displayName()).isEqualTo("GitHub (work)");
    assertThat(stored.clientId()).isEqualTo("gh-client");

    WebClient.Page disabled = admin.submit(admin.get("/admin/providers"),
        "form[action=/admin/providers/github/disable]", form());
    assertThat(disabled.status()).isEqualTo(303);
    assertThat(server.auth().admin().oauthProvider("github").orElseThrow().enabled()).isFalse();
    assertThat(server.auth().oauth().providers()).noneMatch(p -> p.name().equals("github"));
    assertThat(admin.submit(admin.get("/admin/providers"), "form[action=/admin/providers/github/enable]",
        form()).status()).isEqualTo(303);
    assertThat(server.auth().admin().oauthProvider("github").orElseThrow().enabled()).isTrue();

    WebClient.Page forcedWithoutName = admin.submit(admin.get("/admin/providers/github"),
        "form[action$=/delete]", form("force", "on", "confirm", "gith"));
    assertThat(forcedWithoutName.status()).isEqualTo(422);
    assertThat(server.auth().admin().oauthProvider("github")).isPresent();
    WebClient.Page deleted = admin.submit(admin.get("/admin/providers/github"), "form[action$=/delete]", form());
    assertThat(deleted.status()).isEqualTo(303);
    assertThat(server.auth().admin().oauthProvider("github")).isEmpty();
  }

  @Test
  @DisplayName("XSS: a provider's display name with markup is shown as text on the list, edit and login pages")
  void providerXss() {
    WebClient.Page created = admin.submit(admin.get("/admin/providers/new?template=discord"),
        "form[action=/admin/providers]", form("name", "xss-provider", "displayName", IMG, "clientId", "d",
            "clientSecret", "s"));
    assertThat(created.status()).isEqualTo(303);
    for (String path : List.of("/admin/providers", "/admin/providers/xss-provider", "/login")) {
      WebClient.Page page = path.equals("/login") ? new WebClient(server.port()).get(path) : admin.get(path);
      assertThat(page.body()).as(path).doesNotContain(IMG);
      assertThat(page.doc().select("img[onerror], [onerror]")).as(path).isEmpty();
      assertThat(page.doc().text()).as(path).contains(IMG);
    }
    server.auth().admin().deleteOAuthProvider("xss-provider", true);
  }

  // ---- audit ----

  @Test
  @DisplayName("audit: events filtered by user and by type, paginated links keep the filter")
  void audit() {
    User someone = user("audited", false);
    server.auth().admin().updateUser(someone.id(), UserChanges.none().withActive(false));
    WebClient.Page byUser = admin.get("/admin/audit?user=audited");
    assertThat(byUser.status()).isEqualTo(200);
    List<String> types = byUser.doc().select("tbody td code").eachText();
    assertThat(types).contains("user_created", "user_disabled");
    assertThat(byUser.doc().select("tbody td a").eachText()).containsOnly("audited");
    WebClient.Page byType = admin.get("/admin/audit?type=user_disabled&user=" + someone.id());
    assertThat(byType.doc().select("tbody td code").eachText()).containsOnly("user_disabled");
    assertThat(byType.one("#type option[selected]").attr("value")).isEqualTo("user_disabled");
    WebClient.Page unknownType = admin.get("/admin/audit?type=nonsense");
    assertThat(unknownType.status()).isEqualTo(422);
    WebClient.Page unknownUser = admin.get("/admin/audit?user=nobody-at-all");
    assertThat(unknownUser.status()).isEqualTo(422);
    assertThat(unknownUser.one("#user-error").text()).contains("No user");
  }

  @Test
  @DisplayName("odd query values (huge or negative pages, unknown filters) are pages, never a 500")
  void oddQueries() {
    for (String path : List.of("/admin/audit?page=2147483647", "/admin/audit?page=-5", "/admin/audit?page=x",
        "/admin/users?page=2147483647", "/admin/users?page=0&filter=nonsense", "/admin/users?filter=admin&page=99999",
        "/admin/users/not-a-uuid", "/admin/providers/new?template=nonsense", "/admin/roles/edit?name=x&service=y",
        "/admin/services/not-a-uuid")) {
      WebClient.Page page = admin.get(path);
      assertThat(page.status()).as(path).isIn(200, 404);
      assertThat(page.header("content-type")).as(path).startsWith("text/html");
    }
  }

  @Test
  @DisplayName("XSS: an attacker-chosen audit detail (a provider name in a callback URL) is shown as text")
  void auditXss() {
    String payload = IMG;
    new WebClient(server.port()).get("/api/v1/auth/oauth/" + URLEncoder.encode(payload, StandardCharsets.UTF_8)
        .replace("+", "%20") + "/callback?code=a&state=b");
    boolean recorded = server.auth().admin().events(new EventQuery(null, AuthEventType.LOGIN_FAILED, 100)).stream()
        .anyMatch(e -> payload.equals(e.details().get("provider")));
    assertThat(recorded).as("the callback recorded the attacker's provider name in the audit log").isTrue();
    WebClient.Page page = admin.get("/admin/audit?type=login_failed");
    assertThat(page.body()).doesNotContain(payload);
    assertThat(page.doc().select("img, [onerror]")).isEmpty();
    assertThat(page.doc().text()).contains(payload);
  }

  // ---- dev mailbox ----

  @Test
  @DisplayName("dev mailbox: admins see the latest mail, escaped, with this server's reset link clickable")
  void mailbox() {
    User someone = server.auth().admin().createUser(new NewUser("mailee", "mailee@example.com", PASSWORD, SCRIPT,
        false, Set.of()));
    server.auth().requestPasswordReset(someone.email());
    String link = server.link("mailee@example.com", "");
    WebClient.Page page = admin.get("/dev/mailbox");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.heading()).isEqualTo("Dev mailbox");
    Element mail = page.one("article.mail:has(dd:containsOwn(mailee@example.com))");
    Element anchor = mail.selectFirst("pre a[href^=/reset-password?token=]");
    assertThat(anchor).as("the reset link is clickable").isNotNull();
    assertThat(link).endsWith(anchor.attr("href"));
    WebClient.Page reset = new WebClient(server.port()).get(anchor.attr("href"));
    assertThat(reset.status()).as("the mailed link lands on this server's reset page").isEqualTo(200);
    assertThat(reset.doc().select("form[method=post]")).isNotEmpty();
    assertThat(page.body()).doesNotContain(SCRIPT);
    assertThat(page.doc().select("script:not([src])")).isEmpty();
  }

  @Test
  @DisplayName("dev mailbox: only links to this server's verify and reset pages become links")
  void mailboxLinks() {
    AdminPages pages = new AdminPages(server.web());
    String base = server.web().settings().baseUrl().toString().replaceAll("/$", "");
    List<AdminPages.Segment> segments = pages.segments("Open " + base + "/reset-password?token=abc or"
        + " https://evil.example/reset-password?token=abc or " + base + "/admin now.");
    assertThat(segments.stream().filter(s -> s.href() != null).map(AdminPages.Segment::href))
        .containsExactly("/reset-password?token=abc");
    assertThat(String.join("", segments.stream().map(AdminPages.Segment::text).toList()))
        .isEqualTo("Open " + base + "/reset-password?token=abc or https://evil.example/reset-password?token=abc or "
            + base + "/admin now.");
  }

  /** The page's first form's CSRF token with {@code fields}: for a form submitted with checkboxes left unticked. */
  private static Map<String, String> withCsrf(WebClient.Page page, Map<String, String> fields) {
    Map<String, String> body = new HashMap<>(fields);
    body.put("_csrf", page.one("input[name=_csrf]").attr("value"));
    return body;
  }
}
