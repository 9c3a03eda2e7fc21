package dev.latchkey.auth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.auth.core.ConflictException;
import dev.latchkey.auth.core.oauth.OAuthProvider;
import dev.latchkey.auth.core.oauth.OAuthProviderStore;
import dev.latchkey.auth.core.oauth.ProviderType;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link OAuthProviderStore} must show. Extend it and return a fresh, empty store from
 * {@link #createStore(MutableClock)}.
 */
public abstract class OAuthProviderStoreContract extends StoreContract<OAuthProviderStore> {

  private OAuthProvider provider(String name, ProviderType type) {
    return new OAuthProvider(name, "Sign in with " + name, type, "client-" + name, "v1:ciphertext-" + name,
        type == ProviderType.OIDC ? "https://issuer.example.test" : null, Set.of("openid", "email"), true,
        clock.instant());
  }

  @Nested
  @DisplayName("providers")
  class Providers {
    @Test
    @DisplayName("a created provider is found with every field and listed by name")
    void createFindList() {
      OAuthProvider google = provider("google", ProviderType.GOOGLE);
      OAuthProvider corp = provider("corp", ProviderType.OIDC);
      store.create(google);
      store.create(corp);
      assertThat(store.find("google")).contains(google);
      assertThat(store.list()).extracting(OAuthProvider::name).containsExactly("corp", "google");
      assertThat(store.find("github")).isEmpty();
    }

    @Test
    @DisplayName("trust in email_verified and the local mark are stored, both ways, and changed by an update")
    void trustAndLocal() {
      OAuthProvider trustedLocal = new OAuthProvider("dev", "Dev", ProviderType.OIDC, "c", "v1:x",
          "http://127.0.0.1:8080", Set.of("openid"), true, true, true, clock.instant());
      OAuthProvider neither = new OAuthProvider("gh", "GitHub", ProviderType.GITHUB, "c", "v1:y", null,
          Set.of("user:email"), true, false, false, clock.instant());
      store.create(trustedLocal);
      store.create(neither);
      assertThat(store.find("dev")).contains(trustedLocal);
      assertThat(store.find("gh")).contains(neither);
      OAuthProvider flipped = new OAuthProvider("dev", "Dev", ProviderType.OIDC, "c", "v1:x",
          "https://idp.example.test", Set.of("openid"), true, false, false, clock.instant());
      assertThat(store.update(flipped)).isTrue();
      assertThat(store.find("dev").orElseThrow().trustEmailVerified()).isFalse();
      assertThat(store.find("dev").orElseThrow().local()).isFalse();
    }

    @Test
    @DisplayName("a duplicate name is a conflict")
    void duplicate() {
      store.create(provider("google", ProviderType.GOOGLE));
      assertThatThrownBy(() -> store.create(provider("google", ProviderType.GOOGLE)))
          .isInstanceOf(ConflictException.class);
    }

    @Test
    @DisplayName("update replaces the configuration but keeps the creation time; a missing provider is reported")
    void update() {
      OAuthProvider google = provider("google", ProviderType.GOOGLE);
      store.create(google);
      clock.advance(Duration.ofHours(1));
      OAuthProvider changed = new OAuthProvider("google", "Google", ProviderType.GOOGLE, "new-client", "v1:other",
          null, Set.of("openid"), false, clock.instant());
      assertThat(store.update(changed)).isTrue();
      OAuthProvider stored = store.find("google").orElseThrow();
      assertThat(stored.clientId()).isEqualTo("new-client");
      assertThat(stored.enabled()).isFalse();
      assertThat(stored.createdAt()).isEqualTo(google.createdAt());
      assertThat(store.update(provider("github", ProviderType.GITHUB))).isFalse();
    }

    @Test
    @DisplayName("delete is idempotent")
    void delete() {
      store.create(provider("google", ProviderType.GOOGLE));
      assertThat(store.delete("google")).isTrue();
      assertThat(store.delete("google")).isFalse();
    }
  }
}
