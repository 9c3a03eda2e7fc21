package dev.latchkey.auth.core.oauth;

/** The kinds of identity provider Latchkey talks to. */
public enum ProviderType {
  /** Google (OpenID Connect). */
  GOOGLE,
  /** GitHub (OAuth 2 plus its user API). */
  GITHUB,
  /** Microsoft Entra ID (OpenID Connect). */
  MICROSOFT,
  /** Discord (OAuth 2 plus its user API). */
  DISCORD,
  /** Any OpenID Connect issuer, configured by discovery. */
  OIDC
}
