package dev.latchkey.auth.core.role;

import dev.latchkey.auth.core.service.ServiceId;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A named set of permissions. A role without a service is global; one with a service applies only to that service,
 * and its name is unique within the service.
 *
 * @param name 1–64 letters, digits, {@code . _ : -}; case-sensitive
 * @param service the service it is scoped to, or null for a global role
 * @param description optional text
 * @param permissions what the role allows, such as {@code orders:read}
 */
public record Role(String name, @Nullable ServiceId service, @Nullable String description, Set<String> permissions) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

  /** Validates and copies. */
  public Role {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a role name is 1-64 letters, digits, '.', '_', ':' or '-'");
    }
    permissions = Set.copyOf(permissions);
  }
}
