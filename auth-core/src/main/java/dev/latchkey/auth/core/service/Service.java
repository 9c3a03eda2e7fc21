package dev.latchkey.auth.core.service;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A service registered with Latchkey, so that roles and API keys can be scoped to it.
 *
 * @param id its id
 * @param name a unique name (case-insensitive)
 * @param description optional text
 * @param createdAt when it was registered
 */
public record Service(ServiceId id, String name, @Nullable String description, Instant createdAt) {
  /** Validates the parts. */
  public Service {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(createdAt, "createdAt");
    if (name.isBlank() || name.length() > 100) {
      throw new IllegalArgumentException("a service name is 1 to 100 characters");
    }
  }
}
