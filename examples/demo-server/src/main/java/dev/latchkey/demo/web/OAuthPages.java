package dev.latchkey.demo.web;

import dev.latchkey.auth.core.NotFoundException;
import dev.latchkey.auth.core.OAuthCallbackResult;
import dev.latchkey.auth.core.OAuthStart;
import dev.latchkey.auth.core.ValidationException;
import dev.latchkey.auth.core.oauth.OAuthProvider;
import dev.latchkey.auth.core.token.RawToken;
import dev.latchkey.auth.core.token.TokenHash;
import dev.latchkey.auth.core.user.UserId;
import dev.latchkey.auth.http.javalin.AuthPlugin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signing in and linking with an OAuth provider from the pages.
 *
 * <p>{@code POST /oauth/{provider}/start} (the login page's provider buttons) starts a login that returns to an
 * allow-listed app, the web landing {@code /oauth/landing}, with a PKCE challenge whose verifier never leaves the
 * server: it is kept for this browser under a random flow cookie (HttpOnly, SameSite=Lax, ten minutes). The provider
 * comes back through the API's callback, which sends the browser to the landing with a one-minute {@code login_code};
 * the landing exchanges it with this browser's verifier, so a code planted in another browser is useless (login CSRF).
 * A signed-in browser may start one too: a fresh provider login (how a password-less account re-authenticates, for
 * example before deleting itself: {@code next=/account/delete}) replaces its session. {@code POST
 * /oauth/{provider}/link} starts linking for the signed-in user ({@code OAuthLogin.startLink}).
 *
 * <p>A flow started here is finished here: when the callback arrives with this browser's flow cookie for the same
 * provider, the pages answer it (the same single facade call as the API's handler), so that a refusal (an identity
 * that may not join an existing account, an administrator never linked automatically, the session limit, a cancelled
 * login, an identity linked to someone else) is shown as a page and not as a JSON problem. Callbacks of flows started
 * through the API are left to the API.
 *
 * <p>The answer to a start is a short page that continues to the provider (a {@code Refresh} and a link) rather than a
 * redirect: the pages' CSP {@code form-action 'self'} also governs redirects that follow a form submission.
 */
public final class OAuthPages {
  private static final Logger LOG = LoggerFactory.getLogger(OAuthPages.class);
  /** The API's browser-binding cookie ({@code OAuthRoutes.BINDING_COOKIE}), set so its callback also accepts it. */
  static final String BINDING_COOKIE = "__Host-latchkey-oauth";
  private static final String FLOW = "latchkey-oauth-flow";
  private static final String CALLBACK = "/api/v1/auth/oauth/{provider}/callback";
  private static final Duration FLOW_TTL = Duration.ofMinutes(10);
  private static final int MAX_FLOWS = 10_000;
  private static final int MAX_PROVIDER_NAME = 32;

  private final Web web;
  private final PublicPages limits;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Flow> flows = new ConcurrentHashMap<>();

  OAuthPages(Web web, PublicPages limits) {
    this.web = web;
    this.limits = limits;
  }

  void routes(JavalinConfig cfg) {
    cfg.routes.post("/oauth/{provider}/start", this::start);
    cfg.routes.post("/oauth/{provider}/link", this::link);
    cfg.routes.get("/oauth/landing", this::landing);
    cfg.routes.before(CALLBACK, this::callback);
  }

  /** The page that continues to the provider. */
  public record Continue(String displayName, String url) {}

  /**
   * The landing's model when it has something to say rather than sign in.
   *
   * @param signIn offer the sign-in page; else the linked-accounts page
   */
  public record Landing(String heading, String message, boolean signIn) {}

  /**
   * One browser's flow in progress.
   *
   * @param linkTo the user linking, or null for a login
   * @param refusal why the callback refused the login, to show on the landing; null while in progress
   */
  private record Flow(String provider, String displayName, String verifier, String binding, String next,
      @Nullable UserId linkTo, Instant expires, OAuthCallbackResult.@Nullable Reason refusal) {
    Flow refused(OAuthCallbackResult.Reason reason) {
      return new Flow(provider, displayName, verifier, binding, next, linkTo, expires, reason);
    }
  }

  // ---- start and link ----

  private void start(Context ctx) {
    String next = Web.safeLocal(ctx.formParam("next"), "/dashboard");
    OAuthProvider provider = provider(ctx);
    throttle(ctx);
    RawToken verifier = RawToken.generate(random);
    String challenge = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(TokenHash.of(verifier.reveal()).bytes());
    OAuthStart start;
    try {
      start = web.auth().oauth().start(provider.name(), landing(), challenge);
    } catch (NotFoundException e) {
      throw WebError.notFound("this sign-in provider");
    } catch (ValidationException e) {
      LOG.warn("the OAuth landing {} is not on the redirect allow-list: provider sign-in is off", landing());
      throw new WebError(503, "Sign-in with providers is not set up", "This server cannot complete sign-ins with"
          + " providers yet. Sign in with your password, or ask an administrator.");
    }
    begin(ctx, start, new Flow(provider.name(), provider.displayName(), verifier.reveal(),
        start.browserBinding().reveal(), next, null, web.clock().instant().plus(FLOW_TTL), null));
  }

  private void link(Context ctx) {
    Viewer viewer = web.requireUser(ctx);
    OAuthProvider provider = provider(ctx);
    throttle(ctx);
    OAuthStart start;
    try {
      start = web.auth().oauth().startLink(viewer.userId(), provider.name(), landing());
    } catch (NotFoundException e) {
      throw WebError.notFound("this sign-in provider");
    } catch (ValidationException e) {
      LOG.warn("the OAuth landing {} is not on the redirect allow-list: linking is off", landing());
      throw new WebError(503, "Linking is not set up", "This server cannot link providers yet.");
    }
    begin(ctx, start, new Flow(provider.name(), provider.displayName(), "", start.browserBinding().reveal(),
        "/account/linked", viewer.userId(), web.clock().instant().plus(FLOW_TTL), null));
  }

  private OAuthProvider provider(Context ctx) {
    String name = ctx.pathParam("provider");
    if (name.length() > MAX_PROVIDER_NAME) {
      throw WebError.notFound("this sign-in provider");
    }
    return web.auth().oauth().providers().stream().filter(p -> p.name().equals(name)).findFirst()
        .orElseThrow(() -> WebError.notFound("this sign-in provider"));
  }

  private void throttle(Context ctx) {
    Duration wait = limits.limited(ctx, "oauth-start", PublicPages.OAUTH_START);
    if (wait != null) {
      throw new WebError(429, "Too many sign-in attempts", "This network started too many sign-ins with"
          + " providers in a short time.", wait);
    }
  }

  private void begin(Context ctx, OAuthStart start, Flow flow) {
    String id = RawToken.generate(random).reveal();
    remember(BrowserSessions.hash(id), flow);
    boolean https = https(ctx);
    ctx.res().addHeader("Set-Cookie", flowCookie(ctx) + "=" + id + "; Path=/; Max-Age=" + FLOW_TTL.toSeconds()
        + "; HttpOnly; SameSite=Lax" + (https ? "; Secure" : ""));
    ctx.res().addHeader("Set-Cookie", BINDING_COOKIE + "=" + start.browserBinding().reveal()
        + "; Path=/; Max-Age=600; HttpOnly; Secure; SameSite=Lax");
    String url = start.authorizationUrl().toString();
    ctx.header("Refresh", "0; url=" + url);
    web.render(ctx, "site/oauth-continue.jte", web.page(ctx, "Continue to " + flow.displayName()),
        new Continue(flow.displayName(), url));
  }

  private void remember(String key, Flow flow) {
    if (flows.size() >= MAX_FLOWS) {
      Instant now = web.clock().instant();
      flows.values().removeIf(f -> f.expires().isBefore(now));
      if (flows.size() >= MAX_FLOWS) {
        flows.clear();
      }
    }
    flows.put(key, flow);
  }

  // ---- the provider's callback, for flows started here ----

  private void callback(Context ctx) {
    String key = flowKey(ctx);
    Flow flow = key == null ? null : flows.get(key);
    if (flow == null || flow.refusal() != null || !flow.provider().equals(ctx.pathParam("provider"))) {
      return; // not ours: the API answers
    }
    ctx.skipRemainingHandlers();
    ctx.header("Cache-Control", "no-store");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.res().addHeader("Set-Cookie", BINDING_COOKIE + "=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax");
    if (flow.expires().isBefore(web.clock().instant())) {
      flows.remove(key);
      answerRefusal(ctx, key, flow, OAuthCallbackResult.Reason.INVALID_STATE);
      return;
    }
    if (flow.linkTo() != null) {
      Viewer viewer = web.viewer(ctx);
      if (viewer == null || !viewer.userId().equals(flow.linkTo())) {
        flows.remove(key);
        clearFlowCookie(ctx);
        web.redirect(ctx, "/account/linked", Flash.error("The link with " + flow.displayName() + " was started by"
            + " another account in this browser, so it was not made."));
        return;
      }
    }
    Map<String, String> query = new LinkedHashMap<>();
    ctx.queryParamMap().forEach((k, v) -> {
      if (!v.isEmpty()) {
        query.put(k, v.get(0));
      }
    });
    OAuthCallbackResult result = web.auth().oauth().callback(flow.provider(), query, flow.binding(),
        web.client(ctx));
    switch (result) {
      case OAuthCallbackResult.LoginCodeIssued code -> ctx.status(303).header("Location",
          code.redirect().toString());
      case OAuthCallbackResult.Linked linked -> {
        flows.remove(key);
        clearFlowCookie(ctx);
        web.redirect(ctx, "/account/linked", Flash.ok(flow.displayName() + " is now linked to your account: you"
            + " can sign in with it."));
      }
      case OAuthCallbackResult.SignedIn in -> { // not expected: the login asked for the landing
        flows.remove(key);
        clearFlowCookie(ctx);
        web.signIn(ctx, in.tokens());
        web.redirect(ctx, flow.next(), null);
      }
      case OAuthCallbackResult.Refused refused -> answerRefusal(ctx, key, flow, refused.reason());
    }
  }

  private void answerRefusal(Context ctx, String key, Flow flow, OAuthCallbackResult.Reason reason) {
    if (flow.linkTo() != null) {
      flows.remove(key);
      clearFlowCookie(ctx);
      web.redirect(ctx, "/account/linked", Flash.error(refusal(reason, flow.displayName(), true).message()));
      return;
    }
    flows.put(key, flow.refused(reason));
    web.redirect(ctx, "/oauth/landing", null);
  }

  // ---- the landing ----

  private void landing(Context ctx) {
    String key = flowKey(ctx);
    Flow flow = key == null ? null : flows.remove(key);
    clearFlowCookie(ctx);
    if (flow == null || flow.linkTo() != null || flow.expires().isBefore(web.clock().instant())) {
      show(ctx, 400, new Landing("This sign-in has ended", "This sign-in already finished, expired, or was"
          + " started in another browser. Start again from the sign-in page.", true));
      return;
    }
    if (flow.refusal() != null) {
      Landing refused = refusal(flow.refusal(), flow.displayName(), false);
      show(ctx, status(flow.refusal()), refused);
      return;
    }
    String code = SitePages.text(ctx.queryParam("login_code"));
    if (code.isEmpty()) {
      show(ctx, 400, refusal(OAuthCallbackResult.Reason.INVALID_STATE, flow.displayName(), false));
      return;
    }
    switch (web.auth().oauth().exchangeLoginCode(code, flow.verifier(), web.client(ctx))) {
      case OAuthCallbackResult.SignedIn in -> {
        if (web.viewer(ctx) != null) {
          web.signOut(ctx); // a fresh login (a re-authentication) replaces this browser's session, never orphans it
        }
        web.signIn(ctx, in.tokens());
        web.redirect(ctx, flow.next(), null);
      }
      case OAuthCallbackResult.Refused refused -> show(ctx, status(refused.reason()),
          refusal(refused.reason(), flow.displayName(), false));
      default -> show(ctx, 400, refusal(OAuthCallbackResult.Reason.INVALID_STATE, flow.displayName(), false));
    }
  }

  private void show(Context ctx, int status, Landing landing) {
    ctx.status(status);
    web.render(ctx, "site/oauth-landing.jte", web.page(ctx, landing.heading()), landing);
  }

  private static int status(OAuthCallbackResult.Reason reason) {
    return switch (reason) {
      case LINK_NOT_ALLOWED, ADMIN_LINK_NOT_ALLOWED, ALREADY_LINKED, SESSION_LIMIT_REACHED -> 409;
      case ACCOUNT_DISABLED -> 403;
      case PROVIDER_DISABLED -> 404;
      default -> 400;
    };
  }

  /** What a person is told about a refusal: what happened and what to do (never more than the API's answer). */
  static Landing refusal(OAuthCallbackResult.Reason reason, String provider, boolean linking) {
    return switch (reason) {
      case LINK_NOT_ALLOWED -> new Landing("Sign in with your password first", "An account here already uses the"
          + " email address " + provider + " gave, and it is not joined automatically. Sign in with your password,"
          + " then link " + provider + " from your account's Linked accounts page.", true);
      case ADMIN_LINK_NOT_ALLOWED -> new Landing("Sign in with your password first", "The email address " + provider
          + " gave belongs to an administrator account. Administrator accounts are never linked to a provider"
          + " automatically: sign in with the password, then link " + provider + " from the account page.", true);
      case SESSION_LIMIT_REACHED -> new Landing("Too many sessions", "This account has the most sessions allowed."
          + " Sign out on another device, then try again.", true);
      case ALREADY_LINKED -> new Landing("Already linked elsewhere", "This " + provider + " account is already"
          + " linked to another account here, so it was not linked to yours.", false);
      case EMAIL_REQUIRED -> new Landing("An email address is needed", provider + " did not confirm an email"
          + " address, and this server needs one for new accounts.", true);
      case ACCOUNT_DISABLED -> new Landing("Account disabled", "The account for this " + provider + " sign-in is"
          + " disabled. Ask an administrator.", !linking);
      case PROVIDER_ERROR -> new Landing("Sign-in cancelled", "The " + (linking ? "link" : "sign-in") + " was"
          + " cancelled or refused at " + provider + ". Nothing was changed.", !linking);
      case PROVIDER_DISABLED -> new Landing("Provider not available", provider + " is no longer offered here.",
          !linking);
      case INVALID_STATE -> new Landing("This sign-in has ended", "This " + (linking ? "link" : "sign-in")
          + " expired, was already finished, or was started in another browser. Start again.", !linking);
      case ISSUER_MISMATCH, EXCHANGE_FAILED -> new Landing("Sign-in failed", "The "
          + (linking ? "link" : "sign-in") + " with " + provider + " could not be completed. Try again; if it keeps"
          + " failing, ask an administrator.", !linking);
    };
  }

  // ---- cookies ----

  private URI landing() {
    return URI.create(web.settings().baseUrl().toString().replaceAll("/+$", "") + "/oauth/landing");
  }

  private @Nullable String flowKey(Context ctx) {
    String id = ctx.cookie(flowCookie(ctx));
    return id == null || id.length() < 20 || id.length() > 100 ? null : BrowserSessions.hash(id);
  }

  private String flowCookie(Context ctx) {
    return https(ctx) ? "__Host-" + FLOW : FLOW;
  }

  private void clearFlowCookie(Context ctx) {
    ctx.res().addHeader("Set-Cookie", flowCookie(ctx) + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"
        + (https(ctx) ? "; Secure" : ""));
  }

  private static boolean https(Context ctx) {
    return ctx.with(AuthPlugin.class).https();
  }
}
