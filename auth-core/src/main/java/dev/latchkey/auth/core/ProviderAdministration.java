package dev.latchkey.auth.core;

import dev.latchkey.auth.core.event.AuthEvent;
import dev.latchkey.auth.core.event.AuthEventType;
import dev.latchkey.auth.core.event.EventSink;
import dev.latchkey.auth.core.oauth.ClientSecretCipher;
import dev.latchkey.auth.core.oauth.OAuthProvider;
import dev.latchkey.auth.core.oauth.ProviderAddresses;
import dev.latchkey.auth.core.oauth.ProviderSettings;
import dev.latchkey.auth.core.oauth.ProviderType;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Provider configuration, reached through {@link AdminOperations}: validates {@link ProviderSettings}, seals the
 * client secret and stores the provider. An issuer must be an https URL without query or fragment on a public address
 * ({@link ProviderAddresses}); plain http and loopback or private addresses only for a provider marked local.
 * Thread-safe.
 */
final class ProviderAdministration {
  private final Stores stores;
  private final @Nullable ClientSecretCipher cipher;
  private final EventSink events;
  private final Clock clock;

  ProviderAdministration(Stores stores, @Nullable ClientSecretCipher cipher, EventSink events, Clock clock) {
    this.stores = stores;
    this.cipher = cipher;
    this.events = events;
    this.clock = clock;
  }

  OAuthProvider create(ProviderSettings settings) {
    if (settings.clientSecret() == null || settings.clientSecret().isEmpty()) {
      throw ValidationException.of("client_secret", "is required");
    }
    OAuthProvider provider = toProvider(settings, requireCipher().seal(settings.name(), settings.clientSecret()),
        clock.instant());
    stores.oauthProviders().create(provider);
    changed(provider.name(), "created");
    return provider;
  }

  OAuthProvider update(ProviderSettings settings) {
    OAuthProvider current = stores.oauthProviders().find(settings.name())
        .orElseThrow(() -> new NotFoundException("no provider with this name"));
    String secret = settings.clientSecret() == null || settings.clientSecret().isEmpty()
        ? current.encryptedClientSecret() : requireCipher().seal(settings.name(), settings.clientSecret());
    OAuthProvider updated = toProvider(settings, secret, current.createdAt());
    if (!stores.oauthProviders().update(updated)) {
      throw new NotFoundException("no provider with this name");
    }
    changed(updated.name(), "updated");
    return updated;
  }

  boolean delete(String name, boolean force) {
    long linked = stores.oauthAccounts().countByProvider(name);
    if (linked > 0 && !force) {
      throw new ConflictException("the provider has " + linked + " linked accounts: delete with force to remove it"
          + " anyway (those users can no longer log in with it)");
    }
    boolean deleted = stores.oauthProviders().delete(name);
    if (deleted) {
      changed(name, "deleted");
    }
    return deleted;
  }

  private void changed(String name, String change) {
    events.emit(AuthEvent.of(AuthEventType.OAUTH_PROVIDER_CHANGED, clock.instant()).with("provider", name)
        .with("change", change));
  }

  /** Validates settings and turns them into a stored provider with its sealed secret. */
  private static OAuthProvider toProvider(ProviderSettings settings, String sealedSecret, Instant createdAt) {
    String issuer = settings.issuer();
    switch (settings.type()) {
      case GOOGLE -> issuer = issuer == null ? ProviderSettings.GOOGLE_ISSUER : issuer;
      case MICROSOFT -> issuer = issuer == null ? ProviderSettings.microsoftIssuer("common") : issuer;
      case GITHUB, DISCORD -> {
        if (issuer != null) {
          throw ValidationException.of("issuer", "is only for OpenID Connect providers");
        }
      }
      case OIDC -> {
        if (issuer == null || issuer.isBlank()) {
          throw ValidationException.of("issuer", "is required for an OpenID Connect provider");
        }
      }
    }
    if (issuer != null) {
      validIssuer(issuer, settings.local());
    }
    if (settings.clientId().isBlank() || settings.clientId().length() > 512) {
      throw ValidationException.of("client_id", "must be 1-512 characters");
    }
    if (settings.displayName().isBlank() || settings.displayName().length() > 100) {
      throw ValidationException.of("display_name", "must be 1-100 characters");
    }
    Set<String> scopes = new TreeSet<>(settings.scopes().isEmpty()
        ? ProviderSettings.defaultScopes(settings.type()) : settings.scopes());
    for (String scope : scopes) {
      if (!scope.matches("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,200}")) {
        throw ValidationException.of("scopes", "a scope is 1-200 printable characters without spaces or quotes");
      }
    }
    if (settings.type() != ProviderType.GITHUB && settings.type() != ProviderType.DISCORD) {
      scopes.add("openid");
    }
    try {
      return new OAuthProvider(settings.name(), settings.displayName(), settings.type(), settings.clientId(),
          sealedSecret, issuer, scopes, settings.enabled(), settings.trustEmailVerified(), settings.local(),
          createdAt);
    } catch (IllegalArgumentException e) {
      throw ValidationException.of("name", e.getMessage());
    }
  }

  /**
   * An issuer is an https URL without query or fragment, on a public address (http, loopback and private addresses
   * only for a local provider).
   */
  private static void validIssuer(String issuer, boolean local) {
    URI uri;
    try {
      uri = new URI(issuer);
    } catch (URISyntaxException e) {
      throw ValidationException.of("issuer", "is not a URL");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null || issuer.length() > 512) {
      throw ValidationException.of("issuer", "must be an https URL without query or fragment");
    }
    ProviderAddresses.check(uri, local).ifPresent(reason -> {
      throw ValidationException.of("issuer", reason);
    });
  }

  /**
   * The key that seals client secrets. Without one a provider cannot be saved: a conflict with the server's
   * configuration that an administrator can act on (a {@code 409} problem over HTTP), not an internal error.
   */
  private ClientSecretCipher requireCipher() {
    if (cipher == null) {
      throw new ConflictException("this server has no client-secret key, so providers cannot be saved: configure "
          + "one with Auth.builder().oauthSecretKey(...)");
    }
    return cipher;
  }
}
