package dev.latchkey.auth.core.memory;

import dev.latchkey.auth.core.role.RoleStore;
import dev.latchkey.auth.core.user.UserId;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** {@link RoleStore} in memory: immutable role sets replaced atomically per user. */
public final class InMemoryRoleStore implements RoleStore {
  private final Map<UserId, Set<String>> roles = new ConcurrentHashMap<>();

  @Override
  public Set<String> rolesOf(UserId userId) {
    return roles.getOrDefault(userId, Set.of());
  }

  @Override
  public boolean assign(UserId userId, String role) {
    boolean[] added = {false};
    roles.compute(userId, (u, old) -> {
      Set<String> next = new HashSet<>(old == null ? Set.of() : old);
      added[0] = next.add(role);
      return Set.copyOf(next);
    });
    return added[0];
  }

  @Override
  public boolean unassign(UserId userId, String role) {
    boolean[] removed = {false};
    roles.computeIfPresent(userId, (u, old) -> {
      Set<String> next = new HashSet<>(old);
      removed[0] = next.remove(role);
      return next.isEmpty() ? null : Set.copyOf(next);
    });
    return removed[0];
  }

  @Override
  public void removeAll(UserId userId) {
    roles.remove(userId);
  }
}
