package dev.latchkey.auth.core.token;

import com.nimbusds.jose.JWSAlgorithm;

/**
 * The algorithms access tokens can be signed with. Exactly one is configured; verification accepts only it.
 */
public enum SigningAlgorithm {
  /** RSASSA-PKCS1-v1_5 with SHA-256 and a 2048-bit key: the default, verified by everything and fast to verify. */
  RS256(JWSAlgorithm.RS256),
  /** Ed25519: fast signing, for refresh-heavy services. */
  EDDSA(JWSAlgorithm.EdDSA),
  /** ECDSA P-256 with SHA-256: small tokens, slow verification. */
  ES256(JWSAlgorithm.ES256),
  /** HMAC-SHA-256 with a shared secret of at least 256 bits; explicit opt-in only, nothing published. */
  HS256(JWSAlgorithm.HS256);

  private final JWSAlgorithm jws;

  SigningAlgorithm(JWSAlgorithm jws) {
    this.jws = jws;
  }

  /** The JOSE algorithm. */
  public JWSAlgorithm jws() {
    return jws;
  }

  /** Whether keys of this algorithm are public/private pairs that can be published in a JWK set. */
  public boolean isAsymmetric() {
    return this != HS256;
  }

  /**
   * Parses a JOSE name ({@code RS256}, {@code EdDSA}, {@code ES256}, {@code HS256}), case-insensitively.
   *
   * @throws IllegalArgumentException for any other name
   */
  public static SigningAlgorithm parse(String name) {
    for (SigningAlgorithm a : values()) {
      if (a.jws.getName().equalsIgnoreCase(name)) {
        return a;
      }
    }
    throw new IllegalArgumentException("unsupported signing algorithm: expected RS256, EdDSA, ES256 or HS256");
  }
}
