package dev.latchkey.auth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.auth.core.ConflictException;
import dev.latchkey.auth.core.service.ApiKey;
import dev.latchkey.auth.core.service.ApiKeyId;
import dev.latchkey.auth.core.service.ApiKeyStore;
import dev.latchkey.auth.core.service.ServiceId;
import dev.latchkey.auth.core.token.TokenHash;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ApiKeyStore} must show. Extend it and return a fresh, empty store from
 * {@link #createStore(MutableClock)}.
 */
public abstract class ApiKeyStoreContract extends StoreContract<ApiKeyStore> {

  private ApiKey key(String name) {
    return new ApiKey(ApiKeyId.random(), name, TokenHash.of("secret-" + name), Set.of("reader"), ServiceId.random(),
        clock.instant(), clock.instant().plus(Duration.ofDays(30)), null);
  }

  @Nested
  @DisplayName("keys")
  class Keys {
    @Test
    @DisplayName("a created key is found with every field, hash included")
    void createAndFind() {
      ApiKey k = key("ci");
      store.create(k);
      assertThat(store.find(k.id())).contains(k);
      assertThat(store.find(k.id()).orElseThrow().secretHash()).isEqualTo(TokenHash.of("secret-ci"));
    }

    @Test
    @DisplayName("a duplicate id is a conflict")
    void duplicate() {
      ApiKey k = key("ci");
      store.create(k);
      assertThatThrownBy(() -> store.create(k)).isInstanceOf(ConflictException.class);
    }

    @Test
    @DisplayName("keys are listed oldest first")
    void list() {
      ApiKey first = key("first");
      store.create(first);
      clock.advance(Duration.ofSeconds(1));
      ApiKey second = key("second");
      store.create(second);
      assertThat(store.list()).extracting(ApiKey::id).containsExactly(first.id(), second.id());
    }

    @Test
    @DisplayName("touch records the last use; a missing key is ignored")
    void touch() {
      ApiKey k = key("ci");
      store.create(k);
      store.touch(k.id(), clock.instant().plusSeconds(5));
      assertThat(store.find(k.id()).orElseThrow().lastUsedAt()).isEqualTo(clock.instant().plusSeconds(5));
      store.touch(ApiKeyId.random(), clock.instant());
    }

    @Test
    @DisplayName("delete is idempotent")
    void delete() {
      ApiKey k = key("ci");
      store.create(k);
      assertThat(store.delete(k.id())).isTrue();
      assertThat(store.delete(k.id())).isFalse();
      assertThat(store.find(k.id())).isEmpty();
    }
  }
}
