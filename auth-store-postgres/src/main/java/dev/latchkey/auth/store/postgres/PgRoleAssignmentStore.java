package dev.latchkey.auth.store.postgres;

import static dev.latchkey.auth.store.postgres.internal.jooq.Tables.ROLE_ASSIGNMENTS;

import dev.latchkey.auth.core.role.RoleAssignment;
import dev.latchkey.auth.core.role.RoleAssignmentStore;
import dev.latchkey.auth.core.service.ServiceId;
import dev.latchkey.auth.core.user.UserId;
import java.util.List;
import java.util.UUID;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

/** {@link RoleAssignmentStore} over {@code role_assignments}. */
final class PgRoleAssignmentStore implements RoleAssignmentStore {
  private final Db db;
  private final String assignmentsSql;

  PgRoleAssignmentStore(Db db) {
    this.db = db;
    this.assignmentsSql = db.render(dsl -> dsl.selectFrom(ROLE_ASSIGNMENTS)
        .where(ROLE_ASSIGNMENTS.USER_ID.eq(DSL.val(new UUID(0, 0)))));
  }

  @Override
  public boolean assign(RoleAssignment a) {
    return db.read(dsl -> dsl.insertInto(ROLE_ASSIGNMENTS).set(ROLE_ASSIGNMENTS.USER_ID, a.userId().value())
        .set(ROLE_ASSIGNMENTS.ROLE_NAME, a.role()).set(ROLE_ASSIGNMENTS.SERVICE_KEY, PgRoleStore.serviceKey(a.service()))
        .onConflictDoNothing().execute() == 1);
  }

  @Override
  public boolean unassign(RoleAssignment a) {
    return db.read(dsl -> dsl.deleteFrom(ROLE_ASSIGNMENTS).where(ROLE_ASSIGNMENTS.USER_ID.eq(a.userId().value())
        .and(ROLE_ASSIGNMENTS.ROLE_NAME.eq(a.role()))
        .and(ROLE_ASSIGNMENTS.SERVICE_KEY.eq(PgRoleStore.serviceKey(a.service())))).execute() == 1);
  }

  @Override
  public List<RoleAssignment> assignmentsOf(UserId userId) {
    // On every login and refresh: rendered once, run as plain prepared SQL.
    return db.query(assignmentsSql, row -> new RoleAssignment(userId, row.getString("role_name"),
        PgRoleStore.service(row.getObject("service_key", UUID.class))), userId.value());
  }

  @Override
  public List<UserId> removeRole(String role, @Nullable ServiceId service) {
    return db.read(dsl -> dsl.deleteFrom(ROLE_ASSIGNMENTS).where(ROLE_ASSIGNMENTS.ROLE_NAME.eq(role)
        .and(ROLE_ASSIGNMENTS.SERVICE_KEY.eq(PgRoleStore.serviceKey(service))))
        .returning(ROLE_ASSIGNMENTS.USER_ID).fetch(r -> new UserId(r.getUserId())));
  }

  @Override
  public void removeUser(UserId userId) {
    db.read(dsl -> dsl.deleteFrom(ROLE_ASSIGNMENTS).where(ROLE_ASSIGNMENTS.USER_ID.eq(userId.value())).execute());
  }
}
