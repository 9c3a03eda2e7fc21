package dev.latchkey.auth.http.javalin;

import static dev.latchkey.auth.http.javalin.AuthRole.ANYONE;

import dev.latchkey.auth.core.LoginResult;
import dev.latchkey.auth.core.RefreshResult;
import dev.latchkey.auth.core.Registration;
import dev.latchkey.auth.core.SignUpResult;
import dev.latchkey.auth.core.service.ApiKeyId;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Registration, login, refresh, email verification, password reset and the client-credentials grant. */
final class PublicRoutes {
  private static final String TAG = "auth";
  private final Api api;

  PublicRoutes(Api api) {
    this.api = api;
  }

  List<ApiRoute> routes() {
    return List.of(
        ApiRoute.post("/api/v1/auth/register", ANYONE, TAG, "Register (and log in unless verification is required)",
            Bodies.Register.class, this::register, 201, 202, 400, 403, 409, 422, 429),
        ApiRoute.post("/api/v1/auth/login", ANYONE, TAG, "Log in with username or email and password",
            Bodies.Login.class, this::login, 200, 400, 401, 403, 429),
        ApiRoute.post("/api/v1/auth/refresh", ANYONE, TAG, "Rotate a refresh token", Bodies.Refresh.class,
            this::refresh, 200, 400, 401, 429),
        ApiRoute.post("/api/v1/auth/verify-email", ANYONE, TAG, "Confirm an email address", Bodies.TokenOnly.class,
            this::verifyEmail, 204, 400, 429),
        ApiRoute.post("/api/v1/auth/resend-verification", ANYONE, TAG, "Send the verification mail again",
            Bodies.Email.class, this::resend, 202, 400, 429),
        ApiRoute.post("/api/v1/auth/forgot-password", ANYONE, TAG, "Mail a password-reset link",
            Bodies.Email.class, this::forgot, 202, 400, 429),
        ApiRoute.post("/api/v1/auth/reset-password", ANYONE, TAG, "Set a new password with a reset link",
            Bodies.ResetPassword.class, this::reset, 204, 400, 422, 429),
        ApiRoute.post("/api/v1/auth/token", ANYONE, TAG, "OAuth 2 client credentials with an API key (form body)",
            null, this::clientCredentials, 200, 400, 401));
  }

  private void register(Context ctx) {
    api.limit(ctx, "register", api.settings.registerLimit());
    Bodies.Register b = api.body(ctx, Bodies.Register.class);
    Registration registration = new Registration(Bodies.required(b.username(), "username"),
        Bodies.required(b.email(), "email"), Bodies.required(b.password(), "password"), b.name(), b.phone());
    switch (api.auth.signUp(registration, api.client(ctx))) {
      case SignUpResult.SignedIn in -> api.json(ctx.status(201), Views.tokens(in.tokens(), api.clock.instant()));
      case SignUpResult.VerificationRequired v -> api.json(ctx.status(202), Map.of("verification_required", true));
    }
  }

  private void login(Context ctx) {
    Bodies.Login b = api.body(ctx, Bodies.Login.class);
    LoginResult result = api.auth.login(Bodies.required(b.login(), "login"), Bodies.required(b.password(),
        "password"), api.client(ctx));
    switch (result) {
      case LoginResult.Success s -> api.json(ctx, Views.tokens(s.tokens(), api.clock.instant()));
      case LoginResult.InvalidCredentials i -> throw HttpProblem.invalidCredentials();
      case LoginResult.RateLimited r -> throw HttpProblem.rateLimited(r.retryAfter());
      case LoginResult.SessionLimitReached s -> throw HttpProblem.of(409, "session_limit",
          "this account has the most sessions allowed: log out elsewhere first");
      case LoginResult.PasswordChangeRequired c -> throw new HttpProblem(403, "password_change_required",
          "this password must be changed: set a new one at /api/v1/auth/reset-password with the token",
          Map.of("password_change_token", c.token().reveal(), "expires_in", c.validFor().toSeconds()), null);
    }
  }

  private void refresh(Context ctx) {
    api.limit(ctx, "refresh", api.settings.refreshLimit());
    Bodies.Refresh b = api.body(ctx, Bodies.Refresh.class);
    switch (api.auth.refresh(Bodies.required(b.refreshToken(), "refresh_token"), api.client(ctx))) {
      case RefreshResult.Success s -> api.json(ctx, Views.tokens(s.tokens(), api.clock.instant()));
      case RefreshResult.InvalidToken i -> throw HttpProblem.of(401, "invalid_token",
          "the refresh token is unknown, expired or revoked");
      case RefreshResult.TokenReused r -> throw HttpProblem.of(401, "token_reused",
          "the refresh token was already used: the session is revoked");
    }
  }

  private void verifyEmail(Context ctx) {
    api.limit(ctx, "verify", api.settings.verifyEmailLimit());
    if (!api.auth.verifyEmail(Bodies.required(api.body(ctx, Bodies.TokenOnly.class).token(), "token"))) {
      throw HttpProblem.of(400, "invalid_token", "the verification link is unknown, used or expired");
    }
    ctx.status(204);
  }

  private void resend(Context ctx) {
    api.limit(ctx, "resend", api.settings.resendVerificationLimit());
    api.auth.resendVerification(Bodies.identifier(api.body(ctx, Bodies.Email.class).email(), "email"));
    ctx.status(202);
  }

  private void forgot(Context ctx) {
    api.limit(ctx, "forgot", api.settings.forgotPasswordLimit());
    api.auth.requestPasswordReset(Bodies.identifier(api.body(ctx, Bodies.Email.class).email(), "email"));
    ctx.status(202);
  }

  private void reset(Context ctx) {
    api.limit(ctx, "reset", api.settings.resetPasswordLimit());
    Bodies.ResetPassword b = api.body(ctx, Bodies.ResetPassword.class);
    if (!api.auth.resetPassword(Bodies.required(b.token(), "token"), Bodies.required(b.password(), "password"))) {
      throw HttpProblem.of(400, "invalid_token", "the reset link is unknown, used or expired");
    }
    ctx.status(204);
  }

  /** RFC 6749 §4.4: form body, client id and secret as HTTP Basic; errors in the OAuth shape. */
  private void clientCredentials(Context ctx) {
    if (!"client_credentials".equals(ctx.formParam("grant_type"))) {
      api.json(ctx.status(400), Map.of("error", "unsupported_grant_type"));
      return;
    }
    String header = ctx.header("Authorization");
    try {
      if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
        throw new IllegalArgumentException();
      }
      String pair = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
      int colon = pair.indexOf(':');
      ApiKeyId id = ApiKeyId.parse(java.net.URLDecoder.decode(pair.substring(0, colon), StandardCharsets.UTF_8));
      String secret = java.net.URLDecoder.decode(pair.substring(colon + 1), StandardCharsets.UTF_8);
      var token = api.auth.accessControl().issueClientToken(id, secret).orElseThrow(IllegalArgumentException::new);
      api.json(ctx.header("Cache-Control", "no-store"), Map.of("access_token", token.token(), "token_type", "Bearer",
          "expires_in", Math.max(0, token.expiresAt().getEpochSecond() - api.clock.instant().getEpochSecond())));
    } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
      api.json(ctx.status(401).header("WWW-Authenticate", "Basic realm=\"latchkey\""), Map.of("error",
          "invalid_client"));
    }
  }
}
