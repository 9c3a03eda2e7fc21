package dev.latchkey.auth.core.token;

import java.util.List;

/**
 * Persists signing keys, so that tokens survive a restart and several instances sign and verify with the same keys.
 * The JWKs hold private keys: implementations should protect them at rest as they protect any credential.
 * Thread-safe.
 */
public interface SigningKeyStore {

  /** Every stored key, in no particular order. */
  List<StoredSigningKey> loadAll();

  /** Stores a key, replacing one with the same id. */
  void save(StoredSigningKey key);

  /**
   * Deletes a key; idempotent.
   *
   * @return whether a key was deleted
   */
  boolean delete(String keyId);
}
