package dev.latchkey.auth.core.role;

import dev.latchkey.auth.core.service.ServiceId;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Persists role definitions, keyed by name and service. Thread-safe. */
public interface RoleStore {

  /** Creates or replaces the role with this name and service. */
  void save(Role role);

  /** The role with this name in this service (null: global), if any. */
  Optional<Role> find(String name, @Nullable ServiceId service);

  /** Every role, global ones first, then by name. */
  List<Role> list();

  /**
   * Deletes a role definition; idempotent. Its assignments are the {@link RoleAssignmentStore}'s to remove.
   *
   * @return whether it existed
   */
  boolean delete(String name, @Nullable ServiceId service);
}
