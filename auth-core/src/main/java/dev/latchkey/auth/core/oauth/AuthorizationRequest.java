package dev.latchkey.auth.core.oauth;

import java.net.URI;
import java.util.Objects;

/**
 * What the provider's authorization URL must carry: state, nonce, a PKCE S256 challenge (never {@code plain}) and the
 * exact redirect URI.
 *
 * @param state the single-use state value
 * @param nonce the nonce the ID token must echo
 * @param codeChallenge base64url(SHA-256(code verifier)); the method is always {@code S256}
 * @param redirectUri where the provider returns, compared exactly
 */
public record AuthorizationRequest(String state, String nonce, String codeChallenge, URI redirectUri) {
  /** The only PKCE method Latchkey uses. */
  public static final String CODE_CHALLENGE_METHOD = "S256";

  /** Requires every part. */
  public AuthorizationRequest {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(codeChallenge, "codeChallenge");
    Objects.requireNonNull(redirectUri, "redirectUri");
  }

  @Override
  public String toString() {
    return "AuthorizationRequest[redirectUri=" + redirectUri + ", state=redacted, nonce=redacted]";
  }
}
