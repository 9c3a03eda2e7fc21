package dev.latchkey.demo.web;

import static dev.latchkey.demo.web.AdminPages.checked;
import static dev.latchkey.demo.web.AdminPages.enc;
import static dev.latchkey.demo.web.AdminPages.explain;
import static dev.latchkey.demo.web.AdminPages.intParam;
import static dev.latchkey.demo.web.AdminPages.orEmpty;
import static dev.latchkey.demo.web.AdminPages.time;

import dev.latchkey.auth.core.AuthException;
import dev.latchkey.auth.core.NewUser;
import dev.latchkey.auth.core.role.Role;
import dev.latchkey.auth.core.user.User;
import dev.latchkey.auth.core.user.UserPage;
import dev.latchkey.auth.core.user.UserQuery;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The administrator's users list: search and filter, pages, create. One user's page is {@link UserDetailPages}.
 */
public final class UserPages {
  static final int USERS_PER_PAGE = 20;
  private static final int MAX_PAGE = 1_000_000;
  /**
   * How many users a filtered list (active, disabled, admin, unverified) looks at: the facade searches by text only,
   * so the filter is applied to the matches here, at most this many.
   */
  static final int MAX_FILTER_SCAN = 5_000;

  private final Web web;

  UserPages(Web web) {
    this.web = web;
  }

  void routes(JavalinConfig cfg) {
    cfg.routes.get("/admin/users", this::users);
    cfg.routes.post("/admin/users", this::createUser);
    new UserDetailPages(web).routes(cfg);
  }

  /** One row of the users table. */
  public record UserRow(String id, String username, String email, String name, boolean active, boolean admin,
      boolean verified, String created, String lastLogin) {}

  /**
   * The users list.
   *
   * @param q the search text
   * @param filter {@code all}, {@code active}, {@code disabled}, {@code admin} or {@code unverified}
   * @param truncated whether a filtered list stopped looking after {@link #MAX_FILTER_SCAN} users
   * @param roles the global roles a new user can get
   */
  public record Users(String q, String filter, List<UserRow> rows, int page, int pages, long total, boolean truncated,
      List<String> roles, FormErrors errors) {
    /** The link to another page of the same search. */
    public String pageLink(int n) {
      return "/admin/users?q=" + enc(q) + "&filter=" + enc(filter) + "&page=" + n;
    }
  }

  // ---- users ----

  private void users(Context ctx) {
    web.requireAdmin(ctx);
    renderUsers(ctx, FormErrors.none());
  }

  private void renderUsers(Context ctx, FormErrors errors) {
    String q = SitePages.text(ctx.queryParam("q"));
    String filter = switch (SitePages.text(ctx.queryParam("filter"))) {
      case "active", "disabled", "admin", "unverified" -> ctx.queryParam("filter").strip();
      default -> "all";
    };
    int page = Math.min(MAX_PAGE, Math.max(1, intParam(ctx.queryParam("page"), 1)));
    List<User> items;
    long total;
    boolean truncated = false;
    if (filter.equals("all")) {
      UserPage result = web.auth().admin().listUsers(new UserQuery(q.isEmpty() ? null : q, page, USERS_PER_PAGE));
      items = result.items();
      total = result.total();
    } else {
      Predicate<User> keep = switch (filter) {
        case "active" -> User::active;
        case "disabled" -> u -> !u.active();
        case "admin" -> User::admin;
        default -> u -> u.hasEmail() && !u.emailVerified();
      };
      List<User> matching = new ArrayList<>();
      int scanned = 0;
      for (int p = 1; ; p++) {
        UserPage batch = web.auth().admin().listUsers(new UserQuery(q.isEmpty() ? null : q, p, UserQuery.MAX_SIZE));
        batch.items().stream().filter(keep).forEach(matching::add);
        scanned += batch.items().size();
        if (batch.items().size() < UserQuery.MAX_SIZE || scanned >= batch.total()) {
          break;
        }
        if (scanned >= MAX_FILTER_SCAN) {
          truncated = true;
          break;
        }
      }
      total = matching.size();
      int from = (int) Math.min(total, (long) (page - 1) * USERS_PER_PAGE);
      items = matching.subList(from, (int) Math.min(total, from + USERS_PER_PAGE));
    }
    int pages = (int) Math.max(1, (total + USERS_PER_PAGE - 1) / USERS_PER_PAGE);
    web.render(ctx, "admin/users.jte", web.page(ctx, "Users"), new Users(q, filter,
        items.stream().map(UserPages::row).toList(), page, pages, total, truncated, globalRoles(), errors));
  }

  private void createUser(Context ctx) {
    web.requireAdmin(ctx);
    String username = SitePages.text(ctx.formParam("username"));
    String email = SitePages.text(ctx.formParam("email"));
    String name = SitePages.text(ctx.formParam("name"));
    String password = ctx.formParam("password");
    boolean admin = checked(ctx, "admin");
    Set<String> roles = new LinkedHashSet<>(ctx.formParams("roles"));
    FormErrors errors = FormErrors.none().value("username", username).value("email", email).value("name", name);
    if (username.isEmpty()) {
      errors.field("username", "Enter a username.");
    }
    if (email.isEmpty()) {
      errors.field("email", "Enter an email address.");
    }
    if (password == null || password.isEmpty()) {
      errors.field("password", "Enter a first password for the user.");
    }
    if (!errors.any()) {
      try {
        User user = web.auth().admin().createUser(new NewUser(username, email, password, name.isEmpty() ? null : name,
            admin, roles));
        web.redirect(ctx, "/admin/users/" + user.id(), Flash.ok("User " + user.username() + " created."));
        return;
      } catch (AuthException e) {
        ctx.status(explain(e, errors));
      }
    } else {
      ctx.status(422);
    }
    renderUsers(ctx, errors);
  }

  List<String> globalRoles() {
    return web.auth().accessControl().roles().stream().filter(r -> r.service() == null).map(Role::name).toList();
  }

  static UserRow row(User u) {
    return new UserRow(u.id().toString(), u.username(), orEmpty(u.email()), orEmpty(u.name()), u.active(), u.admin(),
        !u.hasEmail() || u.emailVerified(), time(u.createdAt()), u.lastLoginAt() == null ? "never"
            : time(u.lastLoginAt()));
  }
}
