package dev.latchkey.auth.http.javalin;

import dev.latchkey.auth.core.ClientInfo;
import dev.latchkey.auth.core.token.Principal;
import io.javalin.http.Context;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What {@link AuthPlugin} knows about the current request, for host handlers:
 * {@code ctx.with(AuthPlugin.class).principal()}. The principal is set on routes guarded by {@link AuthRole}.
 */
public final class AuthContext {
  static final String PRINCIPAL = "latchkey.principal";

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

  /** The authenticated principal, when the route required one. */
  public Optional<Principal> principal() {
    return Optional.ofNullable(ctx.attribute(PRINCIPAL));
  }

  /** The authenticated principal; a 401 problem when there is none. */
  public Principal requirePrincipal() {
    return principal().orElseThrow(HttpProblem::invalidToken);
  }
}
