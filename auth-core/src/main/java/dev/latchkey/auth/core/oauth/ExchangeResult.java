package dev.latchkey.auth.core.oauth;

/** The outcome of {@link OAuthClient#exchange}. */
public sealed interface ExchangeResult {

  /** The code was exchanged and the identity validated (ID-token signature, iss, aud, exp, nonce for OIDC). */
  record Identity(ExternalIdentity identity) implements ExchangeResult {}

  /** The exchange or validation failed; {@code reason} is for logs (never a token or secret). */
  record Failed(String reason) implements ExchangeResult {}
}
