package dev.latchkey.auth.http.javalin;

import static dev.latchkey.auth.http.javalin.AuthRole.ADMIN;

import dev.latchkey.auth.core.AuthStats;
import dev.latchkey.auth.core.NewUser;
import dev.latchkey.auth.core.UserChanges;
import dev.latchkey.auth.core.event.AuthEvent;
import dev.latchkey.auth.core.event.AuthEventType;
import dev.latchkey.auth.core.event.EventQuery;
import dev.latchkey.auth.core.role.RoleAssignment;
import dev.latchkey.auth.core.user.User;
import dev.latchkey.auth.core.user.UserId;
import dev.latchkey.auth.core.user.UserPage;
import dev.latchkey.auth.core.user.UserQuery;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** User administration: create, list, change, delete; their sessions, roles, linked providers; the audit log. */
final class AdminRoutes {
  private static final String TAG = "admin";
  private final Api api;

  AdminRoutes(Api api) {
    this.api = api;
  }

  List<ApiRoute> routes() {
    return List.of(
        ApiRoute.post("/api/v1/register", ADMIN, TAG, "Create a user (email counts as verified)",
            Bodies.AdminCreateUser.class, this::create, 201, 400, 403, 409, 422),
        ApiRoute.get("/api/v1/users", ADMIN, TAG, "Search users (page from 1, size ≤ 100, q)", this::list, 200,
            400, 403),
        ApiRoute.get("/api/v1/users/{id}", ADMIN, TAG, "One user", this::get, 200, 403, 404),
        ApiRoute.put("/api/v1/users/{id}", ADMIN, TAG, "Change a user", Bodies.AdminUpdateUser.class, this::update,
            200, 400, 403, 404, 409, 422),
        ApiRoute.delete("/api/v1/users/{id}", ADMIN, TAG, "Delete a user and all their data", this::delete, 204,
            403, 404, 409),
        ApiRoute.get("/api/v1/users/{id}/sessions", ADMIN, TAG, "A user's sessions", this::sessions, 200, 403),
        ApiRoute.delete("/api/v1/users/{id}/sessions", ADMIN, TAG, "End every session of a user",
            this::revokeSessions, 204, 403),
        ApiRoute.get("/api/v1/users/{id}/oauth-accounts", ADMIN, TAG, "A user's linked providers",
            this::oauthAccounts, 200, 403),
        ApiRoute.delete("/api/v1/users/{id}/oauth-accounts/{aid}", ADMIN, TAG, "Unlink a user's provider",
            this::unlink, 204, 403, 404, 409),
        ApiRoute.get("/api/v1/admin/events", ADMIN, TAG, "Audit events, newest first", this::events, 200, 400,
            403),
        ApiRoute.get("/api/v1/admin/stats", ADMIN, TAG, "Counts of users, recent logins, sessions and lockouts",
            this::stats, 200, 403));
  }

  private void create(Context ctx) {
    Bodies.AdminCreateUser b = api.body(ctx, Bodies.AdminCreateUser.class);
    User user = api.auth.admin().createUser(new NewUser(Bodies.required(b.username(), "username"),
        Bodies.required(b.email(), "email"), Bodies.required(b.password(), "password"), b.name(),
        Boolean.TRUE.equals(b.isAdmin()), b.roles() == null ? Set.of() : b.roles()));
    api.json(ctx.status(201), view(user));
  }

  private void list(Context ctx) {
    int page = intParam(ctx, "page", 1);
    int size = intParam(ctx, "size", 20);
    if (page < 1 || size < 1 || size > UserQuery.MAX_SIZE) {
      throw HttpProblem.validation(page < 1 ? "page" : "size", page < 1 ? "starts at 1" : "is 1 to 100");
    }
    UserPage result = api.auth.admin().listUsers(new UserQuery(ctx.queryParam("q"), page, size));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("items", result.items().stream().map(this::view).toList());
    json.put("page", result.page());
    json.put("size", result.size());
    json.put("total", result.total());
    api.json(ctx, json);
  }

  private void get(Context ctx) {
    api.json(ctx, view(api.auth.admin().user(id(ctx)).orElseThrow(() -> HttpProblem.notFound("the user"))));
  }

  private void update(Context ctx) {
    Bodies.AdminUpdateUser b = api.body(ctx, Bodies.AdminUpdateUser.class);
    UserChanges changes = new UserChanges(b.email(), b.name(), b.active(), b.isAdmin(), b.roles(), b.password());
    api.json(ctx, view(api.auth.admin().updateUser(id(ctx), changes)));
  }

  private void delete(Context ctx) {
    api.auth.admin().deleteUser(id(ctx));
    ctx.status(204);
  }

  private void sessions(Context ctx) {
    api.json(ctx, api.auth.admin().sessionsOf(id(ctx)).stream().map(s -> Views.session(s, null)).toList());
  }

  private void revokeSessions(Context ctx) {
    api.auth.admin().revokeSessions(id(ctx));
    ctx.status(204);
  }

  private void oauthAccounts(Context ctx) {
    api.json(ctx, api.auth.admin().oauthAccountsOf(id(ctx)).stream().map(Views::oauthAccount).toList());
  }

  private void unlink(Context ctx) {
    api.auth.admin().unlinkOAuthAccount(id(ctx), Api.uuid(ctx, "aid"));
    ctx.status(204);
  }

  private void stats(Context ctx) {
    AuthStats stats = api.auth.admin().stats();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("users", stats.users());
    json.put("active_users_24h", stats.activeUsers24h());
    json.put("sessions_active", stats.sessionsActive());
    json.put("logins_24h", stats.logins24h());
    json.put("failed_logins_24h", stats.failedLogins24h());
    json.put("locked_accounts", stats.lockedAccounts());
    api.json(ctx, json);
  }

  private void events(Context ctx) {
    String user = ctx.queryParam("user_id");
    String type = ctx.queryParam("type");
    AuthEventType eventType;
    UserId userId;
    try {
      eventType = type == null ? null : AuthEventType.valueOf(type.toUpperCase(Locale.ROOT));
      userId = user == null ? null : UserId.parse(user);
    } catch (IllegalArgumentException e) {
      throw HttpProblem.validation(type != null ? "type" : "user_id", "is not a known value");
    }
    List<AuthEvent> events = api.auth.admin().events(new EventQuery(userId, eventType,
        Math.min(1000, Math.max(1, intParam(ctx, "limit", 100)))));
    api.json(ctx, events.stream().map(e -> {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("type", e.type().name().toLowerCase(Locale.ROOT));
      json.put("at", e.at().toString());
      json.put("user_id", e.userId() == null ? null : e.userId().toString());
      json.put("session_id", e.sessionId() == null ? null : e.sessionId().toString());
      json.put("ip", e.ip());
      json.put("details", e.details());
      return json;
    }).toList());
  }

  private Map<String, Object> view(User user) {
    return Views.user(user, api.auth.accessControl().assignmentsOf(user.id()).stream().map(RoleAssignment::role)
        .distinct().toList());
  }

  static UserId id(Context ctx) {
    return Api.parse(ctx, "id", UserId::parse);
  }

  static int intParam(Context ctx, String name, int fallback) {
    String value = ctx.queryParam(name);
    try {
      return value == null ? fallback : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw HttpProblem.validation(name, "is not a number");
    }
  }
}
