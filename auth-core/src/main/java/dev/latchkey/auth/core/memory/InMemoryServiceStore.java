package dev.latchkey.auth.core.memory;

import dev.latchkey.auth.core.ConflictException;
import dev.latchkey.auth.core.service.Service;
import dev.latchkey.auth.core.service.ServiceId;
import dev.latchkey.auth.core.service.ServiceStore;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link ServiceStore} in memory; writes take one lock so that names stay unique. */
public final class InMemoryServiceStore implements ServiceStore {
  private final Map<ServiceId, Service> services = new ConcurrentHashMap<>();
  private final Object lock = new Object();

  @Override
  public void create(Service service) {
    synchronized (lock) {
      if (services.containsKey(service.id()) || nameTaken(service)) {
        throw new ConflictException("a service with this id or name exists");
      }
      services.put(service.id(), service);
    }
  }

  @Override
  public Optional<Service> find(ServiceId id) {
    return Optional.ofNullable(services.get(id));
  }

  @Override
  public List<Service> list() {
    return services.values().stream().sorted(Comparator.comparing(s -> s.name().toLowerCase(Locale.ROOT))).toList();
  }

  @Override
  public boolean update(Service service) {
    synchronized (lock) {
      Service existing = services.get(service.id());
      if (existing == null) {
        return false;
      }
      if (nameTaken(service)) {
        throw new ConflictException("a service with this name exists");
      }
      services.put(service.id(), new Service(service.id(), service.name(), service.description(),
          existing.createdAt()));
      return true;
    }
  }

  @Override
  public boolean delete(ServiceId id) {
    return services.remove(id) != null;
  }

  private boolean nameTaken(Service service) {
    return services.values().stream()
        .anyMatch(s -> !s.id().equals(service.id()) && s.name().equalsIgnoreCase(service.name()));
  }
}
