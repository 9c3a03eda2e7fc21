package dev.latchkey.demo.web;

import dev.latchkey.auth.core.LastLoginMethodException;
import dev.latchkey.auth.core.NotFoundException;
import dev.latchkey.auth.core.oauth.OAuthAccount;
import dev.latchkey.auth.core.oauth.OAuthProvider;
import dev.latchkey.auth.core.session.SessionId;
import dev.latchkey.auth.core.user.User;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The ways into an account: its sessions (each browser and device, revoke one, sign out everywhere else) and the
 * provider accounts linked to it (link another, unlink one unless it is the last way to sign in).
 */
public final class SessionPages {
  private final Web web;

  SessionPages(Web web) {
    this.web = web;
  }

  void routes(JavalinConfig cfg) {
    cfg.routes.get("/account/linked", this::linkedPage);
    cfg.routes.post("/account/linked/{id}/unlink", this::unlink);
    cfg.routes.get("/account/sessions", this::sessionsPage);
    cfg.routes.post("/account/sessions/{id}/revoke", this::revokeSession);
    cfg.routes.post("/account/sessions/revoke-others", this::revokeOthers);
  }

  /** The linked-accounts page. */
  public record Linked(User user, List<LinkedAccount> accounts, List<OAuthProvider> providers, FormErrors errors) {
    /** Whether unlinking any one would leave no way to sign in (no password, a single link). */
    public boolean lastMethod() {
      return !user.hasPassword() && accounts.size() <= 1;
    }
  }

  /** One linked identity, with the provider's display name. */
  public record LinkedAccount(OAuthAccount account, String providerName) {}

  /** The sessions page. */
  public record Sessions(List<SessionRow> sessions, FormErrors errors) {}

  /** One session as listed. */
  public record SessionRow(String id, UserAgents.Device device, @Nullable String ip, Instant started,
      Instant lastUsed, Instant expires, boolean current) {}

  private void linkedPage(Context ctx) {
    Viewer viewer = web.requireUser(ctx);
    web.render(ctx, "account/linked.jte", web.page(ctx, "Linked accounts"), linked(AccountPages.shown(web, viewer), FormErrors.none()));
  }

  private Linked linked(User user, FormErrors errors) {
    List<OAuthProvider> providers = web.auth().oauth().providers();
    List<LinkedAccount> accounts = web.auth().oauth().accounts(user.id()).stream()
        .map(a -> new LinkedAccount(a, providers.stream().filter(p -> p.name().equals(a.provider()))
            .map(OAuthProvider::displayName).findFirst().orElse(a.provider())))
        .toList();
    return new Linked(user, accounts, providers, errors);
  }

  private void unlink(Context ctx) {
    Viewer viewer = web.requireUser(ctx);
    UUID id = uuid(ctx.pathParam("id"), "the linked account");
    try {
      web.auth().oauth().unlink(viewer.userId(), id);
    } catch (NotFoundException e) {
      throw WebError.notFound("the linked account");
    } catch (LastLoginMethodException e) {
      ctx.status(409);
      web.render(ctx, "account/linked.jte", web.page(ctx, "Linked accounts"), linked(AccountPages.current(web, viewer),
          FormErrors.none().form("This is the only way to sign in to your account: it has no password and no"
              + " other linked provider. Set a password (Forgot password on the sign-in page) or link another"
              + " provider first, then unlink this one.")));
      return;
    }
    web.redirect(ctx, "/account/linked", Flash.ok("The provider account was unlinked. You can no longer sign in"
        + " with it."));
  }

  // ---- sessions ----

  private void sessionsPage(Context ctx) {
    Viewer viewer = web.requireUser(ctx);
    web.render(ctx, "account/sessions.jte", web.page(ctx, "Sessions"), sessions(viewer, FormErrors.none()));
  }

  private Sessions sessions(Viewer viewer, FormErrors errors) {
    List<SessionRow> rows = web.auth().sessions(viewer.userId()).stream()
        .map(s -> new SessionRow(s.id().toString(), UserAgents.describe(s.userAgent()), s.ip(), s.createdAt(),
            s.lastUsedAt(), s.expiresAt(), s.id().equals(viewer.sessionId())))
        .sorted((a, b) -> a.current() != b.current() ? (a.current() ? -1 : 1) : b.lastUsed().compareTo(a.lastUsed()))
        .toList();
    return new Sessions(rows, errors);
  }

  private void revokeSession(Context ctx) {
    Viewer viewer = web.requireUser(ctx);
    SessionId id;
    try {
      id = SessionId.parse(ctx.pathParam("id"));
    } catch (RuntimeException e) {
      throw WebError.notFound("the session");
    }
    if (id.equals(viewer.sessionId())) {
      web.signOut(ctx);
      web.redirect(ctx, "/signed-out", null);
      return;
    }
    if (!web.auth().revokeSession(viewer.userId(), id)) {
      ctx.status(404);
      web.render(ctx, "account/sessions.jte", web.page(ctx, "Sessions"), sessions(viewer, FormErrors.none()
          .form("That session had already ended, or it is not one of yours.")));
      return;
    }
    web.redirect(ctx, "/account/sessions", Flash.ok("The session was signed out. That device has to sign in"
        + " again."));
  }

  private void revokeOthers(Context ctx) {
    Viewer viewer = web.requireUser(ctx);
    int ended = web.auth().revokeOtherSessions(viewer.principal());
    web.redirect(ctx, "/account/sessions", Flash.ok(ended == 0 ? "There were no other sessions; this one stays."
        : "Signed out " + ended + (ended == 1 ? " other session" : " other sessions") + "; this one stays."));
  }

  private static UUID uuid(String value, String what) {
    try {
      return UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw WebError.notFound(what);
    }
  }
}
