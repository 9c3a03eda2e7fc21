package dev.latchkey.auth.core;

import dev.latchkey.auth.core.service.ApiKey;
import dev.latchkey.auth.core.token.RawToken;
import java.util.Objects;

/**
 * A new API key and its secret, which is shown this once and never stored ({@link #toString()} redacts it).
 *
 * @param key the stored key
 * @param secret the secret ({@code lk_…}); use it as a Bearer token or exchange it for an access token
 */
public record CreatedApiKey(ApiKey key, RawToken secret) {
  /** Requires both. */
  public CreatedApiKey {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(secret, "secret");
  }
}
