package dev.latchkey.auth.core.memory;

import dev.latchkey.auth.core.role.RoleAssignment;
import dev.latchkey.auth.core.role.RoleAssignmentStore;
import dev.latchkey.auth.core.service.ServiceId;
import dev.latchkey.auth.core.user.UserId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/** {@link RoleAssignmentStore} in memory: immutable sets replaced atomically per user. */
public final class InMemoryRoleAssignmentStore implements RoleAssignmentStore {
  private final Map<UserId, Set<RoleAssignment>> byUser = new ConcurrentHashMap<>();

  @Override
  public boolean assign(RoleAssignment assignment) {
    boolean[] added = {false};
    byUser.compute(assignment.userId(), (u, old) -> {
      Set<RoleAssignment> next = new HashSet<>(old == null ? Set.of() : old);
      added[0] = next.add(assignment);
      return Set.copyOf(next);
    });
    return added[0];
  }

  @Override
  public boolean unassign(RoleAssignment assignment) {
    boolean[] removed = {false};
    byUser.computeIfPresent(assignment.userId(), (u, old) -> {
      Set<RoleAssignment> next = new HashSet<>(old);
      removed[0] = next.remove(assignment);
      return next.isEmpty() ? null : Set.copyOf(next);
    });
    return removed[0];
  }

  @Override
  public List<RoleAssignment> assignmentsOf(UserId userId) {
    return List.copyOf(byUser.getOrDefault(userId, Set.of()));
  }

  @Override
  public List<UserId> removeRole(String role, @Nullable ServiceId service) {
    List<UserId> affected = new ArrayList<>();
    for (UserId user : List.copyOf(byUser.keySet())) {
      if (unassign(new RoleAssignment(user, role, service))) {
        affected.add(user);
      }
    }
    return affected;
  }

  @Override
  public void removeUser(UserId userId) {
    byUser.remove(userId);
  }

}
