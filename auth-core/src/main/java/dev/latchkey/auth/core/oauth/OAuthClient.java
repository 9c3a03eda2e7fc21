package dev.latchkey.auth.core.oauth;

import java.net.URI;

/**
 * Talks to identity providers: builds authorization URLs and exchanges codes. The {@code auth-oauth} module
 * implements it (ScribeJava for the exchange, Nimbus for ID tokens); tests use a scripted fake. Provider tokens never
 * leave the implementation. Thread-safe.
 */
public interface OAuthClient {

  /** The provider's authorization URL carrying {@code request} (state, nonce, S256 challenge, redirect URI, scopes). */
  URI authorizationUrl(OAuthProvider provider, AuthorizationRequest request);

  /**
   * Exchanges a code (once) and validates what comes back.
   *
   * @throws dev.latchkey.auth.core.StoreUnavailableException when the provider cannot be reached
   */
  ExchangeResult exchange(OAuthProvider provider, CodeExchange exchange);
}
