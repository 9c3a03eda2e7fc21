package dev.latchkey.demo.web;

import static dev.latchkey.demo.web.AdminPages.checked;
import static dev.latchkey.demo.web.AdminPages.explain;
import static dev.latchkey.demo.web.AdminPages.orEmpty;
import static dev.latchkey.demo.web.AdminPages.time;

import dev.latchkey.auth.core.AuthException;
import dev.latchkey.auth.core.UserChanges;
import dev.latchkey.auth.core.role.RoleAssignment;
import dev.latchkey.auth.core.service.ServiceId;
import dev.latchkey.auth.core.session.Session;
import dev.latchkey.auth.core.session.SessionId;
import dev.latchkey.auth.core.user.User;
import dev.latchkey.auth.core.user.UserId;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One user's page for administrators: account (email, name, active, admin, global roles), service roles, a new
 * password, sessions with revoke, linked accounts with unlink, and deletion with a typed confirmation. The last active
 * administrator's refusals are shown as they are.
 */
public final class UserDetailPages {
  private final Web web;
  private final UserPages list;

  UserDetailPages(Web web) {
    this.web = web;
    this.list = new UserPages(web);
  }

  void routes(JavalinConfig cfg) {
    cfg.routes.get("/admin/users/{id}", this::user);
    cfg.routes.post("/admin/users/{id}", this::updateUser);
    cfg.routes.post("/admin/users/{id}/password", this::setPassword);
    cfg.routes.post("/admin/users/{id}/sessions/{sid}/revoke", this::revokeSession);
    cfg.routes.post("/admin/users/{id}/sessions/revoke-all", this::revokeAll);
    cfg.routes.post("/admin/users/{id}/linked/{aid}/unlink", this::unlink);
    cfg.routes.post("/admin/users/{id}/delete", this::deleteUser);
    cfg.routes.post("/admin/users/{id}/service-roles", ctx -> serviceRole(ctx, true));
    cfg.routes.post("/admin/users/{id}/service-roles/remove", ctx -> serviceRole(ctx, false));
  }

  /** A role checkbox on the user page. */
  public record RoleChoice(String name, boolean held) {}

  /** A session row on the user page. */
  public record SessionRow(String id, String client, String ip, String started, String lastUsed, String expires) {}

  /** A linked account row on the user page. */
  public record LinkedRow(String id, String provider, String email, String linked) {}

  /** A service-scoped role: held by the user, or one that can be given. */
  public record ScopedRole(String role, String service, String serviceId) {
    /** The value of its option in the "give a service role" choice. */
    public String choice() {
      return serviceId + " " + role;
    }
  }

  /**
   * One user's page.
   *
   * @param errors the profile form's errors
   * @param passwordErrors the password form's errors
   * @param deleteErrors the delete form's errors
   */
  public record UserDetail(UserPages.UserRow user, boolean hasPassword, List<RoleChoice> roles,
      List<ScopedRole> scopedRoles, List<ScopedRole> serviceRoles, List<SessionRow> sessions, List<LinkedRow> linked,
      FormErrors errors, FormErrors passwordErrors, FormErrors deleteErrors, boolean self) {}

  private void user(Context ctx) {
    Viewer viewer = web.requireAdmin(ctx);
    User user = findUser(ctx);
    renderUser(ctx, viewer, user, FormErrors.none(), FormErrors.none(), FormErrors.none());
  }

  private void renderUser(Context ctx, Viewer viewer, User user, FormErrors errors, FormErrors passwordErrors,
      FormErrors deleteErrors) {
    List<RoleAssignment> assignments = web.auth().accessControl().assignmentsOf(user.id());
    Set<String> held = new LinkedHashSet<>();
    List<ScopedRole> scoped = new ArrayList<>();
    Map<String, String> serviceNames = new HashMap<>();
    web.auth().accessControl().services().forEach(s -> serviceNames.put(s.id().toString(), s.name()));
    for (RoleAssignment a : assignments) {
      if (a.service() == null) {
        held.add(a.role());
      } else {
        scoped.add(new ScopedRole(a.role(), serviceNames.getOrDefault(a.service().toString(),
            a.service().toString()), a.service().toString()));
      }
    }
    List<ScopedRole> givable = web.auth().accessControl().roles().stream().filter(r -> r.service() != null)
        .map(r -> new ScopedRole(r.name(), serviceNames.getOrDefault(r.service().toString(), r.service().toString()),
            r.service().toString()))
        .filter(r -> !scoped.contains(r)).toList();
    Set<String> roleNames = new LinkedHashSet<>(list.globalRoles());
    roleNames.addAll(held);
    List<RoleChoice> roles = roleNames.stream().map(r -> new RoleChoice(r, held.contains(r))).toList();
    List<SessionRow> sessions = web.auth().admin().sessionsOf(user.id()).stream().map(UserDetailPages::session)
        .toList();
    List<LinkedRow> linked = web.auth().admin().oauthAccountsOf(user.id()).stream()
        .map(a -> new LinkedRow(a.id().toString(), a.provider(), orEmpty(a.email()), time(a.linkedAt()))).toList();
    web.render(ctx, "admin/user.jte", web.page(ctx, "User " + user.username()), new UserDetail(UserPages.row(user),
        user.hasPassword(), roles, scoped, givable, sessions, linked, errors, passwordErrors, deleteErrors,
        user.id().equals(viewer.userId())));
  }

  private void updateUser(Context ctx) {
    Viewer viewer = web.requireAdmin(ctx);
    User user = findUser(ctx);
    String email = SitePages.text(ctx.formParam("email"));
    String name = SitePages.text(ctx.formParam("name"));
    FormErrors errors = FormErrors.none().value("email", email).value("name", name);
    if (email.isEmpty()) {
      errors.field("email", "Enter an email address.");
    }
    if (!errors.any()) {
      UserChanges changes = new UserChanges(email.equalsIgnoreCase(orEmpty(user.email())) ? null : email, name,
          checked(ctx, "active"), checked(ctx, "admin"), new LinkedHashSet<>(ctx.formParams("roles")), null);
      try {
        web.auth().admin().updateUser(user.id(), changes);
        web.redirect(ctx, "/admin/users/" + user.id(), Flash.ok("Changes to " + user.username() + " saved."));
        return;
      } catch (AuthException e) {
        ctx.status(explain(e, errors));
      }
    } else {
      ctx.status(422);
    }
    renderUser(ctx, viewer, user, errors, FormErrors.none(), FormErrors.none());
  }

  /** Gives ({@code give}) or takes a service-scoped role: {@code serviceRole} is "serviceId role". */
  private void serviceRole(Context ctx, boolean give) {
    Viewer viewer = web.requireAdmin(ctx);
    User user = findUser(ctx);
    String choice = SitePages.text(ctx.formParam("serviceRole"));
    int space = choice.indexOf(' ');
    FormErrors errors = FormErrors.none();
    try {
      if (space < 0) {
        throw new IllegalArgumentException("no role chosen");
      }
      ServiceId service = ServiceId.parse(choice.substring(0, space));
      String role = choice.substring(space + 1);
      if (give) {
        web.auth().accessControl().assign(user.id(), role, service);
      } else {
        web.auth().accessControl().unassign(user.id(), role, service);
      }
      web.redirect(ctx, "/admin/users/" + user.id(), Flash.ok(give ? "Service role " + role + " given."
          : "Service role " + role + " taken away."));
      return;
    } catch (IllegalArgumentException e) {
      errors.form("Choose a service role from the list.");
      ctx.status(422);
    } catch (AuthException e) {
      ctx.status(explain(e, errors));
    }
    renderUser(ctx, viewer, user, errors, FormErrors.none(), FormErrors.none());
  }

  private void setPassword(Context ctx) {
    Viewer viewer = web.requireAdmin(ctx);
    User user = findUser(ctx);
    String password = ctx.formParam("password");
    FormErrors errors = FormErrors.none();
    if (password == null || password.isEmpty()) {
      errors.field("password", "Enter the new password.");
      ctx.status(422);
    } else {
      try {
        web.auth().admin().updateUser(user.id(), UserChanges.none().withPassword(password));
        web.redirect(ctx, "/admin/users/" + user.id(), Flash.ok("New password set for " + user.username()
            + "; their sessions were ended."));
        return;
      } catch (AuthException e) {
        ctx.status(explain(e, errors));
      }
    }
    renderUser(ctx, viewer, user, FormErrors.none(), errors, FormErrors.none());
  }

  private void revokeSession(Context ctx) {
    web.requireAdmin(ctx);
    User user = findUser(ctx);
    SessionId sid;
    try {
      sid = SessionId.parse(ctx.pathParam("sid"));
    } catch (IllegalArgumentException e) {
      throw WebError.notFound("the session");
    }
    boolean ended = web.auth().revokeSession(user.id(), sid);
    web.redirect(ctx, "/admin/users/" + user.id(), ended ? Flash.ok("Session ended.")
        : Flash.info("That session had already ended."));
  }

  private void revokeAll(Context ctx) {
    web.requireAdmin(ctx);
    User user = findUser(ctx);
    web.auth().admin().revokeSessions(user.id());
    web.redirect(ctx, "/admin/users/" + user.id(), Flash.ok("Every session of " + user.username() + " ended."));
  }

  private void unlink(Context ctx) {
    Viewer viewer = web.requireAdmin(ctx);
    User user = findUser(ctx);
    UUID account;
    try {
      account = UUID.fromString(ctx.pathParam("aid"));
    } catch (IllegalArgumentException e) {
      throw WebError.notFound("the linked account");
    }
    try {
      web.auth().admin().unlinkOAuthAccount(user.id(), account);
      web.redirect(ctx, "/admin/users/" + user.id(), Flash.ok("Linked account removed."));
    } catch (AuthException e) {
      FormErrors errors = FormErrors.none();
      ctx.status(explain(e, errors));
      renderUser(ctx, viewer, user, errors, FormErrors.none(), FormErrors.none());
    }
  }

  private void deleteUser(Context ctx) {
    Viewer viewer = web.requireAdmin(ctx);
    User user = findUser(ctx);
    String typed = SitePages.text(ctx.formParam("confirm"));
    FormErrors errors = FormErrors.none();
    if (!typed.equals(user.username())) {
      errors.field("confirm", "Type the username " + user.username() + " to confirm.");
      ctx.status(422);
    } else {
      try {
        web.auth().admin().deleteUser(user.id());
        web.redirect(ctx, "/admin/users", Flash.ok("User " + user.username() + " deleted."));
        return;
      } catch (AuthException e) {
        ctx.status(explain(e, errors));
      }
    }
    renderUser(ctx, viewer, user, FormErrors.none(), FormErrors.none(), errors);
  }

  private User findUser(Context ctx) {
    try {
      return web.auth().admin().user(UserId.parse(ctx.pathParam("id")))
          .orElseThrow(() -> WebError.notFound("the user"));
    } catch (IllegalArgumentException e) {
      throw WebError.notFound("the user");
    }
  }

  private static SessionRow session(Session s) {
    return new SessionRow(s.id().toString(), UserAgents.describe(s.userAgent()).label(), orEmpty(s.ip()),
        time(s.createdAt()), time(s.lastUsedAt()), time(s.expiresAt()));
  }
}
