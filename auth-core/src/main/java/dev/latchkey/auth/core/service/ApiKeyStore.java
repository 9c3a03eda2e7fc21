package dev.latchkey.auth.core.service;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Persists API keys (hashes only). Thread-safe. */
public interface ApiKeyStore {

  /**
   * Stores a new key.
   *
   * @throws dev.latchkey.auth.core.ConflictException when the id exists
   */
  void create(ApiKey key);

  /** The key with this id, if any (expired keys included: expiry is the caller's check). */
  Optional<ApiKey> find(ApiKeyId id);

  /** Every key, oldest first. */
  List<ApiKey> list();

  /**
   * Deletes a key, revoking it; idempotent.
   *
   * @return whether it existed
   */
  boolean delete(ApiKeyId id);

  /** Records a use of the key; a missing key is ignored. */
  void touch(ApiKeyId id, Instant at);
}
