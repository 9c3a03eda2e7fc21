package dev.latchkey.auth.core.oauth;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * OAuth login rules.
 *
 * @param callbackUrl this service's callback URL, where providers return; {@code {provider}} in it stands for the
 *     provider's name, as in {@code https://auth.example.com/api/v1/auth/oauth/{provider}/callback}
 * @param allowedRedirects where a completed login may send the browser afterwards; compared exactly
 * @param linking what a first login with an unknown identity does when its email belongs to a local account
 * @param stateTtl how long a login may take between start and callback (default 10 min, at most 1 h)
 * @param unverifiedEmail what a first login whose email is not verified (or not trusted, or absent) does when no
 *     local account has that email: create an account without an address (default) or refuse
 */
public record OAuthPolicy(String callbackUrl, Set<URI> allowedRedirects, Linking linking, Duration stateTtl,
    UnverifiedEmail unverifiedEmail) {

  /** Validates the settings. */
  public OAuthPolicy {
    Objects.requireNonNull(callbackUrl, "oauthPolicy.callbackUrl");
    Objects.requireNonNull(linking, "oauthPolicy.linking");
    Objects.requireNonNull(stateTtl, "oauthPolicy.stateTtl");
    Objects.requireNonNull(unverifiedEmail, "oauthPolicy.unverifiedEmail");
    allowedRedirects = Set.copyOf(allowedRedirects);
    if (!URI.create(callbackUrl.replace("{provider}", "p")).isAbsolute()) {
      throw new IllegalArgumentException("oauthPolicy.callbackUrl must be an absolute URL");
    }
    if (stateTtl.isNegative() || stateTtl.isZero() || stateTtl.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("oauthPolicy.stateTtl must be between 0 and 1 hour");
    }
  }

  /**
   * Callback at {@code callbackUrl}, no post-login redirects, auto-link verified emails, 10-minute state, accounts
   * without an address for unverified emails.
   */
  public static OAuthPolicy defaults(String callbackUrl) {
    return new OAuthPolicy(callbackUrl, Set.of(), Linking.AUTO_LINK_VERIFIED_EMAIL, Duration.ofMinutes(10),
        UnverifiedEmail.CREATE_WITHOUT_EMAIL);
  }

  /** The callback URL for one provider. */
  public URI callbackFor(String providerName) {
    return URI.create(callbackUrl.replace("{provider}", providerName));
  }

  /** A copy allowing these post-login redirect URIs. */
  public OAuthPolicy withAllowedRedirects(Set<URI> redirects) {
    return new OAuthPolicy(callbackUrl, redirects, linking, stateTtl, unverifiedEmail);
  }

  /** A copy with another linking rule. */
  public OAuthPolicy withLinking(Linking newLinking) {
    return new OAuthPolicy(callbackUrl, allowedRedirects, newLinking, stateTtl, unverifiedEmail);
  }

  /** A copy with another rule for first logins whose email is not verified. */
  public OAuthPolicy withUnverifiedEmail(UnverifiedEmail rule) {
    return new OAuthPolicy(callbackUrl, allowedRedirects, linking, stateTtl, rule);
  }

  /**
   * A copy with {@link #callbackUrl()} replaced by {@code callbackUrl} and every other component kept, validated by
   * the canonical constructor.
   *
   * @param callbackUrl the new value
   * @throws IllegalArgumentException when the constructor refuses the result (see the record's parameters)
   */
  public OAuthPolicy withCallbackUrl(String callbackUrl) {
    return new OAuthPolicy(callbackUrl, allowedRedirects, linking, stateTtl, unverifiedEmail);
  }

  /**
   * A copy with {@link #stateTtl()} replaced by {@code stateTtl} and every other component kept, validated by the
   * canonical constructor.
   *
   * @param stateTtl the new value
   * @throws IllegalArgumentException when the constructor refuses the result (see the record's parameters)
   */
  public OAuthPolicy withStateTtl(Duration stateTtl) {
    return new OAuthPolicy(callbackUrl, allowedRedirects, linking, stateTtl, unverifiedEmail);
  }

  /**
   * What a first login does when the provider's email is unverified, comes from a provider not trusted for
   * {@code email_verified}, or is absent, and no local account has it. An unverified address never becomes an
   * account's email: whoever controls a provider account can make it report any address.
   */
  public enum UnverifiedEmail {
    /** Create the account without an email address (it can add and verify one later). */
    CREATE_WITHOUT_EMAIL,
    /** Refuse the login ({@code EMAIL_REQUIRED}). */
    REFUSE
  }

  /** What a first login with an unknown identity whose email matches a local account does. */
  public enum Linking {
    /**
     * Link automatically, but only when the provider asserts the email is verified and the local email is verified
     * too; otherwise refuse.
     */
    AUTO_LINK_VERIFIED_EMAIL,
    /** Refuse: the user must log in and link the provider from their account. */
    REQUIRE_LOGIN,
    /** Refuse always. */
    NEVER
  }
}
