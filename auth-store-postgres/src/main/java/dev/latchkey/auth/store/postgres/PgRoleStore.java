package dev.latchkey.auth.store.postgres;

import static dev.latchkey.auth.store.postgres.internal.jooq.Tables.ROLES;

import dev.latchkey.auth.core.role.Role;
import dev.latchkey.auth.core.role.RoleStore;
import dev.latchkey.auth.core.service.ServiceId;
import dev.latchkey.auth.store.postgres.internal.jooq.tables.records.RolesRecord;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** {@link RoleStore} over {@code roles}; a global role's service key is the nil UUID. */
final class PgRoleStore implements RoleStore {
  /** Stands for "no service" in key columns, which cannot hold null. */
  static final UUID GLOBAL = new UUID(0, 0);

  private final Db db;

  PgRoleStore(Db db) {
    this.db = db;
  }

  static UUID serviceKey(@Nullable ServiceId service) {
    return service == null ? GLOBAL : service.value();
  }

  static @Nullable ServiceId service(UUID key) {
    return GLOBAL.equals(key) ? null : new ServiceId(key);
  }

  @Override
  public void save(Role role) {
    String permissions = FormCodec.encodeList(role.permissions());
    db.read(dsl -> dsl.insertInto(ROLES).set(ROLES.NAME, role.name()).set(ROLES.SERVICE_KEY, serviceKey(role.service()))
        .set(ROLES.DESCRIPTION, role.description()).set(ROLES.PERMISSIONS, permissions)
        .onConflict(ROLES.NAME, ROLES.SERVICE_KEY).doUpdate()
        .set(ROLES.DESCRIPTION, role.description()).set(ROLES.PERMISSIONS, permissions)
        .execute());
  }

  @Override
  public Optional<Role> find(String name, @Nullable ServiceId service) {
    return db.read(dsl -> dsl.selectFrom(ROLES)
        .where(ROLES.NAME.eq(name).and(ROLES.SERVICE_KEY.eq(serviceKey(service))))
        .fetchOptional(PgRoleStore::toRole));
  }

  @Override
  public List<Role> list() {
    return db.read(dsl -> dsl.selectFrom(ROLES).orderBy(ROLES.SERVICE_KEY, ROLES.NAME).fetch(PgRoleStore::toRole));
  }

  @Override
  public boolean delete(String name, @Nullable ServiceId service) {
    return db.read(dsl -> dsl.deleteFrom(ROLES)
        .where(ROLES.NAME.eq(name).and(ROLES.SERVICE_KEY.eq(serviceKey(service)))).execute() == 1);
  }

  private static Role toRole(RolesRecord r) {
    return new Role(r.getName(), service(r.getServiceKey()), r.getDescription(),
        new HashSet<>(FormCodec.decodeList(r.getPermissions())));
  }
}
