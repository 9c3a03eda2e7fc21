package dev.latchkey.auth.core.memory;

import dev.latchkey.auth.core.role.Role;
import dev.latchkey.auth.core.role.RoleStore;
import dev.latchkey.auth.core.service.ServiceId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/** {@link RoleStore} in memory. */
public final class InMemoryRoleStore implements RoleStore {
  private final Map<Key, Role> roles = new ConcurrentHashMap<>();

  @Override
  public void save(Role role) {
    roles.put(new Key(role.name(), role.service()), role);
  }

  @Override
  public Optional<Role> find(String name, @Nullable ServiceId service) {
    return Optional.ofNullable(roles.get(new Key(name, service)));
  }

  @Override
  public List<Role> list() {
    return roles.values().stream()
        .sorted(Comparator.comparing((Role r) -> r.service() == null ? "" : r.service().toString())
            .thenComparing(Role::name))
        .toList();
  }

  @Override
  public boolean delete(String name, @Nullable ServiceId service) {
    return roles.remove(new Key(name, service)) != null;
  }

  private record Key(String name, @Nullable ServiceId service) {}
}
