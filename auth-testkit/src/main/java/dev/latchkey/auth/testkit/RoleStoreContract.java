package dev.latchkey.auth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.role.Role;
import dev.latchkey.auth.core.role.RoleStore;
import dev.latchkey.auth.core.service.ServiceId;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link RoleStore} must show. Extend it and return a fresh, empty store from
 * {@link #createStore(MutableClock)}.
 */
public abstract class RoleStoreContract extends StoreContract<RoleStore> {

  @Nested
  @DisplayName("role definitions")
  class Definitions {
    @Test
    @DisplayName("a saved role is found with its permissions; an unknown one is not")
    void saveAndFind() {
      Role editor = new Role("editor", null, "Edits things", Set.of("posts:write", "posts:read"));
      store.save(editor);
      assertThat(store.find("editor", null)).contains(editor);
      assertThat(store.find("viewer", null)).isEmpty();
    }

    @Test
    @DisplayName("saving again replaces the role")
    void saveReplaces() {
      store.save(new Role("editor", null, null, Set.of("a")));
      store.save(new Role("editor", null, "v2", Set.of("b")));
      assertThat(store.find("editor", null).orElseThrow().permissions()).containsExactly("b");
      assertThat(store.list()).hasSize(1);
    }

    @Test
    @DisplayName("a role name is unique per service: global and service roles of one name coexist")
    void scopedByService() {
      ServiceId billing = ServiceId.random();
      ServiceId shipping = ServiceId.random();
      store.save(new Role("admin", null, null, Set.of("*")));
      store.save(new Role("admin", billing, null, Set.of("invoices:write")));
      store.save(new Role("admin", shipping, null, Set.of("parcels:write")));
      assertThat(store.find("admin", billing).orElseThrow().permissions()).containsExactly("invoices:write");
      assertThat(store.find("admin", null).orElseThrow().permissions()).containsExactly("*");
      assertThat(store.list()).hasSize(3);
      assertThat(store.list().get(0).service()).isNull();
    }

    @Test
    @DisplayName("role names are case-sensitive")
    void caseSensitive() {
      store.save(new Role("Editor", null, null, Set.of()));
      assertThat(store.find("editor", null)).isEmpty();
    }

    @Test
    @DisplayName("delete is idempotent and leaves same-named roles of other services")
    void delete() {
      ServiceId billing = ServiceId.random();
      store.save(new Role("admin", null, null, Set.of()));
      store.save(new Role("admin", billing, null, Set.of()));
      assertThat(store.delete("admin", billing)).isTrue();
      assertThat(store.delete("admin", billing)).isFalse();
      assertThat(store.find("admin", null)).isPresent();
    }
  }
}
