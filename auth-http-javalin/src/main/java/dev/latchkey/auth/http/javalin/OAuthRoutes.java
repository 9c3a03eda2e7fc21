package dev.latchkey.auth.http.javalin;

import static dev.latchkey.auth.http.javalin.AuthRole.ADMIN;
import static dev.latchkey.auth.http.javalin.AuthRole.ANYONE;

import dev.latchkey.auth.core.OAuthCallbackResult;
import dev.latchkey.auth.core.OAuthStart;
import dev.latchkey.auth.core.oauth.ProviderSettings;
import dev.latchkey.auth.core.oauth.ProviderType;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Login with identity providers (start, callback, login-code exchange) and their administration. */
final class OAuthRoutes {
  /** Binds a login to the browser that started it; {@code __Host-}: Secure, no Domain, Path=/. */
  static final String BINDING_COOKIE = "__Host-latchkey-oauth";
  private static final String TAG = "oauth";
  private final Api api;

  OAuthRoutes(Api api) {
    this.api = api;
  }

  List<ApiRoute> routes() {
    return List.of(
        ApiRoute.get("/api/v1/auth/oauth/providers", ANYONE, TAG, "The enabled providers", this::providers, 200),
        ApiRoute.get("/api/v1/auth/oauth/{provider}/authorize", ANYONE, TAG,
            "Redirect to the provider (state, PKCE S256, nonce); with redirect_uri the app's code_challenge (S256) is"
                + " required", this::authorize, 302, 400, 404, 429, 503),
        ApiRoute.get("/api/v1/auth/oauth/{provider}/callback", ANYONE, TAG, "Finish a provider login",
            this::callback, 200, 302, 401, 409, 503),
        ApiRoute.post("/api/v1/auth/oauth/exchange", ANYONE, TAG,
            "Exchange a login_code and the app's code_verifier for tokens",
            Bodies.LoginCode.class, this::exchange, 200, 400, 401),
        ApiRoute.get("/api/v1/admin/oauth-providers", ADMIN, TAG, "Every configured provider", this::list, 200,
            403),
        ApiRoute.post("/api/v1/admin/oauth-providers", ADMIN, TAG, "Configure a provider (secret write-only)",
            Bodies.Provider.class, this::create, 201, 400, 403, 409),
        ApiRoute.put("/api/v1/admin/oauth-providers/{id}", ADMIN, TAG, "Change a provider",
            Bodies.Provider.class, this::update, 200, 400, 403, 404, 409),
        ApiRoute.delete("/api/v1/admin/oauth-providers/{id}", ADMIN, TAG,
            "Delete a provider (409 with linked accounts unless force=true)", this::delete, 204, 403, 404, 409));
  }

  private void providers(Context ctx) {
    api.json(ctx, api.auth.oauth().providers().stream()
        .map(p -> Map.of("name", p.name(), "display_name", p.displayName())).toList());
  }

  private void authorize(Context ctx) {
    api.limit(ctx, "oauth-start", api.settings.oauthStartLimit());
    String redirect = ctx.queryParam("redirect_uri");
    URI target;
    try {
      target = redirect == null ? null : new URI(redirect);
    } catch (java.net.URISyntaxException e) {
      throw HttpProblem.validation("redirect_uri", "is not on the allow-list");
    }
    OAuthStart start;
    if (target == null) {
      start = api.auth.oauth().start(api.provider(ctx));
    } else {
      String challenge = ctx.queryParam("code_challenge");
      String method = ctx.queryParam("code_challenge_method");
      if (method != null && !"S256".equals(method)) {
        throw HttpProblem.validation("code_challenge_method", "must be S256");
      }
      start = api.auth.oauth().start(api.provider(ctx), target, challenge == null ? "" : challenge);
    }
    ctx.header("Set-Cookie", BINDING_COOKIE + "=" + start.browserBinding().reveal()
        + "; Path=/; Max-Age=600; HttpOnly; Secure; SameSite=Lax");
    ctx.redirect(start.authorizationUrl().toString(), HttpStatus.FOUND);
  }

  private void callback(Context ctx) {
    Map<String, String> query = new LinkedHashMap<>();
    ctx.queryParamMap().forEach((k, v) -> {
      if (!v.isEmpty()) {
        query.put(k, v.get(0));
      }
    });
    OAuthCallbackResult result = api.auth.oauth().callback(api.provider(ctx), query,
        ctx.cookie(BINDING_COOKIE), api.client(ctx));
    ctx.header("Set-Cookie", BINDING_COOKIE + "=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax");
    switch (result) {
      case OAuthCallbackResult.SignedIn in -> api.json(ctx, Views.tokens(in.tokens(), api.clock.instant()));
      case OAuthCallbackResult.LoginCodeIssued code -> ctx.redirect(code.redirect().toString(), HttpStatus.FOUND);
      case OAuthCallbackResult.Linked linked -> {
        if (linked.redirect() != null) {
          ctx.redirect(linked.redirect().toString(), HttpStatus.FOUND);
        } else {
          api.json(ctx, Views.oauthAccount(linked.account()));
        }
      }
      case OAuthCallbackResult.Refused refused -> throw refusal(refused.reason());
    }
  }

  private static HttpProblem refusal(OAuthCallbackResult.Reason reason) {
    return switch (reason) {
      case LINK_NOT_ALLOWED, ALREADY_LINKED -> HttpProblem.of(409, "link_not_allowed",
          "this identity cannot be joined to an existing account: log in and link it from the account page");
      case ADMIN_LINK_NOT_ALLOWED -> HttpProblem.of(409, "link_not_allowed",
          "an administrator account is never linked automatically: log in and link it from the account page");
      case SESSION_LIMIT_REACHED -> HttpProblem.of(409, "session_limit",
          "this account has the most sessions allowed: log out elsewhere first");
      default -> HttpProblem.of(401, "oauth_failed", "the login with the provider did not complete ("
          + reason.name().toLowerCase(Locale.ROOT) + ")");
    };
  }

  private void exchange(Context ctx) {
    Bodies.LoginCode body = api.body(ctx, Bodies.LoginCode.class);
    String code = Bodies.required(body.loginCode(), "login_code");
    String verifier = Bodies.required(body.codeVerifier(), "code_verifier");
    switch (api.auth.oauth().exchangeLoginCode(code, verifier, api.client(ctx))) {
      case OAuthCallbackResult.SignedIn in -> api.json(ctx, Views.tokens(in.tokens(), api.clock.instant()));
      case OAuthCallbackResult.Refused r when r.reason() == OAuthCallbackResult.Reason.SESSION_LIMIT_REACHED ->
          throw refusal(r.reason());
      default -> throw HttpProblem.of(401, "invalid_token",
          "the login code is unknown, used or expired, or the code_verifier does not match");
    }
  }

  private void list(Context ctx) {
    api.json(ctx, api.auth.admin().oauthProviders().stream().map(Views::provider).toList());
  }

  private void create(Context ctx) {
    api.json(ctx.status(201), Views.provider(api.auth.admin().createOAuthProvider(settings(api.body(ctx,
        Bodies.Provider.class), null))));
  }

  private void update(Context ctx) {
    api.json(ctx, Views.provider(api.auth.admin().updateOAuthProvider(settings(api.body(ctx, Bodies.Provider.class),
        ctx.pathParam("id")))));
  }

  private void delete(Context ctx) {
    if (!api.auth.admin().deleteOAuthProvider(ctx.pathParam("id"), "true".equals(ctx.queryParam("force")))) {
      throw HttpProblem.notFound("the provider");
    }
    ctx.status(204);
  }

  private static ProviderSettings settings(Bodies.Provider b, String name) {
    ProviderType type;
    try {
      type = ProviderType.valueOf(Bodies.required(b.type(), "type").toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw HttpProblem.validation("type", "is one of google, github, microsoft, discord, oidc");
    }
    String providerName = name != null ? name : Bodies.required(b.name(), "name");
    return new ProviderSettings(providerName, b.displayName() != null ? b.displayName() : providerName, type,
        Bodies.required(b.clientId(), "client_id"), b.clientSecret(), b.issuer(),
        b.scopes() == null ? Set.of() : b.scopes(), b.enabled() == null || b.enabled(),
        b.trustEmailVerified() != null ? b.trustEmailVerified() : ProviderSettings.trustsEmailVerifiedByDefault(type),
        Boolean.TRUE.equals(b.local()));
  }
}
