package dev.latchkey.demo.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.auth.core.AccountUpdate;
import dev.latchkey.auth.core.ConflictException;
import dev.latchkey.auth.core.LastLoginMethodException;
import dev.latchkey.auth.core.NotFoundException;
import dev.latchkey.auth.core.ValidationException;
import dev.latchkey.auth.core.WeakPasswordException;
import dev.latchkey.auth.core.event.AuthEvent;
import dev.latchkey.auth.core.event.AuthEventType;
import dev.latchkey.auth.core.event.EventQuery;
import dev.latchkey.auth.core.oauth.OAuthAccount;
import dev.latchkey.auth.core.oauth.OAuthProvider;
import dev.latchkey.auth.core.role.RoleAssignment;
import dev.latchkey.auth.core.service.Service;
import dev.latchkey.auth.core.service.ServiceId;
import dev.latchkey.auth.core.session.Session;
import dev.latchkey.auth.core.session.SessionId;
import dev.latchkey.auth.core.user.User;
import dev.latchkey.auth.core.user.UserId;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The signed-in pages: the dashboard, Hello (the API called with the viewer's own access token), and the account
 * pages (profile, email, password, linked providers, sessions, deletion). Each form posts back, is answered with a
 * redirect and a flash when it worked (POST-redirect-GET) and with the form again, its errors inline and a 4xx status,
 * when it did not.
 */
public final class AccountPages {
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
      .withZone(ZoneOffset.UTC);
  /** How long a requested email change is shown as pending (the library's default link lifetime). */
  private static final Duration PENDING_SHOWN = Duration.ofHours(24);
  private static final int MAX_PENDING = 10_000;
  private static final String PASSWORD_WRONG = "The current password is not right.";

  private final Web web;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
      .followRedirects(HttpClient.Redirect.NEVER).build();
  private final ObjectMapper json = new ObjectMapper();
  /**
   * Email changes this server asked for, per user: the library keeps the pending change to itself (only its link
   * knows it), so the page remembers what it requested to show it. Dropped when the address switched, the change was
   * withdrawn here or the password changed here, and after a day.
   */
  private final Map<UserId, PendingEmail> pending = new ConcurrentHashMap<>();

  AccountPages(Web web) {
    this.web = web;
  }

  void routes(JavalinConfig cfg) {
    cfg.routes.get("/dashboard", this::dashboard);
    cfg.routes.get("/hello", this::hello);
    cfg.routes.get("/account", this::profileForm);
    cfg.routes.post("/account", this::saveProfile);
    cfg.routes.get("/account/email", this::emailForm);
    cfg.routes.post("/account/email", this::changeEmail);
    cfg.routes.get("/account/password", this::passwordForm);
    cfg.routes.post("/account/password", this::changePassword);
    cfg.routes.get("/account/linked", this::linkedPage);
    cfg.routes.post("/account/linked/{id}/unlink", this::unlink);
    cfg.routes.get("/account/sessions", this::sessionsPage);
    cfg.routes.post("/account/sessions/{id}/revoke", this::revokeSession);
    cfg.routes.post("/account/sessions/revoke-others", this::revokeOthers);
    cfg.routes.get("/account/delete", this::deleteForm);
    cfg.routes.post("/account/delete", this::deleteAccount);
  }

  // ---- models (public records: the generated template code reads them) ----

  /** The dashboard. */
  public record Dashboard(User user, List<String> roles, @Nullable Session session,
      @Nullable AuthEvent previousLogin, @Nullable PendingEmail pendingEmail) {}

  /**
   * The Hello page: what {@code GET /api/v1/hello} answered when called with the viewer's access token.
   *
   * @param status the HTTP status, or 0 when the API could not be reached
   * @param body the answer, pretty-printed when it is JSON
   * @param error what went wrong reaching it, or null
   */
  public record Hello(String url, int status, String body, @Nullable String error) {}

  /** The profile form. */
  public record Profile(User user, FormErrors errors) {}

  /** The email form; {@code pending} is the change waiting for its link, if any. */
  public record Email(User user, @Nullable PendingEmail pending, FormErrors errors) {}

  /** An email change waiting for the new address to confirm it. */
  public record PendingEmail(String email, Instant requestedAt) {}

  /** The password form. */
  public record Password(User user, FormErrors errors) {}

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

  /** The delete form; password-less accounts confirm with a fresh provider login instead. */
  public record Delete(User user, List<OAuthProvider> providers, FormErrors errors) {}

  /** "3 Dec 2026, 13:09 UTC". */
  public static String when(@Nullable Instant at) {
    return at == null ? "never" : WHEN.format(at);
  }

  /** The ISO-8601 form of an instant, for {@code <time datetime>}. */
  public static String iso(Instant at) {
    return at.toString();
  }

  // ---- dashboard and hello ----

  private void dashboard(Context ctx) {
    Viewer viewer = web.requireUser(ctx);
    User user = user(viewer);
    List<RoleAssignment> assignments = web.auth().accessControl().assignmentsOf(user.id());
    Map<ServiceId, String> services = assignments.stream().allMatch(a -> a.service() == null) ? Map.of()
        : web.auth().accessControl().services().stream().collect(Collectors.toMap(Service::id, Service::name));
    List<String> roles = Stream.concat(user.admin() ? Stream.of("admin")
        : Stream.empty(), assignments.stream().map(a -> a.service() == null ? a.role()
        : a.role() + " (in " + services.getOrDefault(a.service(), "a deleted service") + ")")).distinct().toList();
    Session session = web.auth().sessions(user.id()).stream().filter(s -> s.id().equals(viewer.sessionId()))
        .findFirst().orElse(null);
    AuthEvent previous = web.auth().admin().events(new EventQuery(user.id(), AuthEventType.LOGIN_SUCCEEDED, 20))
        .stream().filter(e -> !viewer.sessionId().equals(e.sessionId())).findFirst().orElse(null);
    web.render(ctx, "account/dashboard.jte", web.page(ctx, "Dashboard"),
        new Dashboard(user, roles, session, previous, pendingOf(user)));
  }

  /**
   * Calls this server's {@code GET /api/v1/hello} as any API client would, with the viewer's access token, on the
   * local address and port this request came in on (the server listens there; a proxy in front is not involved).
   * The token goes only into that request's header: never into the page, a log line or an error message.
   */
  private void hello(Context ctx) {
    Viewer viewer = web.requireUser(ctx);
    String host = ctx.req().getLocalAddr();
    if (host == null || host.isEmpty() || host.equals("0.0.0.0")) {
      host = "127.0.0.1";
    } else if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    URI uri = URI.create("http://" + host + ":" + ctx.req().getLocalPort() + "/api/v1/hello");
    Hello hello;
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
          .header("Authorization", "Bearer " + viewer.accessToken()).header("Accept", "application/json")
          .header("User-Agent", "Latchkey web pages (Hello)").GET().build(), HttpResponse.BodyHandlers.ofString());
      hello = new Hello("GET /api/v1/hello", response.statusCode(), pretty(response.body()), null);
    } catch (IOException e) {
      ctx.status(502);
      hello = new Hello("GET /api/v1/hello", 0, "", "The API did not answer (" + e.getClass().getSimpleName()
          + "). Try again in a moment.");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WebError(503, "Temporarily unavailable", "The server is shutting down.");
    }
    web.render(ctx, "account/hello.jte", web.page(ctx, "Hello"), hello);
  }

  private String pretty(String body) {
    try {
      return json.writerWithDefaultPrettyPrinter().writeValueAsString(json.readTree(body));
    } catch (JsonProcessingException e) {
      return body;
    }
  }

  // ---- profile ----

  private void profileForm(Context ctx) {
    Viewer viewer = web.requireUser(ctx);
    User user = user(viewer);
    web.render(ctx, "account/profile.jte", web.page(ctx, "Profile"), new Profile(user, FormErrors.none()
        .value("name", Objects.toString(user.name(), "")).value("phone", Objects.toString(user.phone(), ""))));
  }

  private void saveProfile(Context ctx) {
    Viewer viewer = web.requireUser(ctx);
    String name = SitePages.text(ctx.formParam("name"));
    String phone = SitePages.text(ctx.formParam("phone")).replace(" ", "").replace("-", "");
    FormErrors errors = FormErrors.none().value("name", name).value("phone", SitePages.text(ctx.formParam("phone")));
    try {
      web.auth().updateProfile(viewer.userId(), name, phone);
    } catch (ValidationException e) {
      for (ValidationException.FieldError f : e.errors()) {
        switch (f.field()) {
          case "phone" -> errors.field("phone", "Enter the phone number in international form, such as"
              + " +14155550123, or leave it empty.");
          case "name" -> errors.field("name", "Enter a name of at most 200 characters.");
          default -> errors.form("The profile could not be saved: " + f.message() + ".");
        }
      }
      ctx.status(422);
      web.render(ctx, "account/profile.jte", web.page(ctx, "Profile"), new Profile(user(viewer), errors));
      return;
    } catch (ConflictException e) {
      ctx.status(409);
      web.render(ctx, "account/profile.jte", web.page(ctx, "Profile"), new Profile(user(viewer),
          errors.form("Your account was changed at the same moment elsewhere. Check the values and save again.")));
      return;
    }
    web.redirect(ctx, "/account", Flash.ok("Your profile was saved."));
  }

  // ---- email ----

  private void emailForm(Context ctx) {
    Viewer viewer = web.requireUser(ctx);
    User user = user(viewer);
    web.render(ctx, "account/email.jte", web.page(ctx, "Email address"),
        new Email(user, pendingOf(user), FormErrors.none()));
  }

  private void changeEmail(Context ctx) {
    Viewer viewer = web.requireUser(ctx);
    User user = user(viewer);
    String email = SitePages.text(ctx.formParam("email"));
    String password = Objects.toString(ctx.formParam("current_password"), "");
    FormErrors errors = FormErrors.none().value("email", email);
    if (email.isEmpty()) {
      errors.field("email", "Enter the new email address.");
    }
    if (password.isEmpty()) {
      errors.field("current_password", "Enter your current password.");
    }
    if (!errors.any()) {
      try {
        switch (web.auth().changeEmail(viewer.principal(), email, password)) {
          case AccountUpdate.EmailChangePending p -> {
            remember(user.id(), new PendingEmail(p.pendingEmail(), web.clock().instant()));
            web.redirect(ctx, "/account/email", Flash.ok("We sent a link to " + p.pendingEmail() + ". Your address"
                + " changes when you open it; until then you keep signing in with the current one."));
            return;
          }
          case AccountUpdate.Done d -> {
            boolean withdrawn = pending.remove(user.id()) != null;
            web.redirect(ctx, "/account/email", Flash.info(withdrawn
                ? "The pending change was withdrawn. Your address stays " + user.email() + "."
                : "That is already your address; nothing changed."));
            return;
          }
          case AccountUpdate.WrongPassword w -> {
            ctx.status(403);
            errors.field("current_password", PASSWORD_WRONG);
          }
          case AccountUpdate.ReauthenticationRequired r -> {
            ctx.status(403);
            errors.form("Sign in again, then change the address.");
          }
        }
      } catch (ValidationException e) {
        ctx.status(422);
        errors.field("email", "Enter an email address such as name@example.com (at most 254 characters).");
      } catch (ConflictException e) {
        ctx.status(409);
        errors.field("email", "Another account uses this address. Choose another one.");
      }
    } else {
      ctx.status(422);
    }
    web.render(ctx, "account/email.jte", web.page(ctx, "Email address"), new Email(user, pendingOf(user), errors));
  }

  private void remember(UserId id, PendingEmail change) {
    if (pending.size() >= MAX_PENDING) {
      Instant cutoff = web.clock().instant().minus(PENDING_SHOWN);
      pending.values().removeIf(p -> p.requestedAt().isBefore(cutoff));
      if (pending.size() >= MAX_PENDING) {
        pending.clear();
      }
    }
    pending.put(id, change);
  }

  private @Nullable PendingEmail pendingOf(User user) {
    PendingEmail p = pending.get(user.id());
    if (p == null) {
      return null;
    }
    if (p.email().equalsIgnoreCase(Objects.toString(user.email(), ""))
        || p.requestedAt().plus(PENDING_SHOWN).isBefore(web.clock().instant())) {
      pending.remove(user.id(), p);
      return null;
    }
    return p;
  }

  // ---- password ----

  private void passwordForm(Context ctx) {
    Viewer viewer = web.requireUser(ctx);
    web.render(ctx, "account/password.jte", web.page(ctx, "Password"), new Password(user(viewer), FormErrors.none()));
  }

  private void changePassword(Context ctx) {
    Viewer viewer = web.requireUser(ctx);
    User user = user(viewer);
    String current = Objects.toString(ctx.formParam("current_password"), "");
    String next = Objects.toString(ctx.formParam("new_password"), "");
    FormErrors errors = FormErrors.none();
    if (current.isEmpty()) {
      errors.field("current_password", "Enter your current password.");
    }
    if (next.isEmpty()) {
      errors.field("new_password", "Enter the new password.");
    }
    if (!errors.any()) {
      try {
        switch (web.auth().changePassword(viewer.principal(), current, next)) {
          case AccountUpdate.Done d -> {
            pending.remove(user.id()); // the library dropped a pending email change with the old password
            web.redirect(ctx, "/account/password", Flash.ok("Your password was changed. Every other session of"
                + " your account was signed out; this one stays signed in."));
            return;
          }
          case AccountUpdate.WrongPassword w -> {
            ctx.status(403);
            errors.field("current_password", PASSWORD_WRONG);
          }
          case AccountUpdate.EmailChangePending p -> throw new IllegalStateException("not a password outcome");
          case AccountUpdate.ReauthenticationRequired r -> {
            ctx.status(403);
            errors.form("Sign in again, then change the password.");
          }
        }
      } catch (WeakPasswordException e) {
        ctx.status(422);
        errors.field("new_password", sentence(e.reason().message()));
      }
    } else {
      ctx.status(422);
    }
    web.render(ctx, "account/password.jte", web.page(ctx, "Password"), new Password(user, errors));
  }

  // ---- linked providers ----

  private void linkedPage(Context ctx) {
    Viewer viewer = web.requireUser(ctx);
    web.render(ctx, "account/linked.jte", web.page(ctx, "Linked accounts"), linked(user(viewer), FormErrors.none()));
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
      web.render(ctx, "account/linked.jte", web.page(ctx, "Linked accounts"), linked(user(viewer),
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

  // ---- delete ----

  private void deleteForm(Context ctx) {
    Viewer viewer = web.requireUser(ctx);
    web.render(ctx, "account/delete.jte", web.page(ctx, "Delete account"),
        new Delete(user(viewer), web.auth().oauth().providers(), FormErrors.none()));
  }

  private void deleteAccount(Context ctx) {
    Viewer viewer = web.requireUser(ctx);
    User user = user(viewer);
    String typed = SitePages.text(ctx.formParam("confirm_username"));
    String password = ctx.formParam("current_password");
    FormErrors errors = FormErrors.none().value("confirm_username", typed);
    if (!typed.equals(user.username())) {
      errors.field("confirm_username", typed.isEmpty() ? "Type your username to confirm."
          : "This is not your username. Type it exactly as shown.");
    }
    if (user.hasPassword() && (password == null || password.isEmpty())) {
      errors.field("current_password", "Enter your current password.");
    }
    if (errors.any()) {
      ctx.status(422);
    } else {
      switch (web.auth().deleteAccount(viewer.principal(), user.hasPassword() ? password : null)) {
        case AccountUpdate.Done d -> {
          pending.remove(user.id());
          web.signOut(ctx);
          web.redirect(ctx, "/signed-out", Flash.ok("Your account and everything stored about it were deleted."));
          return;
        }
        case AccountUpdate.WrongPassword w -> {
          ctx.status(403);
          errors.field("current_password", PASSWORD_WRONG);
        }
        case AccountUpdate.ReauthenticationRequired r -> {
          ctx.status(403);
          errors.form("Your account has no password, so deleting it needs a fresh sign-in with your provider:"
              + " sign in again with it below, then delete the account within ten minutes.");
        }
        case AccountUpdate.EmailChangePending p -> throw new IllegalStateException("not a deletion outcome");
      }
    }
    web.render(ctx, "account/delete.jte", web.page(ctx, "Delete account"),
        new Delete(user, web.auth().oauth().providers(), errors));
  }

  // ---- helpers ----

  /** The viewer's account as stored now; a 404 page if it is gone (deleted between the check and here). */
  private User user(Viewer viewer) {
    return web.auth().user(viewer.userId()).orElseThrow(() -> WebError.notFound("your account"));
  }

  private static UUID uuid(String value, String what) {
    try {
      return UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw WebError.notFound(what);
    }
  }

  /** The library's reasons are lower-case clauses; the page shows sentences. */
  static String sentence(String reason) {
    String s = reason.strip();
    if (s.isEmpty()) {
      return "This password cannot be used.";
    }
    s = Character.toUpperCase(s.charAt(0)) + s.substring(1);
    return s.endsWith(".") ? s : s + ".";
  }
}
