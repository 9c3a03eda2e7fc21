package dev.latchkey.demo.web;

import dev.latchkey.auth.core.LoginResult;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The pages around signing in: home, login, the forced password change, logout and the signed-out page. */
public final class SitePages {
  private final Web web;

  SitePages(Web web) {
    this.web = web;
  }

  void routes(JavalinConfig cfg) {
    cfg.routes.get("/", this::home);
    cfg.routes.get("/login", this::loginForm);
    cfg.routes.post("/login", this::login);
    cfg.routes.post("/logout", this::logout);
    cfg.routes.get("/signed-out", this::signedOut);
  }

  /** The home page's model. */
  public record Home(String adminUsername) {}

  /**
   * The login page's model.
   *
   * @param next where to go after signing in (a local path)
   * @param providers the enabled OAuth providers, one button each
   */
  public record Login(FormErrors errors, String next, List<Provider> providers) {}

  /** An OAuth provider's button. */
  public record Provider(String name, String displayName, boolean local) {}

  /** The forced password change's model: the one-time token travels in a hidden field, never in a URL. */
  public record PasswordChange(String token, long validMinutes, FormErrors errors) {}

  private void home(Context ctx) {
    web.render(ctx, "site/home.jte", web.page(ctx, "Latchkey"), new Home(web.settings().adminUsername()));
  }

  private void loginForm(Context ctx) {
    String next = Web.safeLocal(ctx.queryParam("next"), "/dashboard");
    if (web.viewer(ctx) != null) {
      web.redirect(ctx, next, null);
      return;
    }
    web.render(ctx, "site/login.jte", web.page(ctx, "Sign in"), new Login(FormErrors.none(), next, providers()));
  }

  private void login(Context ctx) {
    String identifier = text(ctx.formParam("identifier"));
    String password = ctx.formParam("password");
    String next = Web.safeLocal(ctx.formParam("next"), "/dashboard");
    FormErrors errors = FormErrors.none().value("identifier", identifier);
    if (identifier.isEmpty()) {
      errors.field("identifier", "Enter your username or email address.");
    }
    if (password == null || password.isEmpty()) {
      errors.field("password", "Enter your password.");
    }
    if (errors.any()) {
      loginFailed(ctx, 422, errors, next);
      return;
    }
    switch (web.auth().login(identifier, password, web.client(ctx))) {
      case LoginResult.Success success -> {
        web.signIn(ctx, success.tokens());
        web.redirect(ctx, next, null);
      }
      case LoginResult.InvalidCredentials invalid -> loginFailed(ctx, 422, errors.form(
          "The username or email and password do not match an account, or the account is disabled."), next);
      case LoginResult.RateLimited limited -> {
        ctx.header("Retry-After", Long.toString(seconds(limited.retryAfter())));
        loginFailed(ctx, 429, errors.form("Too many sign-in attempts. Try again in "
            + wait(limited.retryAfter()) + "."), next);
      }
      case LoginResult.SessionLimitReached full -> loginFailed(ctx, 409, errors.form("This account has the most"
          + " sessions allowed. Sign out on another device first."), next);
      case LoginResult.PasswordChangeRequired change -> {
        Page page = web.page(ctx, "Choose a new password");
        web.render(ctx, "site/password-change.jte", page, new PasswordChange(change.token().reveal(),
            Math.max(1, change.validFor().toMinutes()), FormErrors.none()));
      }
    }
  }

  private void loginFailed(Context ctx, int status, FormErrors errors, String next) {
    ctx.status(status);
    web.render(ctx, "site/login.jte", web.page(ctx, "Sign in"), new Login(errors, next, providers()));
  }

  private void logout(Context ctx) {
    web.signOut(ctx);
    web.redirect(ctx, "/signed-out", null);
  }

  private void signedOut(Context ctx) {
    web.render(ctx, "site/signed-out.jte", web.page(ctx, "Signed out"));
  }

  private List<Provider> providers() {
    return web.auth().oauth().providers().stream()
        .map(p -> new Provider(p.name(), p.displayName(), p.local())).toList();
  }

  static String text(@Nullable String value) {
    return value == null ? "" : value.strip();
  }

  static long seconds(Duration d) {
    return Math.max(1, (d.toMillis() + 999) / 1000);
  }

  /** "42 seconds", "3 minutes". */
  static String wait(Duration d) {
    long s = seconds(d);
    return s < 120 ? s + (s == 1 ? " second" : " seconds") : ((s + 59) / 60) + " minutes";
  }
}
