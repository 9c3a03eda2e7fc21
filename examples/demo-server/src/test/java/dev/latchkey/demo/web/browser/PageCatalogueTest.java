package dev.latchkey.demo.web.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.NewUser;
import dev.latchkey.demo.TestServer;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every page of the web UI, as each role sees it, in a real Chromium: it loads with the expected heading, it does
 * not scroll sideways, axe-core finds no serious or critical violation, and a screenshot is saved, in all four
 * {@link Variant}s (desktop and phone,
 * light and dark): {@code target/screenshots/<name>-<desktop|phone>-<light|dark>.png}.
 *
 * <p>To add a page, add one line to {@link #PAGES}: {@code page(name, role, path, heading)} for a page a GET shows,
 * or {@code shown(name, role, heading, b -> ...)} for one reached by acting (submitting a form with errors, say);
 * names are unique and become the screenshot's file name. Entries run grouped by role, signed in once per role, so a
 * {@code shown} action must leave the role's session alive (no signing out, no password change).
 * {@link #USER} / {@link #USER_PASSWORD} is a plain verified account and {@link TestServer#ADMIN} the administrator;
 * what a page needs to show something (a second user, a role, an API key) is created in {@link #start()} through
 * {@code server.auth()}.
 */
class PageCatalogueTest {
  /** Who looks at the page. */
  enum Role {
    /** Not signed in. */
    ANONYMOUS,
    /** A plain account: {@link #USER}. */
    USER,
    /** The administrator {@link TestServer#ADMIN}. */
    ADMIN
  }

  /** A plain verified account every catalogue run has. */
  static final String USER = "casey";
  static final String USER_PASSWORD = "violet-lantern-orchard-sixteen";

  /**
   * A page of the catalogue.
   *
   * @param name unique, the stem of its screenshots
   * @param role who looks at it
   * @param heading its {@code h1}
   * @param show brings it up in the browser (signed in as {@code role} already)
   */
  record Entry(String name, Role role, String heading, Consumer<Browser> show) {
    @Override
    public String toString() {
      return name + " (" + role.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
  }

  /** A page a GET of {@code path} shows. */
  static Entry page(String name, Role role, String path, String heading) {
    return new Entry(name, role, heading, b -> b.open(path));
  }

  /** A page reached by doing something: {@code show} opens it, once; the four variants then apply to that page. */
  static Entry shown(String name, Role role, String heading, Consumer<Browser> show) {
    return new Entry(name, role, heading, show);
  }

  /** The catalogue: one line per page and role. */
  static final List<Entry> PAGES = List.of(
      // Foundation (site pages and error pages)
      page("home", Role.ANONYMOUS, "/", "Latchkey"),
      page("login", Role.ANONYMOUS, "/login", "Sign in"),
      shown("login-errors", Role.ANONYMOUS, "Sign in", b -> b.open("/login").fill("Username or email", "")
          .fill("Password", "").submit()),
      shown("login-wrong-password", Role.ANONYMOUS, "Sign in", b -> b.open("/login")
          .fill("Username or email", "nobody@example.com").fill("Password", "not-the-password").submit()),
      page("signed-out", Role.ANONYMOUS, "/signed-out", "You are signed out"),
      page("not-found", Role.ANONYMOUS, "/no-such-page", "Page not found"),
      shown("form-refused", Role.ANONYMOUS, "This form could not be accepted", b -> {
        b.open("/login");
        b.script("document.querySelector('input[name=_csrf]').remove();");
        b.fill("Username or email", USER).fill("Password", USER_PASSWORD).submit();
      }),
      // Public account pages and the OAuth landing (i16-public)
      page("register", Role.ANONYMOUS, "/register", "Create an account"),
      shown("register-errors", Role.ANONYMOUS, "Create an account", b -> b.open("/register")
          .fill("Username", "x!").fill("Email address", "not-an-address").fill("Password", "abc").submit()),
      page("register-sent", Role.ANONYMOUS, "/register/sent", "Check your inbox"),
      page("forgot-password", Role.ANONYMOUS, "/forgot-password", "Forgot your password?"),
      shown("forgot-password-errors", Role.ANONYMOUS, "Forgot your password?", b -> b.open("/forgot-password")
          .fill("Email address", "not-an-address").submit()),
      page("forgot-password-sent", Role.ANONYMOUS, "/forgot-password/sent", "Check your inbox"),
      page("reset-password", Role.ANONYMOUS, "/reset-password?token=example", "Choose a new password"),
      page("reset-password-invalid", Role.ANONYMOUS, "/reset-password", "Choose a new password"),
      page("verify-email", Role.ANONYMOUS, "/verify-email?token=example", "Confirm your email address"),
      page("verify-email-invalid", Role.ANONYMOUS, "/verify-email", "Confirm your email address"),
      page("resend-verification", Role.ANONYMOUS, "/resend-verification", "Confirm your email address"),
      page("resend-verification-sent", Role.ANONYMOUS, "/resend-verification/sent", "Check your inbox"),
      page("oauth-landing-ended", Role.ANONYMOUS, "/oauth/landing", "This sign-in has ended"),
      page("home-user", Role.USER, "/", "Latchkey"),
      page("not-found-user", Role.USER, "/no-such-page", "Page not found"),
      // Signed-in pages (dashboard, hello, account)
      page("dashboard", Role.USER, "/dashboard", "Welcome, Casey Example"),
      page("hello", Role.USER, "/hello", "Hello"),
      page("account-profile", Role.USER, "/account", "Profile"),
      shown("account-profile-errors", Role.USER, "Profile", b -> b.open("/account").fill("Phone number", "12ab")
          .submit()),
      page("account-email", Role.USER, "/account/email", "Email address"),
      shown("account-email-errors", Role.USER, "Email address", b -> b.open("/account/email")
          .fill("New email address", "").fill("Current password", "").submit()),
      page("account-password", Role.USER, "/account/password", "Password"),
      shown("account-password-weak", Role.USER, "Password", b -> b.open("/account/password")
          .fill("Current password", USER_PASSWORD).fill("New password", "password").submit()),
      page("account-linked", Role.USER, "/account/linked", "Linked accounts"),
      page("account-sessions", Role.USER, "/account/sessions", "Sessions"),
      page("account-delete", Role.USER, "/account/delete", "Delete your account"),
      shown("account-delete-errors", Role.USER, "Delete your account", b -> b.open("/account/delete")
          .fill("Type your username to confirm", "someone-else").submit()),
      page("dashboard-admin", Role.ADMIN, "/dashboard", "Welcome, admin"),
      page("home-admin", Role.ADMIN, "/", "Latchkey"),
      page("not-found-admin", Role.ADMIN, "/no-such-page", "Page not found"),
      shown("form-refused-admin", Role.ADMIN, "This form could not be accepted", b -> {
        b.open("/");
        b.script("document.querySelector('form[action=\"/logout\"] input[name=_csrf]').remove();");
        b.navigating(() -> b.find("form[action='/logout'] button").click());
      }),
      // Admin pages (and what a non-admin gets there)
      page("admin-forbidden", Role.USER, "/admin/users", "Administrators only"),
      page("admin-overview", Role.ADMIN, "/admin", "Administration"),
      page("admin-users", Role.ADMIN, "/admin/users", "Users"),
      shown("admin-users-errors", Role.ADMIN, "Users", b -> b.open("/admin/users").fill("Username", "").submit()),
      shown("admin-user", Role.ADMIN, "User " + USER, b -> b.open("/admin/users/"
          + PageCatalogueTest.server.auth().admin().listUsers(new dev.latchkey.auth.core.user.UserQuery(USER, 1, 10))
              .items().getFirst().id())),
      page("admin-roles", Role.ADMIN, "/admin/roles", "Roles and permissions"),
      page("admin-services", Role.ADMIN, "/admin/services", "Services"),
      page("admin-api-keys", Role.ADMIN, "/admin/api-keys", "API keys"),
      shown("admin-api-key-created", Role.ADMIN, "API keys", b -> b.open("/admin/api-keys")
          .fill("What it is for", "catalogue").submit()),
      page("admin-providers", Role.ADMIN, "/admin/providers", "OAuth providers"),
      page("admin-provider-new", Role.ADMIN, "/admin/providers/new?template=oidc",
          "Add Other OpenID Connect provider"),
      page("admin-audit", Role.ADMIN, "/admin/audit", "Audit log"),
      page("dev-mailbox", Role.ADMIN, "/dev/mailbox", "Dev mailbox"));

  @TempDir static Path data;
  @RegisterExtension static final Browser browser = new Browser();
  static TestServer server;
  static Role current;

  @BeforeAll
  static void start() {
    server = TestServer.start(data);
    browser.base(server.url());
    server.auth().admin().createUser(new NewUser(USER, "casey@example.com", USER_PASSWORD, "Casey Example", false,
        Set.of()));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void namesAreUnique() {
    Set<String> seen = new HashSet<>();
    for (Entry e : PAGES) {
      assertThat(seen.add(e.name())).as("screenshot name %s used twice", e.name()).isTrue();
    }
  }

  @TestFactory
  Stream<DynamicTest> everyPageInEveryVariant() {
    return PAGES.stream().sorted(Comparator.comparing(Entry::role)).map(e -> DynamicTest.dynamicTest(
        e + ": loads, axe finds nothing serious, screenshots", () -> check(e)));
  }

  private static void check(Entry e) {
    as(e.role());
    Screenshots.all(browser, e.name(), e.show(), b -> {
      assertThat(b.heading()).as("%s in %s at %s", e, b.variant(), b.path()).isEqualTo(e.heading());
      assertThat(b.signedIn()).as("%s signed in", e).isEqualTo(e.role() != Role.ANONYMOUS);
      assertThat(b.overflowWidth()).as("%s in %s scrolls sideways by (px)", e, b.variant()).isZero();
      Axe.check(b, e + " " + b.variant());
    });
  }

  /** Signs the browser in as {@code role} unless it already is. */
  private static void as(Role role) {
    if (role == current) {
      return;
    }
    switch (role) {
      case ANONYMOUS -> browser.forget();
      case USER -> browser.signIn(USER, USER_PASSWORD);
      case ADMIN -> browser.signIn(TestServer.ADMIN, TestServer.ADMIN_PASSWORD);
    }
    current = role;
  }
}
