package dev.latchkey.auth.core.oauth;

import java.net.URI;
import java.util.Objects;

/**
 * A code to exchange, with what proves it belongs to this login. {@link #toString()} shows none of the secrets.
 *
 * @param code the authorization code from the callback
 * @param codeVerifier the PKCE verifier whose S256 challenge was sent
 * @param redirectUri the redirect URI the authorization request used
 * @param nonce the nonce the ID token must carry
 * @param clientSecret the provider's client secret, decrypted for this exchange only
 */
public record CodeExchange(String code, String codeVerifier, URI redirectUri, String nonce, String clientSecret) {
  /** Requires every part. */
  public CodeExchange {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(codeVerifier, "codeVerifier");
    Objects.requireNonNull(redirectUri, "redirectUri");
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(clientSecret, "clientSecret");
  }

  @Override
  public String toString() {
    return "CodeExchange[redirectUri=" + redirectUri
        + ", code=redacted, codeVerifier=redacted, nonce=redacted, clientSecret=redacted]";
  }
}
