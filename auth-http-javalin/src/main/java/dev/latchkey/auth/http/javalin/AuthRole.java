package dev.latchkey.auth.http.javalin;

import io.javalin.security.RouteRole;

/**
 * Who may call a route, checked by {@link AuthPlugin} before the handler runs. Host applications put these on their
 * own routes: {@code config.routes.get("/orders", handler, AuthRole.AUTHENTICATED)}.
 */
public enum AuthRole implements RouteRole {
  /** Anyone (the default for a route without roles). */
  ANYONE,
  /** A valid, unrevoked access token (or API key) is required: 401 {@code invalid_token} otherwise. */
  AUTHENTICATED,
  /**
   * An access token carrying the {@code admin} role is required: 401 without a token, 403 {@code forbidden}
   * without the role.
   */
  ADMIN
}
