package dev.latchkey.demo.web;

import dev.latchkey.auth.core.AccountUpdate;
import dev.latchkey.auth.core.ConflictException;
import dev.latchkey.auth.core.ValidationException;
import dev.latchkey.auth.core.WeakPasswordException;
import dev.latchkey.auth.core.oauth.OAuthProvider;
import dev.latchkey.auth.core.user.User;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The account pages a signed-in person changes their account with: profile, email address, password and deletion;
 * {@link #routes} also adds the dashboard and Hello ({@link DashboardPages}) and the sessions and linked providers
 * ({@link SessionPages}). Each form posts back, is answered with a redirect and a flash when it worked
 * (POST-redirect-GET) and with the form again, its errors inline and a 4xx status, when it did not; the facade's
 * exceptions each become a message next to the field they concern, never an error page.
 */
public final class AccountPages {
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
      .withZone(ZoneOffset.UTC);
  private static final String PASSWORD_WRONG = "The current password is not right.";

  private final Web web;
  private final PendingEmails pending;

  AccountPages(Web web) {
    this.web = web;
    this.pending = new PendingEmails(web.clock());
  }

  void routes(JavalinConfig cfg) {
    cfg.routes.get("/account", this::profileForm);
    cfg.routes.post("/account", this::saveProfile);
    cfg.routes.get("/account/email", this::emailForm);
    cfg.routes.post("/account/email", this::changeEmail);
    cfg.routes.get("/account/password", this::passwordForm);
    cfg.routes.post("/account/password", this::changePassword);
    cfg.routes.get("/account/delete", this::deleteForm);
    cfg.routes.post("/account/delete", this::deleteAccount);
    new DashboardPages(web, pending).routes(cfg);
    new SessionPages(web).routes(cfg);
  }

  // ---- models (public records: the generated template code reads them) ----

  /** The profile form. */
  public record Profile(User user, FormErrors errors) {}

  /** The email form; {@code pending} is the change waiting for its link, if any. */
  public record Email(User user, @Nullable PendingEmail pending, FormErrors errors) {}

  /** An email change waiting for the new address to confirm it. */
  public record PendingEmail(String email, Instant requestedAt) {}

  /** The password form. */
  public record Password(User user, FormErrors errors) {}

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

  // ---- profile ----

  private void profileForm(Context ctx) {
    Viewer viewer = web.requireUser(ctx);
    User user = shown(viewer);
    web.render(ctx, "account/profile.jte", web.page(ctx, "Profile"), new Profile(user, FormErrors.none()
        .value("name", Objects.toString(user.name(), "")).value("phone", Objects.toString(user.phone(), ""))));
  }

  private void saveProfile(Context ctx) {
    Viewer viewer = web.requireUser(ctx);
    String name = SitePages.text(ctx.formParam("name"));
    String phone = SitePages.text(ctx.formParam("phone")).replaceAll("[\\s().-]", "");
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
    User user = shown(viewer);
    web.render(ctx, "account/email.jte", web.page(ctx, "Email address"),
        new Email(user, pending.of(user), FormErrors.none()));
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
            pending.requested(user.id(), p.pendingEmail());
            web.redirect(ctx, "/account/email", Flash.ok("We sent a link to " + p.pendingEmail() + ". Your address"
                + " changes when you open it; until then you keep signing in with the current one."));
            return;
          }
          case AccountUpdate.Done d -> {
            boolean withdrawn = pending.forget(user.id());
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
    web.render(ctx, "account/email.jte", web.page(ctx, "Email address"), new Email(user, pending.of(user), errors));
  }

  // ---- password ----

  private void passwordForm(Context ctx) {
    Viewer viewer = web.requireUser(ctx);
    web.render(ctx, "account/password.jte", web.page(ctx, "Password"), new Password(shown(viewer), FormErrors.none()));
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
            pending.forget(user.id()); // the library dropped a pending email change with the old password
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

  // ---- delete ----

  private void deleteForm(Context ctx) {
    Viewer viewer = web.requireUser(ctx);
    web.render(ctx, "account/delete.jte", web.page(ctx, "Delete account"),
        new Delete(shown(viewer), web.auth().oauth().providers(), FormErrors.none()));
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
          pending.forget(user.id());
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

  private User user(Viewer viewer) {
    return current(web, viewer);
  }

  private User shown(Viewer viewer) {
    return shown(web, viewer);
  }

  /** The viewer's account as stored now; a 404 page if it is gone (deleted between the check and here). */
  static User current(Web web, Viewer viewer) {
    return web.auth().user(viewer.userId()).orElseThrow(() -> WebError.notFound("your account"));
  }

  /**
   * The viewer's account for display on a GET (the library's profile cache: no store read, and this instance's own
   * changes are in it at once; another instance's may lag by the change-feed delay). Nothing is decided on it.
   */
  static User shown(Web web, Viewer viewer) {
    return web.auth().profile(viewer.userId()).orElseThrow(() -> WebError.notFound("your account"));
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
