package dev.latchkey.auth.core.service;

import java.util.List;
import java.util.Optional;

/** Persists registered services. Names are unique case-insensitively. Thread-safe. */
public interface ServiceStore {

  /**
   * Stores a new service.
   *
   * @throws dev.latchkey.auth.core.ConflictException when the id or the name is taken
   */
  void create(Service service);

  /** The service with this id, if any. */
  Optional<Service> find(ServiceId id);

  /** Every service, by name. */
  List<Service> list();

  /**
   * Replaces a service's name and description.
   *
   * @return false when it does not exist
   * @throws dev.latchkey.auth.core.ConflictException when the new name is taken
   */
  boolean update(Service service);

  /**
   * Deletes a service; idempotent.
   *
   * @return whether it existed
   */
  boolean delete(ServiceId id);
}
