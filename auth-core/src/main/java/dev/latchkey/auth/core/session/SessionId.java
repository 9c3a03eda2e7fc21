package dev.latchkey.auth.core.session;

import java.util.Objects;
import java.util.UUID;

/** A session's identifier: a random UUID, the {@code sid} claim of its access tokens. Not a secret. */
public record SessionId(UUID value) {
  /** Requires a value. */
  public SessionId {
    Objects.requireNonNull(value, "value");
  }

  /** A new random id. */
  public static SessionId random() {
    return new SessionId(UUID.randomUUID());
  }

  /**
   * Parses the canonical UUID form.
   *
   * @throws IllegalArgumentException when {@code text} is not a UUID
   */
  public static SessionId parse(String text) {
    return new SessionId(UUID.fromString(text));
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
