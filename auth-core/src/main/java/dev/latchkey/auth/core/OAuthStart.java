package dev.latchkey.auth.core;

import dev.latchkey.auth.core.token.RawToken;
import java.net.URI;
import java.util.Objects;

/**
 * Where to send the browser to log in with a provider, and the value that binds the login to this browser: set it in
 * an HttpOnly cookie and hand it back to {@link OAuthLogin#callback}. {@link #toString()} hides the binding.
 *
 * @param authorizationUrl the provider's authorization URL (state, nonce, PKCE S256)
 * @param browserBinding the secret to keep in a cookie until the callback
 */
public record OAuthStart(URI authorizationUrl, RawToken browserBinding) {
  /** Requires both. */
  public OAuthStart {
    Objects.requireNonNull(authorizationUrl, "authorizationUrl");
    Objects.requireNonNull(browserBinding, "browserBinding");
  }
}
