package dev.latchkey.auth.core.oauth;

import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A provider as an administrator configures it, with the client secret in the clear: Latchkey encrypts it before it
 * reaches a store and never gives it back. The static methods are templates for the known providers.
 * {@link #toString()} leaves the secret out.
 *
 * @param name a unique lower-case slug used in URLs, such as {@code google}
 * @param displayName what the login page shows
 * @param type the provider's kind
 * @param clientId the OAuth client id
 * @param clientSecret the client secret; on an update, null keeps the stored one
 * @param issuer the OIDC issuer (required for {@link ProviderType#OIDC}), or null
 * @param scopes the scopes to request; empty takes the type's defaults
 * @param enabled whether users can log in with it
 * @param trustEmailVerified whether the provider's {@code email_verified} is believed: when false every email it
 *     reports counts as unverified (no automatic linking, never an account's address). Default (the 8-argument
 *     constructor and the templates): true only for {@link ProviderType#GOOGLE}, {@link ProviderType#MICROSOFT} and
 *     {@link ProviderType#GITHUB}
 * @param local whether the issuer and endpoints may be on loopback, link-local or private addresses (and plain http):
 *     only for an identity provider run next to this service (a development or test IdP). Default false
 */
public record ProviderSettings(
    String name,
    String displayName,
    ProviderType type,
    String clientId,
    @Nullable String clientSecret,
    @Nullable String issuer,
    Set<String> scopes,
    boolean enabled,
    boolean trustEmailVerified,
    boolean local) {

  /** Google's issuer. */
  public static final String GOOGLE_ISSUER = "https://accounts.google.com";

  /** Requires name, display name, type and client id; copies the scopes. */
  public ProviderSettings {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(clientId, "clientId");
    scopes = Set.copyOf(scopes);
  }

  /** Settings with the type's default trust in {@code email_verified} and not local. */
  public ProviderSettings(String name, String displayName, ProviderType type, String clientId,
      @Nullable String clientSecret, @Nullable String issuer, Set<String> scopes, boolean enabled) {
    this(name, displayName, type, clientId, clientSecret, issuer, scopes, enabled, trustsEmailVerifiedByDefault(type),
        false);
  }

  /**
   * Whether a provider of this type is trusted for {@code email_verified} unless configured otherwise: the built-in
   * Google, Microsoft and GitHub types are; Discord and generic OpenID Connect issuers (whose email claims any tenant
   * or user may set) are not.
   */
  public static boolean trustsEmailVerifiedByDefault(ProviderType type) {
    return switch (type) {
      case GOOGLE, MICROSOFT, GITHUB -> true;
      case DISCORD, OIDC -> false;
    };
  }

  /** Google (OpenID Connect): scopes {@code openid email profile}. */
  public static ProviderSettings google(String clientId, String clientSecret) {
    return new ProviderSettings("google", "Google", ProviderType.GOOGLE, clientId, clientSecret, GOOGLE_ISSUER,
        Set.of(), true);
  }

  /** GitHub (OAuth 2 and its user API): scopes {@code read:user user:email}. */
  public static ProviderSettings github(String clientId, String clientSecret) {
    return new ProviderSettings("github", "GitHub", ProviderType.GITHUB, clientId, clientSecret, null, Set.of(),
        true);
  }

  /**
   * Microsoft Entra ID (OpenID Connect) for {@code tenant}: a tenant id or domain for one organisation, or
   * {@code common}, {@code organizations} or {@code consumers}.
   */
  public static ProviderSettings microsoft(String tenant, String clientId, String clientSecret) {
    return new ProviderSettings("microsoft", "Microsoft", ProviderType.MICROSOFT, clientId, clientSecret,
        microsoftIssuer(tenant), Set.of(), true);
  }

  /** Discord (OAuth 2 and its user API): scopes {@code identify email}. */
  public static ProviderSettings discord(String clientId, String clientSecret) {
    return new ProviderSettings("discord", "Discord", ProviderType.DISCORD, clientId, clientSecret, null, Set.of(),
        true);
  }

  /** Any OpenID Connect issuer, configured by discovery: scopes {@code openid email profile}. */
  public static ProviderSettings oidc(String name, String displayName, String issuer, String clientId,
      String clientSecret) {
    return new ProviderSettings(name, displayName, ProviderType.OIDC, clientId, clientSecret, issuer, Set.of(), true);
  }

  /** The v2.0 issuer of a Microsoft tenant. */
  public static String microsoftIssuer(String tenant) {
    if (!tenant.matches("[A-Za-z0-9.-]{1,100}")) {
      throw new IllegalArgumentException("a Microsoft tenant is an id, a domain, or common/organizations/consumers");
    }
    return "https://login.microsoftonline.com/" + tenant + "/v2.0";
  }

  /**
   * Whether a provider URL may be used: https, or http for a {@code local} provider only (development and tests).
   * Applies to configured issuers and to every endpoint a discovery document names; the addresses are checked by
   * {@link ProviderAddresses}.
   */
  public static boolean isSecureUrl(java.net.URI uri, boolean local) {
    return uri.getHost() != null && ("https".equals(uri.getScheme()) || (local && "http".equals(uri.getScheme())));
  }

  /** The scopes requested when none are configured. */
  public static Set<String> defaultScopes(ProviderType type) {
    return switch (type) {
      case GOOGLE, MICROSOFT, OIDC -> Set.of("openid", "email", "profile");
      case GITHUB -> Set.of("read:user", "user:email");
      case DISCORD -> Set.of("identify", "email");
    };
  }

  /** A copy with another name (to configure a second provider of one type). */
  public ProviderSettings withName(String newName) {
    return new ProviderSettings(newName, displayName, type, clientId, clientSecret, issuer, scopes, enabled,
        trustEmailVerified, local);
  }

  /** A copy with another issuer (an OIDC provider's, or a test server's). */
  public ProviderSettings withIssuer(@Nullable String newIssuer) {
    return new ProviderSettings(name, displayName, type, clientId, clientSecret, newIssuer, scopes, enabled,
        trustEmailVerified, local);
  }

  /** A copy enabled or disabled. */
  public ProviderSettings withEnabled(boolean newEnabled) {
    return new ProviderSettings(name, displayName, type, clientId, clientSecret, issuer, scopes, newEnabled,
        trustEmailVerified, local);
  }

  /** A copy that believes (or ignores) the provider's {@code email_verified}. */
  public ProviderSettings withTrustEmailVerified(boolean trust) {
    return new ProviderSettings(name, displayName, type, clientId, clientSecret, issuer, scopes, enabled, trust,
        local);
  }

  /**
   * A copy marked local (or not): a local provider's issuer and endpoints may be on loopback or private addresses
   * and use plain http. Only for an identity provider run next to this service (development, tests, a demo IdP).
   */
  public ProviderSettings withLocal(boolean newLocal) {
    return new ProviderSettings(name, displayName, type, clientId, clientSecret, issuer, scopes, enabled,
        trustEmailVerified, newLocal);
  }

  /**
   * A copy with {@link #displayName()} replaced by {@code displayName} and every other component kept, validated by
   * the canonical constructor.
   *
   * @param displayName the new value
   * @throws IllegalArgumentException when the constructor refuses the result (see the record's parameters)
   */
  public ProviderSettings withDisplayName(String displayName) {
    return new ProviderSettings(name, displayName, type, clientId, clientSecret, issuer, scopes, enabled,
        trustEmailVerified, local);
  }

  /**
   * A copy with {@link #type()} replaced by {@code type} and every other component kept, validated by the canonical
   * constructor.
   *
   * @param type the new value
   * @throws IllegalArgumentException when the constructor refuses the result (see the record's parameters)
   */
  public ProviderSettings withType(ProviderType type) {
    return new ProviderSettings(name, displayName, type, clientId, clientSecret, issuer, scopes, enabled,
        trustEmailVerified, local);
  }

  /**
   * A copy with {@link #clientId()} replaced by {@code clientId} and every other component kept, validated by the
   * canonical constructor.
   *
   * @param clientId the new value
   * @throws IllegalArgumentException when the constructor refuses the result (see the record's parameters)
   */
  public ProviderSettings withClientId(String clientId) {
    return new ProviderSettings(name, displayName, type, clientId, clientSecret, issuer, scopes, enabled,
        trustEmailVerified, local);
  }

  /**
   * A copy with {@link #clientSecret()} replaced by {@code clientSecret} and every other component kept, validated
   * by the canonical constructor.
   *
   * @param clientSecret the new value
   * @throws IllegalArgumentException when the constructor refuses the result (see the record's parameters)
   */
  public ProviderSettings withClientSecret(@Nullable String clientSecret) {
    return new ProviderSettings(name, displayName, type, clientId, clientSecret, issuer, scopes, enabled,
        trustEmailVerified, local);
  }

  /**
   * A copy with {@link #scopes()} replaced by {@code scopes} and every other component kept, validated by the
   * canonical constructor.
   *
   * @param scopes the new value
   * @throws IllegalArgumentException when the constructor refuses the result (see the record's parameters)
   */
  public ProviderSettings withScopes(Set<String> scopes) {
    return new ProviderSettings(name, displayName, type, clientId, clientSecret, issuer, scopes, enabled,
        trustEmailVerified, local);
  }

  @Override
  public String toString() {
    return "ProviderSettings[name=" + name + ", type=" + type + ", clientId=" + clientId + ", issuer=" + issuer
        + ", enabled=" + enabled + ", trustEmailVerified=" + trustEmailVerified + ", local=" + local
        + ", clientSecret=redacted]";
  }
}
