package dev.latchkey.auth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.auth.core.ConflictException;
import dev.latchkey.auth.core.service.Service;
import dev.latchkey.auth.core.service.ServiceId;
import dev.latchkey.auth.core.service.ServiceStore;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ServiceStore} must show. Extend it and return a fresh, empty store from
 * {@link #createStore(MutableClock)}.
 */
public abstract class ServiceStoreContract extends StoreContract<ServiceStore> {

  private Service service(String name) {
    return new Service(ServiceId.random(), name, "about " + name, clock.instant());
  }

  @Nested
  @DisplayName("services")
  class Services {
    @Test
    @DisplayName("a created service is found and listed by name")
    void createFindList() {
      Service billing = service("billing");
      Service api = service("api");
      store.create(billing);
      store.create(api);
      assertThat(store.find(billing.id())).contains(billing);
      assertThat(store.list()).extracting(Service::name).containsExactly("api", "billing");
    }

    @Test
    @DisplayName("names are unique case-insensitively")
    void uniqueNames() {
      store.create(service("billing"));
      assertThatThrownBy(() -> store.create(service("BILLING"))).isInstanceOf(ConflictException.class);
    }

    @Test
    @DisplayName("update renames, refuses a taken name, and reports a missing service")
    void update() {
      Service billing = service("billing");
      store.create(billing);
      store.create(service("shipping"));
      assertThat(store.update(new Service(billing.id(), "invoicing", null, billing.createdAt()))).isTrue();
      assertThat(store.find(billing.id()).orElseThrow().name()).isEqualTo("invoicing");
      assertThatThrownBy(() -> store.update(new Service(billing.id(), "Shipping", null, billing.createdAt())))
          .isInstanceOf(ConflictException.class);
      assertThat(store.update(service("ghost"))).isFalse();
    }

    @Test
    @DisplayName("delete is idempotent and frees the name")
    void delete() {
      Service billing = service("billing");
      store.create(billing);
      assertThat(store.delete(billing.id())).isTrue();
      assertThat(store.delete(billing.id())).isFalse();
      store.create(service("billing"));
    }
  }
}
