package dev.latchkey.auth.core.memory;

import dev.latchkey.auth.core.ConflictException;
import dev.latchkey.auth.core.oauth.OAuthAccount;
import dev.latchkey.auth.core.oauth.OAuthAccountStore;
import dev.latchkey.auth.core.user.UserId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** {@link OAuthAccountStore} in memory; (issuer, subject) is the unique key. */
public final class InMemoryOAuthAccountStore implements OAuthAccountStore {
  private final Map<Key, OAuthAccount> accounts = new ConcurrentHashMap<>();

  @Override
  public void link(OAuthAccount account) {
    if (accounts.putIfAbsent(new Key(account.issuer(), account.subject()), account) != null) {
      throw new ConflictException("this identity is already linked");
    }
  }

  @Override
  public Optional<OAuthAccount> find(String issuer, String subject) {
    return Optional.ofNullable(accounts.get(new Key(issuer, subject)));
  }

  @Override
  public List<OAuthAccount> listByUser(UserId userId) {
    return accounts.values().stream().filter(a -> a.userId().equals(userId))
        .sorted(Comparator.comparing(OAuthAccount::linkedAt).thenComparing(OAuthAccount::id)).toList();
  }

  @Override
  public boolean unlink(UUID id) {
    return accounts.values().removeIf(a -> a.id().equals(id));
  }

  @Override
  public int deleteByUser(UserId userId) {
    int[] removed = {0};
    accounts.values().removeIf(a -> {
      boolean mine = a.userId().equals(userId);
      removed[0] += mine ? 1 : 0;
      return mine;
    });
    return removed[0];
  }

  @Override
  public long countByProvider(String provider) {
    return accounts.values().stream().filter(a -> a.provider().equals(provider)).count();
  }

  private record Key(String issuer, String subject) {}
}
