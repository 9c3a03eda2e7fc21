package dev.latchkey.auth.http.javalin;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The request bodies of API.md. Jackson maps their snake_case JSON onto these records; unknown fields are ignored and
 * missing ones are null, which the handlers turn into {@code validation_failed}.
 */
final class Bodies {
  private Bodies() {}

  record Register(@Nullable String username, @Nullable String email, @Nullable String password,
      @Nullable String name, @Nullable String phone) {}

  record Login(@Nullable String login, @Nullable String password) {}

  record Refresh(@Nullable String refreshToken) {}

  record TokenOnly(@Nullable String token) {}

  record Email(@Nullable String email) {}

  record ResetPassword(@Nullable String token, @Nullable String password) {}

  record ChangePassword(@Nullable String currentPassword, @Nullable String newPassword) {}

  record UpdateAccount(@Nullable String name, @Nullable String phone, @Nullable String email,
      @Nullable String currentPassword) {}

  record CurrentPassword(@Nullable String currentPassword) {}

  record LoginCode(@Nullable String loginCode, @Nullable String codeVerifier) {}

  record AdminCreateUser(@Nullable String username, @Nullable String email, @Nullable String password,
      @Nullable String name, @Nullable Boolean isAdmin, @Nullable Set<String> roles) {}

  record AdminUpdateUser(@Nullable String email, @Nullable String name, @Nullable Boolean isAdmin,
      @Nullable Boolean active, @Nullable Set<String> roles, @Nullable String password) {}

  record Provider(@Nullable String name, @Nullable String displayName, @Nullable String type,
      @Nullable String clientId, @Nullable String clientSecret, @Nullable String issuer, @Nullable Set<String> scopes,
      @Nullable Boolean enabled, @Nullable Boolean trustEmailVerified, @Nullable Boolean local) {}

  record ServiceBody(@Nullable String name, @Nullable String description) {}

  record RoleBody(@Nullable String name, @Nullable String description, @Nullable Set<String> permissions,
      @Nullable String serviceId) {}

  record ApiKeyBody(@Nullable String name, @Nullable Set<String> roles, @Nullable String serviceId,
      @Nullable String expiresAt) {}

  /**
   * The longest identifier (email address, login) that reaches a store key: RFC 5321's path limit, and the width of
   * the stores' email columns. Longer input is refused before it is looked up, counted or stored.
   */
  static final int MAX_IDENTIFIER = 254;

  /** The value, or a 400 naming the field when it is missing, blank or longer than {@link #MAX_IDENTIFIER}. */
  static String identifier(@Nullable String value, String field) {
    if (required(value, field).length() > MAX_IDENTIFIER) {
      throw HttpProblem.validation(field, "must be at most " + MAX_IDENTIFIER + " characters");
    }
    return value;
  }

  /** The value, or a 400 naming the field when it is missing or blank. */
  static String required(@Nullable String value, String field) {
    if (value == null || value.isBlank()) {
      throw HttpProblem.validation(field, "is required");
    }
    return value;
  }
}
