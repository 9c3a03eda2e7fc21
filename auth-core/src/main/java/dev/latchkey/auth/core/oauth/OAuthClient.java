package dev.latchkey.auth.core.oauth;

import java.net.URI;

/**
 * Talks to identity providers: builds authorization URLs and exchanges codes. The {@code auth-oauth} module
 * implements it (ScribeJava for the exchange, Nimbus for ID tokens); tests use a scripted fake. Provider tokens never
 * leave the implementation. Thread-safe.
 */
public interface OAuthClient {

  /**
   * The provider's authorization URL carrying {@code request} (state, nonce, S256 challenge, redirect URI, scopes).
   *
   * @throws dev.latchkey.auth.core.StoreUnavailableException when the provider's metadata cannot be fetched
   */
  URI authorizationUrl(OAuthProvider provider, AuthorizationRequest request);

  /**
   * Whether the provider announces that its authorization responses carry {@code iss} (RFC 9207
   * {@code authorization_response_iss_parameter_supported}); a callback without it is then refused. Checked before any
   * code is exchanged.
   */
  default boolean sendsIssuerParameter(OAuthProvider provider) {
    return false;
  }

  /**
   * Exchanges a code (once) and validates what comes back.
   *
   * @throws dev.latchkey.auth.core.StoreUnavailableException when the provider cannot be reached
   */
  ExchangeResult exchange(OAuthProvider provider, CodeExchange exchange);
}
