package dev.latchkey.auth.core;

import java.net.URI;
import org.jspecify.annotations.Nullable;

/** The outcome of {@link OAuthLogin#callback}. */
public sealed interface OAuthCallbackResult {

  /** Logged in (the login asked for no redirect); {@code redirect} is always null here. */
  record SignedIn(AuthTokens tokens, @Nullable URI redirect) implements OAuthCallbackResult {}

  /**
   * Logged in, and the login asked to return to an allow-listed app: send the browser to {@code redirect}, which
   * carries a one-minute single-use {@code login_code}; the app exchanges it, with the PKCE verifier of the challenge it
   * gave at the start, with {@link OAuthLogin#exchangeLoginCode}.
   * The session starts at the exchange, so no token waits anywhere in between.
   */
  record LoginCodeIssued(URI redirect) implements OAuthCallbackResult {}

  /** A link started by {@link OAuthLogin#startLink} completed: the identity now belongs to the user. */
  record Linked(dev.latchkey.auth.core.oauth.OAuthAccount account, @Nullable URI redirect)
      implements OAuthCallbackResult {}

  /** Refused; nothing was created or linked. {@code reason} is for logs and the error page. */
  record Refused(Reason reason) implements OAuthCallbackResult {}

  /** Why a callback was refused. */
  enum Reason {
    /** The provider answered {@code error=…} (the user declined, for example). */
    PROVIDER_ERROR,
    /** State missing, unknown, used, expired, for another provider or another browser. No code was exchanged. */
    INVALID_STATE,
    /**
     * The callback's {@code iss} is not the provider's issuer (mix-up attack), or is missing although the provider
     * announces it (RFC 9207). No code was exchanged.
     */
    ISSUER_MISMATCH,
    /** The code exchange or the ID-token validation failed. */
    EXCHANGE_FAILED,
    /** The provider is unknown or disabled. */
    PROVIDER_DISABLED,
    /** The identity's email belongs to a local account that the linking rule does not let it join. */
    LINK_NOT_ALLOWED,
    /**
     * The identity's verified email belongs to an administrator: administrators are never linked automatically (they
     * link a provider from their signed-in account).
     */
    ADMIN_LINK_NOT_ALLOWED,
    /** The linked local account is disabled. */
    ACCOUNT_DISABLED,
    /**
     * The provider gave no verified email (none, unverified, or from a provider not trusted for it) for a new account,
     * and the policy refuses accounts without an address ({@code OAuthPolicy.UnverifiedEmail.REFUSE}).
     */
    EMAIL_REQUIRED,
    /** The identity is already linked to another user, so it cannot be linked to this one. */
    ALREADY_LINKED,
    /** The user already has the most sessions allowed and the policy refuses more. */
    SESSION_LIMIT_REACHED
  }
}
