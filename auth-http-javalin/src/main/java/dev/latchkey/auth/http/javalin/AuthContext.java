package dev.latchkey.auth.http.javalin;

import dev.latchkey.auth.core.ClientInfo;
import dev.latchkey.auth.core.token.Principal;
import io.javalin.http.Context;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link AuthPlugin} knows about the current request, for host handlers:
 * {@code ctx.with(AuthPlugin.class).principal()}. On routes guarded by an {@link AuthRole} the guard has verified the
 * principal already; on public routes it is verified the first time a handler asks.
 */
public final class AuthContext {
  static final String PRINCIPAL = "latchkey.principal";
  private static final String ANONYMOUS = "latchkey.anonymous";
  private static final Logger LOG = LoggerFactory.getLogger(AuthContext.class);

  private final Context ctx;
  private final @Nullable Api api;

  AuthContext(Context ctx, @Nullable Api api) {
    this.ctx = ctx;
    this.api = api;
  }

  /**
   * The client as the plugin sees it: its address (from {@code X-Forwarded-For} only when the peer is a trusted
   * proxy) and its user agent, for the facade calls a host's own pages make ({@code Auth.login} and the like).
   */
  public ClientInfo client() {
    return api().client(ctx);
  }

  /** Whether the request arrived over HTTPS, directly or per a trusted proxy's {@code X-Forwarded-Proto}. */
  public boolean https() {
    return api().https(ctx);
  }

  private Api api() {
    if (api == null) {
      throw new IllegalStateException("the AuthPlugin has not started yet");
    }
    return api;
  }

  /**
   * Who is calling: the principal the route's guard verified or, on a public route, the one of the request's
   * {@code Authorization: Bearer} access token or API key, verified now (once per request, revocation included unless
   * the plugin is stateless). Empty without a credential, and for one that is invalid, expired or revoked, or that
   * cannot be checked just now (a store is down): the caller is then anonymous; never an exception.
   */
  public Optional<Principal> principal() {
    Principal known = ctx.attribute(PRINCIPAL);
    if (known != null || api == null || ctx.attribute(ANONYMOUS) != null) {
      return Optional.ofNullable(known);
    }
    Principal verified = null;
    try {
      verified = api.verify(Api.bearer(ctx));
    } catch (RuntimeException e) {
      LOG.debug("a bearer credential could not be checked ({}); the caller counts as anonymous",
          e.getClass().getSimpleName());
    }
    if (verified == null) {
      ctx.attribute(ANONYMOUS, Boolean.TRUE);
      return Optional.empty();
    }
    ctx.attribute(PRINCIPAL, verified);
    return Optional.of(verified);
  }

  /** The caller's principal ({@link #principal()}); a 401 {@code invalid_token} problem when there is none. */
  public Principal requirePrincipal() {
    return principal().orElseThrow(HttpProblem::invalidToken);
  }
}
