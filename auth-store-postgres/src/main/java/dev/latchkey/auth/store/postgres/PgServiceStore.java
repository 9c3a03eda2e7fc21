package dev.latchkey.auth.store.postgres;

import static dev.latchkey.auth.store.postgres.internal.jooq.Tables.SERVICES;

import dev.latchkey.auth.core.service.Service;
import dev.latchkey.auth.core.service.ServiceId;
import dev.latchkey.auth.core.service.ServiceStore;
import dev.latchkey.auth.store.postgres.internal.jooq.tables.records.ServicesRecord;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** {@link ServiceStore} over {@code services}; names are unique through their lower-case key. */
final class PgServiceStore implements ServiceStore {
  private final Db db;

  PgServiceStore(Db db) {
    this.db = db;
  }

  @Override
  public void create(Service service) {
    db.read(dsl -> dsl.insertInto(SERVICES).set(SERVICES.ID, service.id().value()).set(SERVICES.NAME, service.name())
        .set(SERVICES.NAME_KEY, key(service.name())).set(SERVICES.DESCRIPTION, service.description())
        .set(SERVICES.CREATED_AT, Db.ts(service.createdAt())).execute());
  }

  @Override
  public Optional<Service> find(ServiceId id) {
    return db.read(dsl -> dsl.selectFrom(SERVICES).where(SERVICES.ID.eq(id.value()))
        .fetchOptional(PgServiceStore::toService));
  }

  @Override
  public List<Service> list() {
    return db.read(dsl -> dsl.selectFrom(SERVICES).orderBy(SERVICES.NAME_KEY).fetch(PgServiceStore::toService));
  }

  @Override
  public boolean update(Service service) {
    return db.read(dsl -> dsl.update(SERVICES).set(SERVICES.NAME, service.name())
        .set(SERVICES.NAME_KEY, key(service.name())).set(SERVICES.DESCRIPTION, service.description())
        .where(SERVICES.ID.eq(service.id().value())).execute() == 1);
  }

  @Override
  public boolean delete(ServiceId id) {
    return db.read(dsl -> dsl.deleteFrom(SERVICES).where(SERVICES.ID.eq(id.value())).execute() == 1);
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  private static Service toService(ServicesRecord r) {
    return new Service(new ServiceId(r.getId()), r.getName(), r.getDescription(), r.getCreatedAt().toInstant());
  }
}
