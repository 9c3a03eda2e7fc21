package dev.latchkey.auth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.token.SigningAlgorithm;
import dev.latchkey.auth.core.token.SigningKeyStore;
import dev.latchkey.auth.core.token.StoredSigningKey;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link SigningKeyStore} must show. Extend it and return a fresh, empty store from
 * {@link #createStore(MutableClock)}.
 */
public abstract class SigningKeyStoreContract extends StoreContract<SigningKeyStore> {

  private StoredSigningKey key(String id) {
    return new StoredSigningKey(id, SigningAlgorithm.RS256, "{\"kty\":\"RSA\",\"kid\":\"" + id + "\"}",
        clock.instant(), clock.instant().plus(Duration.ofMinutes(10)), null);
  }

  @Nested
  @DisplayName("keys")
  class Keys {
    @Test
    @DisplayName("a new store has no keys")
    void empty() {
      assertThat(store.loadAll()).isEmpty();
    }

    @Test
    @DisplayName("saved keys load back with every field")
    void saveAndLoad() {
      StoredSigningKey a = key("a");
      StoredSigningKey b = key("b");
      store.save(a);
      store.save(b);
      assertThat(store.loadAll()).containsExactlyInAnyOrder(a, b);
    }

    @Test
    @DisplayName("saving a key id again replaces it (retirement)")
    void saveReplaces() {
      StoredSigningKey a = key("a");
      store.save(a);
      StoredSigningKey retired = a.retiringAt(clock.instant().plus(Duration.ofHours(1)));
      store.save(retired);
      assertThat(store.loadAll()).containsExactly(retired);
    }

    @Test
    @DisplayName("delete is idempotent")
    void deleteIdempotent() {
      store.save(key("a"));
      assertThat(store.delete("a")).isTrue();
      assertThat(store.delete("a")).isFalse();
      assertThat(store.loadAll()).isEmpty();
    }
  }
}
