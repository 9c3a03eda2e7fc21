package dev.latchkey.auth.core.memory;

import dev.latchkey.auth.core.ConflictException;
import dev.latchkey.auth.core.oauth.OAuthProvider;
import dev.latchkey.auth.core.oauth.OAuthProviderStore;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link OAuthProviderStore} in memory. */
public final class InMemoryOAuthProviderStore implements OAuthProviderStore {
  private final Map<String, OAuthProvider> providers = new ConcurrentHashMap<>();

  @Override
  public void create(OAuthProvider provider) {
    if (providers.putIfAbsent(provider.name(), provider) != null) {
      throw new ConflictException("a provider with this name exists");
    }
  }

  @Override
  public Optional<OAuthProvider> find(String name) {
    return Optional.ofNullable(providers.get(name));
  }

  @Override
  public List<OAuthProvider> list() {
    return providers.values().stream().sorted(Comparator.comparing(OAuthProvider::name)).toList();
  }

  @Override
  public boolean update(OAuthProvider provider) {
    return providers.computeIfPresent(provider.name(), (n, old) -> provider.withCreatedAt(old.createdAt())) != null;
  }

  @Override
  public boolean delete(String name) {
    return providers.remove(name) != null;
  }
}
