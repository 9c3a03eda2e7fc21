package dev.latchkey.auth.core.user;

import java.util.Objects;
import java.util.UUID;

/** A user's stable identifier: a random UUID, also the {@code sub} of the user's access tokens. */
public record UserId(UUID value) {
  /** Requires a value. */
  public UserId {
    Objects.requireNonNull(value, "value");
  }

  /** A new random id. */
  public static UserId random() {
    return new UserId(UUID.randomUUID());
  }

  /**
   * Parses the canonical UUID form.
   *
   * @throws IllegalArgumentException when {@code text} is not a UUID
   */
  public static UserId parse(String text) {
    return new UserId(UUID.fromString(text));
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
