package dev.latchkey.auth.core.oauth;

import java.util.List;
import java.util.Optional;

/** Persists provider configuration (client secrets only encrypted). Thread-safe. */
public interface OAuthProviderStore {

  /**
   * Stores a new provider.
   *
   * @throws dev.latchkey.auth.core.ConflictException when the name is taken
   */
  void create(OAuthProvider provider);

  /** The provider with this name, if any. */
  Optional<OAuthProvider> find(String name);

  /** Every provider, by name. */
  List<OAuthProvider> list();

  /**
   * Replaces a provider's configuration (its name and creation time stay).
   *
   * @return false when it does not exist
   */
  boolean update(OAuthProvider provider);

  /**
   * Deletes a provider; idempotent. Whether linked accounts allow it is the caller's decision.
   *
   * @return whether it existed
   */
  boolean delete(String name);
}
