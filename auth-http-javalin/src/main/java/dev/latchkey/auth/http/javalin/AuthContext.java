package dev.latchkey.auth.http.javalin;

import dev.latchkey.auth.core.token.Principal;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * What {@link AuthPlugin} knows about the current request, for host handlers:
 * {@code ctx.with(AuthPlugin.class).principal()}. The principal is set on routes guarded by {@link AuthRole}.
 */
public final class AuthContext {
  static final String PRINCIPAL = "latchkey.principal";

  private final Context ctx;

  AuthContext(Context ctx) {
    this.ctx = ctx;
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
