package dev.latchkey.auth.core.service;

import java.util.Objects;
import java.util.UUID;

/** A registered service's identifier. */
public record ServiceId(UUID value) {
  /** Requires a value. */
  public ServiceId {
    Objects.requireNonNull(value, "value");
  }

  /** A new random id. */
  public static ServiceId random() {
    return new ServiceId(UUID.randomUUID());
  }

  /**
   * Parses the canonical UUID form.
   *
   * @throws IllegalArgumentException when {@code text} is not a UUID
   */
  public static ServiceId parse(String text) {
    return new ServiceId(UUID.fromString(text));
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
