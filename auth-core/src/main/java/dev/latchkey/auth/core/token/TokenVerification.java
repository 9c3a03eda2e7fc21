package dev.latchkey.auth.core.token;

/**
 * The outcome of verifying an access token. A rejection's {@link Invalid#reason()} is for logs and metrics; clients
 * should all be told the same thing ({@code invalid_token}).
 */
public sealed interface TokenVerification {

  /** The token is valid; {@code principal} is who it speaks for. */
  record Valid(Principal principal) implements TokenVerification {}

  /** The token was refused. */
  record Invalid(Reason reason) implements TokenVerification {}

  /** Why a token was refused. */
  enum Reason {
    /** Not a compact JWS, too long, or claims of the wrong shape. */
    MALFORMED,
    /** The header's {@code alg} is not the configured one ({@code none} included). */
    ALGORITHM_NOT_ALLOWED,
    /** The header's {@code typ} is not {@code at+jwt}. */
    WRONG_TYPE,
    /** No published key has the header's {@code kid}. */
    UNKNOWN_KEY,
    /** The signature does not verify. */
    BAD_SIGNATURE,
    /** {@code iss} is not ours. */
    WRONG_ISSUER,
    /** {@code aud} does not contain ours. */
    WRONG_AUDIENCE,
    /** {@code exp} has passed (beyond the leeway). */
    EXPIRED,
    /** {@code nbf} or {@code iat} lies in the future (beyond the leeway). */
    NOT_YET_VALID,
    /** A required claim is missing. */
    MISSING_CLAIM,
    /** The token, its session or its user's earlier tokens were revoked. */
    REVOKED,
    /** An API-key secret ({@link dev.latchkey.auth.core.Auth#authenticate}) that is unknown, wrong, deleted or expired. */
    UNKNOWN_API_KEY
  }
}
