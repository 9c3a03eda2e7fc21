package dev.latchkey.auth.core.memory;

import dev.latchkey.auth.core.ConflictException;
import dev.latchkey.auth.core.service.ApiKey;
import dev.latchkey.auth.core.service.ApiKeyId;
import dev.latchkey.auth.core.service.ApiKeyStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link ApiKeyStore} in memory. */
public final class InMemoryApiKeyStore implements ApiKeyStore {
  private final Map<ApiKeyId, ApiKey> keys = new ConcurrentHashMap<>();

  @Override
  public void create(ApiKey key) {
    if (keys.putIfAbsent(key.id(), key) != null) {
      throw new ConflictException("an API key with this id exists");
    }
  }

  @Override
  public Optional<ApiKey> find(ApiKeyId id) {
    return Optional.ofNullable(keys.get(id));
  }

  @Override
  public List<ApiKey> list() {
    return keys.values().stream().sorted(Comparator.comparing(ApiKey::createdAt)
        .thenComparing(k -> k.id().value())).toList();
  }

  @Override
  public boolean delete(ApiKeyId id) {
    return keys.remove(id) != null;
  }

  @Override
  public void touch(ApiKeyId id, Instant at) {
    keys.computeIfPresent(id, (k, key) -> key.usedAt(at));
  }
}
