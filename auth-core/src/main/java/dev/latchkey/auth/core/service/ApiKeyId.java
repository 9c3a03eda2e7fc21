package dev.latchkey.auth.core.service;

import java.util.Objects;
import java.util.UUID;

/** An API key's identifier: the public half of its credentials, the {@code client_id} of its tokens. */
public record ApiKeyId(UUID value) {
  /** Requires a value. */
  public ApiKeyId {
    Objects.requireNonNull(value, "value");
  }

  /** A new random id. */
  public static ApiKeyId random() {
    return new ApiKeyId(UUID.randomUUID());
  }

  /**
   * Parses the canonical UUID form.
   *
   * @throws IllegalArgumentException when {@code text} is not a UUID
   */
  public static ApiKeyId parse(String text) {
    return new ApiKeyId(UUID.fromString(text));
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
