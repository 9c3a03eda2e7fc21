package dev.latchkey.auth.core.oauth;

import dev.latchkey.auth.core.user.UserId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Persists linked external identities, unique by (issuer, subject). Thread-safe. */
public interface OAuthAccountStore {

  /**
   * Links an identity to a user.
   *
   * @throws dev.latchkey.auth.core.ConflictException when (issuer, subject) is already linked, to anyone
   */
  void link(OAuthAccount account);

  /** The link for this issuer and subject, if any. */
  Optional<OAuthAccount> find(String issuer, String subject);

  /** The user's links, oldest first. */
  List<OAuthAccount> listByUser(UserId userId);

  /**
   * Removes one link; idempotent.
   *
   * @return whether it existed
   */
  boolean unlink(UUID id);

  /** Removes every link of a user (account deletion); returns how many. */
  int deleteByUser(UserId userId);

  /** How many links name this provider (a provider with links is only deleted when forced). */
  long countByProvider(String provider);
}
