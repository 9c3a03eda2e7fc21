package dev.latchkey.auth.core.token;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A signing key as persisted through {@link SigningKeyStore}.
 *
 * @param keyId the {@code kid}
 * @param algorithm what it signs with
 * @param jwkJson the private JWK as JSON: a secret, never logged ({@link #toString()} redacts it)
 * @param createdAt when it was generated (and first published)
 * @param activatesAt when it starts signing; until then it is only published, so verifiers learn it first
 * @param retiresAt when it leaves the published set, at least one access-token lifetime after it stopped signing;
 *     null while it is current
 */
public record StoredSigningKey(
    String keyId,
    SigningAlgorithm algorithm,
    String jwkJson,
    Instant createdAt,
    Instant activatesAt,
    @Nullable Instant retiresAt) {

  /** Requires every part but {@code retiresAt}. */
  public StoredSigningKey {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(jwkJson, "jwkJson");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(activatesAt, "activatesAt");
  }

  /** A copy that leaves the published set at {@code at}. */
  public StoredSigningKey retiringAt(Instant at) {
    return new StoredSigningKey(keyId, algorithm, jwkJson, createdAt, activatesAt, at);
  }

  @Override
  public String toString() {
    return "StoredSigningKey[keyId=" + keyId + ", algorithm=" + algorithm + ", activatesAt=" + activatesAt
        + ", retiresAt=" + retiresAt + ", jwk=redacted]";
  }
}
