package dev.latchkey.auth.http.javalin;

import static dev.latchkey.auth.http.javalin.AuthRole.AUTHENTICATED;

import dev.latchkey.auth.core.AccountUpdate;
import dev.latchkey.auth.core.role.RoleAssignment;
import dev.latchkey.auth.core.session.SessionId;
import dev.latchkey.auth.core.token.Principal;
import dev.latchkey.auth.core.user.User;
import dev.latchkey.auth.core.user.UserId;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a signed-in user does with their own account: who am I, log out, profile, password, sessions, links. */
final class AccountRoutes {
  private static final String TAG = "account";
  private final Api api;

  AccountRoutes(Api api) {
    this.api = api;
  }

  List<ApiRoute> routes() {
    return List.of(
        ApiRoute.get("/api/v1/me", AUTHENTICATED, TAG, "The signed-in user", this::me, 200, 401),
        ApiRoute.get("/api/v1/auth/verify-token", AUTHENTICATED, TAG, "Introspect the presented access token",
            this::verifyToken, 200, 401),
        ApiRoute.post("/api/v1/auth/logout", AUTHENTICATED, TAG, "End this session", Bodies.Refresh.class,
            this::logout, 204, 401),
        ApiRoute.post("/api/v1/auth/logout-all", AUTHENTICATED, TAG, "End every session of this user", null,
            this::logoutAll, 204, 401),
        ApiRoute.get("/api/v1/auth/account", AUTHENTICATED, TAG, "The account with its linked providers",
            this::account, 200, 401),
        ApiRoute.put("/api/v1/auth/account", AUTHENTICATED, TAG,
            "Change name, phone or email (a new email waits for its link)", Bodies.UpdateAccount.class,
            this::updateAccount, 200, 400, 401, 403, 409),
        ApiRoute.post("/api/v1/auth/change-password", AUTHENTICATED, TAG, "Change the password",
            Bodies.ChangePassword.class, this::changePassword, 204, 400, 401, 403, 422),
        ApiRoute.delete("/api/v1/auth/account", AUTHENTICATED, TAG, "Delete the account and all its data",
            this::deleteAccount, 204, 401, 403),
        ApiRoute.delete("/api/v1/auth/account/oauth/{id}", AUTHENTICATED, TAG, "Unlink a provider",
            this::unlink, 204, 401, 404, 409),
        ApiRoute.get("/api/v1/auth/sessions", AUTHENTICATED, TAG, "This user's sessions", this::sessions, 200, 401),
        ApiRoute.delete("/api/v1/auth/sessions/{id}", AUTHENTICATED, TAG, "End one session", this::revokeOne,
            204, 401, 404),
        ApiRoute.delete("/api/v1/auth/sessions", AUTHENTICATED, TAG, "End every session but this one",
            this::revokeOthers, 204, 401));
  }

  /** The token's roles are current: every role change revokes the user's earlier tokens. */
  private void me(Context ctx) {
    api.json(ctx, Views.user(profile(ctx), api.principal(ctx).roles()));
  }

  private void verifyToken(Context ctx) {
    Principal p = api.principal(ctx);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("active", true);
    json.put("sub", p.userId().toString());
    json.put("username", p.username());
    json.put("roles", p.roles());
    json.put("sid", p.sessionId() == null ? null : p.sessionId().toString());
    json.put("exp", p.expiresAt().getEpochSecond());
    api.json(ctx, json);
  }

  private void logout(Context ctx) {
    api.body(ctx, Bodies.Refresh.class); // its refresh_token is optional, but a malformed body is still a 400
    api.auth.logout(api.principal(ctx), api.client(ctx));
    ctx.status(204);
  }

  private void logoutAll(Context ctx) {
    api.auth.logoutEverywhere(api.user(ctx));
    ctx.status(204);
  }

  private void account(Context ctx) {
    api.json(ctx, accountView(profile(ctx)));
  }

  private Map<String, Object> accountView(User user) {
    Map<String, Object> json = Views.user(user, roles(user.id()));
    json.put("has_password", user.hasPassword());
    json.put("oauth_accounts", api.auth.oauth().accounts(user.id()).stream().map(Views::oauthAccount).toList());
    return json;
  }

  /**
   * A new email waits for its verification link: the answer shows the account with its current address and the new
   * one as {@code pending_email}.
   */
  private void updateAccount(Context ctx) {
    Bodies.UpdateAccount b = api.body(ctx, Bodies.UpdateAccount.class);
    Principal principal = api.principal(ctx);
    User user = currentUser(ctx);
    String pendingEmail = null;
    if (b.email() != null && !b.email().equalsIgnoreCase(String.valueOf(user.email()))) {
      switch (api.auth.changeEmail(principal, b.email(), Bodies.required(b.currentPassword(), "current_password"))) {
        case AccountUpdate.WrongPassword w ->
            throw HttpProblem.of(403, "invalid_credentials", "the current password is wrong");
        case AccountUpdate.EmailChangePending p -> pendingEmail = p.pendingEmail();
        case AccountUpdate.Done d -> { }
        case AccountUpdate.ReauthenticationRequired r -> { }
      }
    }
    if (b.name() != null || b.phone() != null) {
      api.auth.updateProfile(user.id(), b.name() != null ? b.name() : user.name(),
          b.phone() != null ? b.phone() : user.phone());
    }
    Map<String, Object> json = accountView(currentUser(ctx));
    if (pendingEmail != null) {
      json.put("pending_email", pendingEmail);
    }
    api.json(ctx, json);
  }

  private void changePassword(Context ctx) {
    Bodies.ChangePassword b = api.body(ctx, Bodies.ChangePassword.class);
    AccountUpdate result = api.auth.changePassword(api.principal(ctx),
        Bodies.required(b.currentPassword(), "current_password"), Bodies.required(b.newPassword(), "new_password"));
    if (result instanceof AccountUpdate.WrongPassword) {
      throw HttpProblem.of(403, "invalid_credentials", "the current password is wrong");
    }
    ctx.status(204);
  }

  private void deleteAccount(Context ctx) {
    Bodies.CurrentPassword b = api.body(ctx, Bodies.CurrentPassword.class);
    switch (api.auth.deleteAccount(api.principal(ctx), b.currentPassword())) {
      case AccountUpdate.Done d -> ctx.status(204);
      case AccountUpdate.WrongPassword w -> throw HttpProblem.of(403, "invalid_credentials",
          "the current password is missing or wrong");
      case AccountUpdate.ReauthenticationRequired r -> throw HttpProblem.of(403, "reauthentication_required",
          "log in with your provider again, then delete the account within ten minutes");
      case AccountUpdate.EmailChangePending p -> throw new IllegalStateException("not an outcome of a deletion");
    }
  }

  private void unlink(Context ctx) {
    api.auth.oauth().unlink(api.user(ctx), Api.uuid(ctx, "id"));
    ctx.status(204);
  }

  private void sessions(Context ctx) {
    SessionId current = api.principal(ctx).sessionId();
    api.json(ctx, api.auth.sessions(api.user(ctx)).stream().map(s -> Views.session(s, current)).toList());
  }

  private void revokeOne(Context ctx) {
    if (!api.auth.revokeSession(api.user(ctx), Api.parse(ctx, "id", SessionId::parse))) {
      throw HttpProblem.notFound("the session");
    }
    ctx.status(204);
  }

  private void revokeOthers(Context ctx) {
    api.auth.revokeOtherSessions(api.principal(ctx));
    ctx.status(204);
  }

  /** The signed-in user for display (may lag another instance's change by the change-feed delay). */
  private User profile(Context ctx) {
    return api.auth.profile(api.user(ctx)).orElseThrow(HttpProblem::invalidToken);
  }

  private User currentUser(Context ctx) {
    return api.auth.user(api.user(ctx)).orElseThrow(HttpProblem::invalidToken);
  }

  private List<String> roles(UserId id) {
    return api.auth.accessControl().assignmentsOf(id).stream().map(RoleAssignment::role).distinct().toList();
  }
}
