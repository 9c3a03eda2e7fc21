package dev.latchkey.auth.core;

import dev.latchkey.auth.core.otp.OneTimeTokenStore;
import dev.latchkey.auth.core.ratelimit.RateLimiter;
import dev.latchkey.auth.core.role.RoleStore;
import dev.latchkey.auth.core.session.SessionStore;
import dev.latchkey.auth.core.token.RevocationStore;
import dev.latchkey.auth.core.token.SigningKeyStore;
import dev.latchkey.auth.core.user.UserStore;
import java.util.Objects;

/**
 * One implementation of every store port, as an adapter module hands them out ({@code InMemoryStores.create(clock)},
 * {@code PostgresStores.create(dataSource, options)}). Mix adapters with the {@code with…} methods, for example users
 * in PostgreSQL and sessions in Redis.
 *
 * @param users users and password hashes
 * @param sessions sessions and refresh-token families
 * @param revocations revoked access tokens
 * @param oneTimeTokens verification, reset and OAuth-state tokens
 * @param rateLimiter attempt counters
 * @param roles role assignments
 * @param signingKeys access-token signing keys
 */
public record Stores(
    UserStore users,
    SessionStore sessions,
    RevocationStore revocations,
    OneTimeTokenStore oneTimeTokens,
    RateLimiter rateLimiter,
    RoleStore roles,
    SigningKeyStore signingKeys) {

  /** Requires every store. */
  public Stores {
    Objects.requireNonNull(users, "users");
    Objects.requireNonNull(sessions, "sessions");
    Objects.requireNonNull(revocations, "revocations");
    Objects.requireNonNull(oneTimeTokens, "oneTimeTokens");
    Objects.requireNonNull(rateLimiter, "rateLimiter");
    Objects.requireNonNull(roles, "roles");
    Objects.requireNonNull(signingKeys, "signingKeys");
  }

  /** A copy with another session store. */
  public Stores withSessions(SessionStore store) {
    return new Stores(users, store, revocations, oneTimeTokens, rateLimiter, roles, signingKeys);
  }

  /** A copy with another revocation store. */
  public Stores withRevocations(RevocationStore store) {
    return new Stores(users, sessions, store, oneTimeTokens, rateLimiter, roles, signingKeys);
  }

  /** A copy with another one-time-token store. */
  public Stores withOneTimeTokens(OneTimeTokenStore store) {
    return new Stores(users, sessions, revocations, store, rateLimiter, roles, signingKeys);
  }

  /** A copy with another rate limiter. */
  public Stores withRateLimiter(RateLimiter limiter) {
    return new Stores(users, sessions, revocations, oneTimeTokens, limiter, roles, signingKeys);
  }
}
