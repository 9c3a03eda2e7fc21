package dev.latchkey.auth.core;

import dev.latchkey.auth.core.event.EventLog;
import dev.latchkey.auth.core.oauth.OAuthAccountStore;
import dev.latchkey.auth.core.oauth.OAuthProviderStore;
import dev.latchkey.auth.core.otp.OneTimeTokenStore;
import dev.latchkey.auth.core.ratelimit.RateLimiter;
import dev.latchkey.auth.core.role.RoleAssignmentStore;
import dev.latchkey.auth.core.role.RoleStore;
import dev.latchkey.auth.core.service.ApiKeyStore;
import dev.latchkey.auth.core.service.ServiceStore;
import dev.latchkey.auth.core.session.SessionStore;
import dev.latchkey.auth.core.token.RevocationStore;
import dev.latchkey.auth.core.token.SigningKeyStore;
import dev.latchkey.auth.core.user.UserDirectory;
import dev.latchkey.auth.core.user.UserStore;
import java.util.Objects;

/**
 * One implementation of every store port, as an adapter module hands them out ({@code InMemoryStores.create(clock)},
 * {@code PostgresStores.create(dataSource, options)}). Mix adapters with the {@code with…} methods, for example users
 * in PostgreSQL and sessions in Redis.
 *
 * @param users users and password hashes
 * @param userDirectory user search and counts, over the same data as {@code users}
 * @param sessions sessions and refresh-token families
 * @param revocations revoked access tokens
 * @param oneTimeTokens verification, reset and OAuth-state tokens
 * @param rateLimiter attempt counters
 * @param roles role definitions
 * @param roleAssignments who holds which role
 * @param services registered services
 * @param apiKeys service credentials
 * @param signingKeys access-token signing keys
 * @param eventLog audit events for administrators
 * @param oauthProviders identity-provider configuration
 * @param oauthAccounts linked external identities
 */
public record Stores(
    UserStore users,
    UserDirectory userDirectory,
    SessionStore sessions,
    RevocationStore revocations,
    OneTimeTokenStore oneTimeTokens,
    RateLimiter rateLimiter,
    RoleStore roles,
    RoleAssignmentStore roleAssignments,
    ServiceStore services,
    ApiKeyStore apiKeys,
    SigningKeyStore signingKeys,
    EventLog eventLog,
    OAuthProviderStore oauthProviders,
    OAuthAccountStore oauthAccounts) {

  /** Requires every store. */
  public Stores {
    Objects.requireNonNull(users, "users");
    Objects.requireNonNull(userDirectory, "userDirectory");
    Objects.requireNonNull(sessions, "sessions");
    Objects.requireNonNull(revocations, "revocations");
    Objects.requireNonNull(oneTimeTokens, "oneTimeTokens");
    Objects.requireNonNull(rateLimiter, "rateLimiter");
    Objects.requireNonNull(roles, "roles");
    Objects.requireNonNull(roleAssignments, "roleAssignments");
    Objects.requireNonNull(services, "services");
    Objects.requireNonNull(apiKeys, "apiKeys");
    Objects.requireNonNull(signingKeys, "signingKeys");
    Objects.requireNonNull(eventLog, "eventLog");
    Objects.requireNonNull(oauthProviders, "oauthProviders");
    Objects.requireNonNull(oauthAccounts, "oauthAccounts");
  }

  /** A copy with another session store. */
  public Stores withSessions(SessionStore store) {
    return new Stores(users, userDirectory, store, revocations, oneTimeTokens, rateLimiter, roles, roleAssignments,
        services, apiKeys, signingKeys, eventLog, oauthProviders, oauthAccounts);
  }

  /** A copy with another revocation store. */
  public Stores withRevocations(RevocationStore store) {
    return new Stores(users, userDirectory, sessions, store, oneTimeTokens, rateLimiter, roles, roleAssignments,
        services, apiKeys, signingKeys, eventLog, oauthProviders, oauthAccounts);
  }

  /** A copy with another one-time-token store. */
  public Stores withOneTimeTokens(OneTimeTokenStore store) {
    return new Stores(users, userDirectory, sessions, revocations, store, rateLimiter, roles, roleAssignments,
        services, apiKeys, signingKeys, eventLog, oauthProviders, oauthAccounts);
  }

  /** A copy with another rate limiter. */
  public Stores withRateLimiter(RateLimiter limiter) {
    return new Stores(users, userDirectory, sessions, revocations, oneTimeTokens, limiter, roles, roleAssignments,
        services, apiKeys, signingKeys, eventLog, oauthProviders, oauthAccounts);
  }

  /** A copy with another signing-key store. */
  public Stores withSigningKeys(SigningKeyStore store) {
    return new Stores(users, userDirectory, sessions, revocations, oneTimeTokens, rateLimiter, roles, roleAssignments,
        services, apiKeys, store, eventLog, oauthProviders, oauthAccounts);
  }
}
