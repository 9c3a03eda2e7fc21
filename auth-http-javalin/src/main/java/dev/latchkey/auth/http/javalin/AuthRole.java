package dev.latchkey.auth.http.javalin;

import io.javalin.security.RouteRole;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Who may call a route, checked by {@link AuthPlugin} before the handler runs. Host applications put these on their
 * own routes: {@code config.routes.get("/orders", handler, AuthRole.AUTHENTICATED)} or
 * {@code config.routes.post("/orders", handler, AuthRole.permission("orders:write"))}. When a route names several,
 * every one must hold. A route without any is public; its handler may still ask
 * {@code ctx.with(AuthPlugin.class).principal()} who is calling.
 */
public sealed interface AuthRole extends RouteRole permits AuthRole.Builtin, AuthRole.Permission {
  /** Anyone (the default for a route without roles). */
  AuthRole ANYONE = Builtin.ANYONE;
  /** A valid, unrevoked access token (or API key) is required: 401 {@code invalid_token} otherwise. */
  AuthRole AUTHENTICATED = Builtin.AUTHENTICATED;
  /**
   * An access token carrying the {@code admin} role is required: 401 without a valid token, 403 {@code forbidden}
   * without the role.
   */
  AuthRole ADMIN = Builtin.ADMIN;

  /**
   * A valid access token (or API key) whose holder is granted {@code permission} by one of their global roles (or is
   * an administrator), as {@code AccessControl.authorize} decides: 401 {@code invalid_token} without a valid token,
   * 403 {@code forbidden} without the permission. A role change applies at once.
   *
   * @throws IllegalArgumentException when {@code permission} is blank
   */
  static AuthRole permission(String permission) {
    return new Permission(null, permission);
  }

  /**
   * Like {@link #permission(String)}, in the registered service named {@code service} (case-insensitive): the
   * holder's global roles and their roles in that service count; an API key scoped to another service is refused.
   * A service that is not registered grants nothing (403).
   *
   * @throws IllegalArgumentException when {@code service} or {@code permission} is blank
   */
  static AuthRole permission(String service, String permission) {
    return new Permission(Objects.requireNonNull(service, "service"), permission);
  }

  /** The fixed guards: {@link #ANYONE}, {@link #AUTHENTICATED} and {@link #ADMIN}. */
  enum Builtin implements AuthRole {
    /** See {@link AuthRole#ANYONE}. */
    ANYONE,
    /** See {@link AuthRole#AUTHENTICATED}. */
    AUTHENTICATED,
    /** See {@link AuthRole#ADMIN}. */
    ADMIN
  }

  /**
   * A permission guard, made by {@link AuthRole#permission(String)} or {@link AuthRole#permission(String, String)}.
   *
   * @param service the registered service's name, or null for global roles only
   * @param permission the permission the caller's roles must grant
   */
  record Permission(@Nullable String service, String permission) implements AuthRole {
    /** Validates the names. */
    public Permission {
      Objects.requireNonNull(permission, "permission");
      if (permission.isBlank()) {
        throw new IllegalArgumentException("a permission is not blank");
      }
      if (service != null && service.isBlank()) {
        throw new IllegalArgumentException("a service name is not blank");
      }
    }
  }
}
