package dev.latchkey.auth.core.memory;

import dev.latchkey.auth.core.token.SigningKeyStore;
import dev.latchkey.auth.core.token.StoredSigningKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link SigningKeyStore} in memory. Keys die with the process, so tokens do not survive a restart: fine for tests and
 * single-process services that accept re-login after a deploy; use a persistent store otherwise.
 */
public final class InMemorySigningKeyStore implements SigningKeyStore {
  private final Map<String, StoredSigningKey> keys = new ConcurrentHashMap<>();

  @Override
  public List<StoredSigningKey> loadAll() {
    return List.copyOf(keys.values());
  }

  @Override
  public void save(StoredSigningKey key) {
    keys.put(key.keyId(), key);
  }

  @Override
  public boolean delete(String keyId) {
    return keys.remove(keyId) != null;
  }
}
