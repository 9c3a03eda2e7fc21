package dev.latchkey.auth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.auth.core.ConflictException;
import dev.latchkey.auth.core.oauth.OAuthAccount;
import dev.latchkey.auth.core.oauth.OAuthAccountStore;
import dev.latchkey.auth.core.user.UserId;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link OAuthAccountStore} must show. Extend it and return a fresh, empty store from
 * {@link #createStore(MutableClock)}.
 */
public abstract class OAuthAccountStoreContract extends StoreContract<OAuthAccountStore> {
  private static final String GOOGLE = "https://accounts.google.com";
  private final UserId alice = UserId.random();
  private final UserId bob = UserId.random();

  private OAuthAccount account(UserId user, String provider, String issuer, String subject) {
    clock.advance(Duration.ofSeconds(1));
    return new OAuthAccount(UUID.randomUUID(), user, provider, issuer, subject, subject + "@example.com", true,
        clock.instant());
  }

  @Nested
  @DisplayName("linked identities")
  class Links {
    @Test
    @DisplayName("a link is found by issuer and subject, and listed for its user oldest first")
    void linkAndFind() {
      OAuthAccount g = account(alice, "google", GOOGLE, "110");
      OAuthAccount gh = account(alice, "github", "https://github.com", "42");
      store.link(g);
      store.link(gh);
      assertThat(store.find(GOOGLE, "110")).contains(g);
      assertThat(store.find(GOOGLE, "111")).isEmpty();
      assertThat(store.find("https://evil.example", "110")).isEmpty();
      assertThat(store.listByUser(alice)).containsExactly(g, gh);
      assertThat(store.listByUser(bob)).isEmpty();
    }

    @Test
    @DisplayName("one issuer and subject can be linked once, to anyone")
    void uniqueIdentity() {
      store.link(account(alice, "google", GOOGLE, "110"));
      assertThatThrownBy(() -> store.link(account(bob, "google", GOOGLE, "110"))).isInstanceOf(ConflictException.class);
    }

    @Test
    @DisplayName("of 10 concurrent links of one identity exactly one succeeds")
    void concurrentLinks() {
      List<Boolean> linked = Race.run(10, i -> {
        try {
          store.link(new OAuthAccount(UUID.randomUUID(), UserId.random(), "google", GOOGLE, "same", null, false,
              clock.instant()));
          return true;
        } catch (ConflictException e) {
          return false;
        }
      });
      assertThat(linked).containsOnlyOnce(true);
    }

    @Test
    @DisplayName("unlink, delete by user and count by provider")
    void removal() {
      OAuthAccount g = account(alice, "google", GOOGLE, "110");
      store.link(g);
      store.link(account(alice, "github", "https://github.com", "42"));
      store.link(account(bob, "google", GOOGLE, "220"));
      assertThat(store.countByProvider("google")).isEqualTo(2);
      assertThat(store.unlink(g.id())).isTrue();
      assertThat(store.unlink(g.id())).isFalse();
      assertThat(store.deleteByUser(alice)).isEqualTo(1);
      assertThat(store.deleteByUser(alice)).isZero();
      assertThat(store.countByProvider("google")).isEqualTo(1);
      assertThat(store.listByUser(bob)).hasSize(1);
    }
  }
}
