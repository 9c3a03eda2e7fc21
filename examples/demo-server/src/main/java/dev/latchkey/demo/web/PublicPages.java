package dev.latchkey.demo.web;

import dev.latchkey.auth.core.ConflictException;
import dev.latchkey.auth.core.Registration;
import dev.latchkey.auth.core.RegistrationDisabledException;
import dev.latchkey.auth.core.SignUpResult;
import dev.latchkey.auth.core.ValidationException;
import dev.latchkey.auth.core.WeakPasswordException;
import dev.latchkey.auth.core.memory.InMemoryRateLimiter;
import dev.latchkey.auth.core.password.Password;
import dev.latchkey.auth.core.ratelimit.RateDecision;
import dev.latchkey.auth.core.ratelimit.RateLimit;
import dev.latchkey.auth.core.ratelimit.RateLimiter;
import dev.latchkey.auth.core.user.Identifiers;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The public pages around an account that is not signed in: register, forgot password, reset password (also the
 * forced password change of the login page), verify email and resend the verification mail. They call the same facade
 * methods as the API's public endpoints, with the same per-address limits, and answer alike whatever address is given
 * where the API does (forgot, resend, and sign-up when verification is required). Emailed links only show a form; the
 * token is consumed by its POST, so a mail scanner that opens the link consumes nothing.
 */
public final class PublicPages {
  /** The API's defaults ({@code AuthPlugin.Config}): the pages are another door to the same actions. */
  static final RateLimit REGISTER = new RateLimit(20, Duration.ofMinutes(10), Duration.ofMinutes(10),
      Duration.ofHours(1));
  static final RateLimit FORGOT = new RateLimit(10, Duration.ofMinutes(10), Duration.ofMinutes(10),
      Duration.ofHours(1));
  static final RateLimit RESEND = new RateLimit(10, Duration.ofMinutes(10), Duration.ofMinutes(10),
      Duration.ofHours(1));
  static final RateLimit VERIFY = new RateLimit(30, Duration.ofMinutes(10), Duration.ofMinutes(10),
      Duration.ofHours(1));
  static final RateLimit RESET = new RateLimit(30, Duration.ofMinutes(10), Duration.ofMinutes(10),
      Duration.ofHours(1));
  static final RateLimit OAUTH_START = new RateLimit(60, Duration.ofMinutes(1), Duration.ofMinutes(1),
      Duration.ofMinutes(10));
  private static final int MAX_TOKEN = 512;
  private static final int MAX_EMAIL = 254;

  private final Web web;
  private final RateLimiter limiter = new InMemoryRateLimiter();

  PublicPages(Web web) {
    this.web = web;
  }

  void routes(JavalinConfig cfg) {
    cfg.routes.get("/register", this::registerForm);
    cfg.routes.post("/register", this::register);
    cfg.routes.get("/register/sent", this::registerSent);
    cfg.routes.get("/forgot-password", this::forgotForm);
    cfg.routes.post("/forgot-password", this::forgot);
    cfg.routes.get("/forgot-password/sent", this::forgotSent);
    cfg.routes.get("/reset-password", this::resetForm);
    cfg.routes.post("/reset-password", this::reset);
    cfg.routes.get("/verify-email", this::verifyForm);
    cfg.routes.post("/verify-email", this::verify);
    cfg.routes.get("/resend-verification", this::resendForm);
    cfg.routes.post("/resend-verification", this::resend);
    cfg.routes.get("/resend-verification/sent", this::resendSent);
    new OAuthPages(web, this).routes(cfg);
  }

  /** The register page's model. */
  public record Register(FormErrors errors) {}

  /** A page with one email field (forgot password, resend verification). */
  public record EmailForm(String action, String intro, String button, FormErrors errors) {}

  /** The "check your inbox" page after a request whose answer is the same for every address. */
  public record Sent(String heading, String message, String again, String againHref, boolean devMailbox) {}

  /**
   * A page that consumes an emailed token on POST.
   *
   * @param token the token from the link, carried in a hidden field (empty when the link had none)
   * @param invalid whether the token was refused (unknown, used, expired): the page then says so instead of the form
   */
  public record TokenForm(String token, boolean invalid, FormErrors errors) {}

  // ---- register ----

  private void registerForm(Context ctx) {
    requireOpen();
    if (web.viewer(ctx) != null) {
      web.redirect(ctx, "/dashboard", Flash.info("You are signed in already. Sign out to create another account."));
      return;
    }
    web.render(ctx, "site/register.jte", web.page(ctx, "Create an account"), new Register(FormErrors.none()));
  }

  private void register(Context ctx) {
    requireOpen();
    String username = SitePages.text(ctx.formParam("username"));
    String email = SitePages.text(ctx.formParam("email"));
    String name = SitePages.text(ctx.formParam("name"));
    String password = ctx.formParam("password");
    FormErrors errors = FormErrors.none().value("username", username).value("email", email).value("name", name);
    if (username.isEmpty()) {
      errors.field("username", "Choose a username.");
    }
    if (email.isEmpty()) {
      errors.field("email", "Enter your email address.");
    }
    if (password == null || password.isEmpty()) {
      errors.field("password", "Choose a password.");
    }
    if (errors.any()) {
      registerFailed(ctx, 422, errors);
      return;
    }
    precheck(errors, username, email, name, password);
    if (errors.any()) {
      registerFailed(ctx, 422, errors);
      return;
    }
    Duration wait = limited(ctx, "register", REGISTER);
    if (wait != null) {
      registerFailed(ctx, 429, errors.form(tooMany(wait)));
      return;
    }
    SignUpResult result;
    try {
      result = web.auth().signUp(new Registration(username, email, password, name.isEmpty() ? null : name, null),
          web.client(ctx));
    } catch (RegistrationDisabledException e) {
      throw closed();
    } catch (ValidationException e) {
      for (ValidationException.FieldError f : e.errors()) {
        errors.field(f.field(), fieldMessage(f));
      }
      registerFailed(ctx, 422, errors);
      return;
    } catch (WeakPasswordException e) {
      registerFailed(ctx, 422, errors.field("password", e.reason().message()));
      return;
    } catch (ConflictException e) {
      // The core says what the API says: with verification required only a taken username (no secret); without it,
      // "the username or email is taken" without saying which.
      if (e.getMessage() != null && e.getMessage().contains("email")) {
        registerFailed(ctx, 409, errors.form("This username or email address is already registered. Sign in, or"
            + " reset your password if you forgot it."));
      } else {
        registerFailed(ctx, 409, errors.field("username", "This username is taken. Choose another one."));
      }
      return;
    }
    switch (result) {
      case SignUpResult.SignedIn in -> {
        web.signIn(ctx, in.tokens());
        // No confirmation mail is sent when verification is not required; /resend-verification sends one on request.
        web.redirect(ctx, "/dashboard", Flash.ok("Welcome, " + in.tokens().user().username()
            + ". Your account is ready."));
      }
      case SignUpResult.VerificationRequired v -> web.redirect(ctx, "/register/sent", null);
    }
  }

  /**
   * Every rule the core applies before it looks anything up, checked here too so that the page names every wrong
   * field at once (the core stops at the first). Format only: nothing here depends on who is registered.
   */
  private void precheck(FormErrors errors, String username, String email, String name, String password) {
    for (Runnable rule : new Runnable[] {() -> Identifiers.validUsername(username),
        () -> Identifiers.validEmail(email), () -> Identifiers.validName(name.isEmpty() ? null : name)}) {
      try {
        rule.run();
      } catch (ValidationException e) {
        e.errors().forEach(f -> errors.field(f.field(), fieldMessage(f)));
      }
    }
    web.settings().passwordPolicy().check(Password.of(password), username, email)
        .ifPresent(r -> errors.field("password", r.message()));
  }

  private void registerFailed(Context ctx, int status, FormErrors errors) {
    ctx.status(status);
    web.render(ctx, "site/register.jte", web.page(ctx, "Create an account"), new Register(errors));
  }

  private void registerSent(Context ctx) {
    web.render(ctx, "site/sent.jte", web.page(ctx, "Check your inbox"), new Sent("Check your inbox",
        "We sent a message to the address you gave. Open the link in it within 24 hours to confirm the address,"
            + " then sign in. If the address already has an account, the message says so instead.",
        "No message after a few minutes?", "/resend-verification", web.settings().devMailbox() != null));
  }

  private void requireOpen() {
    if (!web.settings().selfRegistration()) {
      throw closed();
    }
  }

  private static WebError closed() {
    return new WebError(403, "Registration is closed", "This server does not accept new accounts. Ask an"
        + " administrator to create one for you.");
  }

  /** A sentence for a person per field the core refused (its messages name rules, not values). */
  private static String fieldMessage(ValidationException.FieldError f) {
    return switch (f.field()) {
      case "username" -> "Use 3 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit.";
      case "email" -> "Enter an email address such as name@example.com.";
      case "name" -> "Use at most 200 characters for your name.";
      default -> "Check this field: it " + f.message() + ".";
    };
  }

  // ---- forgot password ----

  private EmailForm forgotModel(FormErrors errors) {
    return new EmailForm("/forgot-password", "Enter the email address of your account. If it has one, we will send"
        + " a link to choose a new password.", "Send the reset link", errors);
  }

  private void forgotForm(Context ctx) {
    web.render(ctx, "site/email-form.jte", web.page(ctx, "Forgot your password?"), forgotModel(FormErrors.none()));
  }

  private void forgot(Context ctx) {
    String email = SitePages.text(ctx.formParam("email"));
    FormErrors errors = emailErrors(email);
    if (errors.any()) {
      ctx.status(422);
      web.render(ctx, "site/email-form.jte", web.page(ctx, "Forgot your password?"), forgotModel(errors));
      return;
    }
    Duration wait = limited(ctx, "forgot", FORGOT);
    if (wait != null) {
      ctx.status(429);
      web.render(ctx, "site/email-form.jte", web.page(ctx, "Forgot your password?"),
          forgotModel(errors.form(tooMany(wait))));
      return;
    }
    web.auth().requestPasswordReset(email);
    web.redirect(ctx, "/forgot-password/sent", null);
  }

  private void forgotSent(Context ctx) {
    web.render(ctx, "site/sent.jte", web.page(ctx, "Check your inbox"), new Sent("Check your inbox",
        "If an account uses that address, we sent it a link to choose a new password. The link works for one hour"
            + " and only once.", "No message after a few minutes?", "/forgot-password",
        web.settings().devMailbox() != null));
  }

  // ---- resend verification ----

  private EmailForm resendModel(FormErrors errors) {
    return new EmailForm("/resend-verification", "Enter the email address you registered with. If it still needs"
        + " confirming, we will send a new link.", "Send a new link", errors);
  }

  private void resendForm(Context ctx) {
    web.render(ctx, "site/email-form.jte", web.page(ctx, "Confirm your email address"),
        resendModel(FormErrors.none()));
  }

  private void resend(Context ctx) {
    String email = SitePages.text(ctx.formParam("email"));
    FormErrors errors = emailErrors(email);
    if (errors.any()) {
      ctx.status(422);
      web.render(ctx, "site/email-form.jte", web.page(ctx, "Confirm your email address"), resendModel(errors));
      return;
    }
    Duration wait = limited(ctx, "resend", RESEND);
    if (wait != null) {
      ctx.status(429);
      web.render(ctx, "site/email-form.jte", web.page(ctx, "Confirm your email address"),
          resendModel(errors.form(tooMany(wait))));
      return;
    }
    web.auth().resendVerification(email);
    web.redirect(ctx, "/resend-verification/sent", null);
  }

  private void resendSent(Context ctx) {
    web.render(ctx, "site/sent.jte", web.page(ctx, "Check your inbox"), new Sent("Check your inbox",
        "If that address belongs to an account that still needs confirming, we sent it a new link. The link works"
            + " for 24 hours; earlier links no longer work.", "No message after a few minutes?",
        "/resend-verification", web.settings().devMailbox() != null));
  }

  /** Format only: nothing is looked up, so the answer cannot depend on whether the address is registered. */
  private static FormErrors emailErrors(String email) {
    FormErrors errors = FormErrors.none().value("email", email);
    if (email.isEmpty()) {
      return errors.field("email", "Enter your email address.");
    }
    try {
      if (email.length() > MAX_EMAIL) {
        throw ValidationException.of("email", "too long");
      }
      Identifiers.validEmail(email);
    } catch (ValidationException e) {
      errors.field("email", "Enter an email address such as name@example.com.");
    }
    return errors;
  }

  // ---- reset password (and the forced password change) ----

  private void resetForm(Context ctx) {
    String token = token(ctx.queryParam("token"));
    web.render(ctx, "site/reset-password.jte", web.page(ctx, "Choose a new password"),
        new TokenForm(token, token.isEmpty(), FormErrors.none()));
  }

  private void reset(Context ctx) {
    String token = token(ctx.formParam("token"));
    String password = ctx.formParam("password");
    if (token.isEmpty()) {
      resetFailed(ctx, 400, new TokenForm("", true, FormErrors.none()));
      return;
    }
    if (password == null || password.isEmpty()) {
      resetFailed(ctx, 422, new TokenForm(token, false, FormErrors.none().field("password",
          "Choose a new password.")));
      return;
    }
    Duration wait = limited(ctx, "reset", RESET);
    if (wait != null) {
      resetFailed(ctx, 429, new TokenForm(token, false, FormErrors.none().form(tooMany(wait))));
      return;
    }
    boolean done;
    try {
      done = web.auth().resetPassword(token, password);
    } catch (WeakPasswordException e) {
      resetFailed(ctx, 422, new TokenForm(token, false, FormErrors.none().field("password", e.reason().message())));
      return;
    }
    if (!done) {
      resetFailed(ctx, 400, new TokenForm("", true, FormErrors.none()));
      return;
    }
    // The core signs nobody in after a reset (every session of the account ended): sign in with the new password.
    web.redirect(ctx, "/login", Flash.ok("Your password has been changed and every session of the account was"
        + " signed out. Sign in with the new password."));
  }

  private void resetFailed(Context ctx, int status, TokenForm form) {
    ctx.status(status);
    web.render(ctx, "site/reset-password.jte", web.page(ctx, "Choose a new password"), form);
  }

  // ---- verify email ----

  private void verifyForm(Context ctx) {
    String token = token(ctx.queryParam("token"));
    web.render(ctx, "site/verify-email.jte", web.page(ctx, "Confirm your email address"),
        new TokenForm(token, token.isEmpty(), FormErrors.none()));
  }

  private void verify(Context ctx) {
    String token = token(ctx.formParam("token"));
    if (token.isEmpty()) {
      verifyFailed(ctx, 400, new TokenForm("", true, FormErrors.none()));
      return;
    }
    Duration wait = limited(ctx, "verify", VERIFY);
    if (wait != null) {
      verifyFailed(ctx, 429, new TokenForm(token, false, FormErrors.none().form(tooMany(wait))));
      return;
    }
    if (!web.auth().verifyEmail(token)) {
      verifyFailed(ctx, 400, new TokenForm("", true, FormErrors.none()));
      return;
    }
    if (web.viewer(ctx) != null) {
      web.redirect(ctx, "/account", Flash.ok("Your email address is confirmed."));
    } else {
      web.redirect(ctx, "/login", Flash.ok("Your email address is confirmed. You can sign in now."));
    }
  }

  private void verifyFailed(Context ctx, int status, TokenForm form) {
    ctx.status(status);
    web.render(ctx, "site/verify-email.jte", web.page(ctx, "Confirm your email address"), form);
  }

  // ---- shared ----

  /** A token from a link or form: trimmed; empty when missing or longer than any token Latchkey makes. */
  private static String token(@Nullable String value) {
    String t = SitePages.text(value);
    return t.length() > MAX_TOKEN ? "" : t;
  }

  /**
   * Counts one attempt of {@code action} from this client's address against {@code limit}; the time to wait when the
   * address is over it (and the 429's {@code Retry-After} is set), else null.
   */
  @Nullable Duration limited(Context ctx, String action, RateLimit limit) {
    String ip = String.valueOf(web.client(ctx).ip());
    RateDecision decision = limiter.acquire("web:" + action + ":" + ip, limit, web.clock().instant());
    if (decision instanceof RateDecision.Denied denied) {
      ctx.header("Retry-After", Long.toString(SitePages.seconds(denied.retryAfter())));
      return denied.retryAfter();
    }
    return null;
  }

  static String tooMany(Duration wait) {
    return "Too many requests from your network in a short time. Try again in " + SitePages.wait(wait) + ".";
  }
}
