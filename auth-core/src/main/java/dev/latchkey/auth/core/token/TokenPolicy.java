package dev.latchkey.auth.core.token;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How access tokens are issued and verified.
 *
 * @param issuer the {@code iss} claim, compared exactly
 * @param audience the {@code aud} value, which verified tokens must contain
 * @param accessTokenTtl access-token lifetime (default 15 min, between 1 min and 24 h)
 * @param leeway allowed clock skew for {@code exp}, {@code nbf} and {@code iat} (default 30 s, at most 60 s)
 * @param algorithm the one algorithm tokens are signed and verified with (default RS256)
 * @param hmacSecret the shared secret, required for and only allowed with {@link SigningAlgorithm#HS256}
 * @param keyRotationInterval how long a signing key signs before a successor is generated; zero rotates only on
 *     request (default 30 days)
 * @param keyPublishLead how long a new key is published before it signs, so every verifier knows it first (default
 *     10 min; at least {@code keyReloadInterval})
 * @param keyReloadInterval how often keys are re-read from the store, to learn keys another instance generated
 *     (default 1 min)
 * @param verifiedTokenCacheSize how many verified token strings are remembered to skip repeated signature checks;
 *     revocation and expiry are still checked every time; 0 disables (default 4096)
 */
public record TokenPolicy(
    String issuer,
    String audience,
    Duration accessTokenTtl,
    Duration leeway,
    SigningAlgorithm algorithm,
    @Nullable HmacSecret hmacSecret,
    Duration keyRotationInterval,
    Duration keyPublishLead,
    Duration keyReloadInterval,
    int verifiedTokenCacheSize) {

  /** Tokens longer than this are refused before parsing. */
  public static final int MAX_TOKEN_LENGTH = 8192;

  /** Validates every setting. */
  public TokenPolicy {
    requireText(issuer, "tokenPolicy.issuer");
    requireText(audience, "tokenPolicy.audience");
    Objects.requireNonNull(accessTokenTtl, "tokenPolicy.accessTokenTtl");
    Objects.requireNonNull(leeway, "tokenPolicy.leeway");
    Objects.requireNonNull(algorithm, "tokenPolicy.algorithm");
    Objects.requireNonNull(keyRotationInterval, "tokenPolicy.keyRotationInterval");
    Objects.requireNonNull(keyPublishLead, "tokenPolicy.keyPublishLead");
    Objects.requireNonNull(keyReloadInterval, "tokenPolicy.keyReloadInterval");
    if (accessTokenTtl.compareTo(Duration.ofMinutes(1)) < 0 || accessTokenTtl.compareTo(Duration.ofHours(24)) > 0) {
      throw new IllegalArgumentException("tokenPolicy.accessTokenTtl must be between 1 minute and 24 hours");
    }
    if (leeway.isNegative() || leeway.compareTo(Duration.ofSeconds(60)) > 0) {
      throw new IllegalArgumentException("tokenPolicy.leeway must be between 0 and 60 seconds");
    }
    if ((algorithm == SigningAlgorithm.HS256) != (hmacSecret != null)) {
      throw new IllegalArgumentException(
          "tokenPolicy.hmacSecret is required for HS256 and not allowed with other algorithms");
    }
    if (keyRotationInterval.isNegative()
        || (!keyRotationInterval.isZero() && keyRotationInterval.compareTo(accessTokenTtl) < 0)) {
      throw new IllegalArgumentException(
          "tokenPolicy.keyRotationInterval must be zero (manual) or at least accessTokenTtl");
    }
    if (keyReloadInterval.isNegative() || keyReloadInterval.isZero()) {
      throw new IllegalArgumentException("tokenPolicy.keyReloadInterval must be positive");
    }
    if (keyPublishLead.compareTo(keyReloadInterval) < 0) {
      throw new IllegalArgumentException("tokenPolicy.keyPublishLead must be at least keyReloadInterval");
    }
    if (verifiedTokenCacheSize < 0 || verifiedTokenCacheSize > 1 << 20) {
      throw new IllegalArgumentException("tokenPolicy.verifiedTokenCacheSize must be between 0 and 1048576");
    }
  }

  /** RS256, 15-minute tokens, 30 s leeway, monthly key rotation, for the given issuer and audience. */
  public static TokenPolicy defaults(String issuer, String audience) {
    return new TokenPolicy(issuer, audience, Duration.ofMinutes(15), Duration.ofSeconds(30), SigningAlgorithm.RS256,
        null, Duration.ofDays(30), Duration.ofMinutes(10), Duration.ofMinutes(1), 4096);
  }

  /** A copy signing with {@code newAlgorithm} (asymmetric algorithms only; see {@link #withHmacSecret}). */
  public TokenPolicy withAlgorithm(SigningAlgorithm newAlgorithm) {
    return new TokenPolicy(issuer, audience, accessTokenTtl, leeway, newAlgorithm, null, keyRotationInterval,
        keyPublishLead, keyReloadInterval, verifiedTokenCacheSize);
  }

  /** A copy signing with HS256 under {@code secret}: the explicit opt-in to shared-secret tokens. */
  public TokenPolicy withHmacSecret(HmacSecret secret) {
    return new TokenPolicy(issuer, audience, accessTokenTtl, leeway, SigningAlgorithm.HS256, secret,
        keyRotationInterval, keyPublishLead, keyReloadInterval, verifiedTokenCacheSize);
  }

  /** A copy with another access-token lifetime. */
  public TokenPolicy withAccessTokenTtl(Duration ttl) {
    return new TokenPolicy(issuer, audience, ttl, leeway, algorithm, hmacSecret, keyRotationInterval, keyPublishLead,
        keyReloadInterval, verifiedTokenCacheSize);
  }

  /** A copy with another verified-token cache size (0 disables the cache). */
  public TokenPolicy withVerifiedTokenCacheSize(int size) {
    return new TokenPolicy(issuer, audience, accessTokenTtl, leeway, algorithm, hmacSecret, keyRotationInterval,
        keyPublishLead, keyReloadInterval, size);
  }

  /**
   * A copy with {@link #issuer()} replaced by {@code issuer} and every other component kept, validated by the
   * canonical constructor.
   *
   * @param issuer the new value
   * @throws IllegalArgumentException when the constructor refuses the result (see the record's parameters)
   */
  public TokenPolicy withIssuer(String issuer) {
    return new TokenPolicy(issuer, audience, accessTokenTtl, leeway, algorithm, hmacSecret, keyRotationInterval,
        keyPublishLead, keyReloadInterval, verifiedTokenCacheSize);
  }

  /**
   * A copy with {@link #audience()} replaced by {@code audience} and every other component kept, validated by the
   * canonical constructor.
   *
   * @param audience the new value
   * @throws IllegalArgumentException when the constructor refuses the result (see the record's parameters)
   */
  public TokenPolicy withAudience(String audience) {
    return new TokenPolicy(issuer, audience, accessTokenTtl, leeway, algorithm, hmacSecret, keyRotationInterval,
        keyPublishLead, keyReloadInterval, verifiedTokenCacheSize);
  }

  /**
   * A copy with {@link #leeway()} replaced by {@code leeway} and every other component kept, validated by the
   * canonical constructor.
   *
   * @param leeway the new value
   * @throws IllegalArgumentException when the constructor refuses the result (see the record's parameters)
   */
  public TokenPolicy withLeeway(Duration leeway) {
    return new TokenPolicy(issuer, audience, accessTokenTtl, leeway, algorithm, hmacSecret, keyRotationInterval,
        keyPublishLead, keyReloadInterval, verifiedTokenCacheSize);
  }

  /**
   * A copy with {@link #keyRotationInterval()} replaced by {@code keyRotationInterval} and every other component
   * kept, validated by the canonical constructor.
   *
   * @param keyRotationInterval the new value
   * @throws IllegalArgumentException when the constructor refuses the result (see the record's parameters)
   */
  public TokenPolicy withKeyRotationInterval(Duration keyRotationInterval) {
    return new TokenPolicy(issuer, audience, accessTokenTtl, leeway, algorithm, hmacSecret, keyRotationInterval,
        keyPublishLead, keyReloadInterval, verifiedTokenCacheSize);
  }

  /**
   * A copy with {@link #keyPublishLead()} replaced by {@code keyPublishLead} and every other component kept,
   * validated by the canonical constructor.
   *
   * @param keyPublishLead the new value
   * @throws IllegalArgumentException when the constructor refuses the result (see the record's parameters)
   */
  public TokenPolicy withKeyPublishLead(Duration keyPublishLead) {
    return new TokenPolicy(issuer, audience, accessTokenTtl, leeway, algorithm, hmacSecret, keyRotationInterval,
        keyPublishLead, keyReloadInterval, verifiedTokenCacheSize);
  }

  /**
   * A copy with {@link #keyReloadInterval()} replaced by {@code keyReloadInterval} and every other component kept,
   * validated by the canonical constructor.
   *
   * @param keyReloadInterval the new value
   * @throws IllegalArgumentException when the constructor refuses the result (see the record's parameters)
   */
  public TokenPolicy withKeyReloadInterval(Duration keyReloadInterval) {
    return new TokenPolicy(issuer, audience, accessTokenTtl, leeway, algorithm, hmacSecret, keyRotationInterval,
        keyPublishLead, keyReloadInterval, verifiedTokenCacheSize);
  }

  private static void requireText(@Nullable String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }
}
