package dev.latchkey.auth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.auth.core.ConflictException;
import dev.latchkey.auth.core.otp.OneTimeToken;
import dev.latchkey.auth.core.otp.OneTimeTokenStore;
import dev.latchkey.auth.core.otp.TokenPurpose;
import dev.latchkey.auth.core.token.TokenHash;
import dev.latchkey.auth.core.user.UserId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link OneTimeTokenStore} must show. Extend it and return a fresh, empty store from
 * {@link #createStore(MutableClock)}.
 */
public abstract class OneTimeTokenStoreContract extends StoreContract<OneTimeTokenStore> {
  private final UserId alice = UserId.random();
  private int counter;

  private OneTimeToken token(TokenPurpose purpose, UserId user) {
    return new OneTimeToken(TokenHash.of("ott-" + (counter++) + "-" + System.nanoTime()), purpose, user,
        Map.of("email", "alice@example.com"), clock.instant().plus(Duration.ofHours(1)));
  }

  @Nested
  @DisplayName("save and consume")
  class SaveAndConsume {
    @Test
    @DisplayName("a saved token is consumed once with its attributes, then never again")
    void consumeOnce() {
      OneTimeToken t = token(TokenPurpose.PASSWORD_RESET, alice);
      store.save(t);
      Optional<OneTimeToken> first = store.consume(t.hash(), TokenPurpose.PASSWORD_RESET);
      assertThat(first).contains(t);
      assertThat(first.orElseThrow().attributes()).containsEntry("email", "alice@example.com");
      assertThat(store.consume(t.hash(), TokenPurpose.PASSWORD_RESET)).isEmpty();
    }

    @Test
    @DisplayName("a token is not consumed for another purpose, and stays usable for its own")
    void purposeBound() {
      OneTimeToken t = token(TokenPurpose.EMAIL_VERIFICATION, alice);
      store.save(t);
      assertThat(store.consume(t.hash(), TokenPurpose.PASSWORD_RESET)).isEmpty();
      assertThat(store.consume(t.hash(), TokenPurpose.EMAIL_VERIFICATION)).isPresent();
    }

    @Test
    @DisplayName("a token without a user (OAuth state) is stored and consumed")
    void userless() {
      OneTimeToken t = new OneTimeToken(TokenHash.of("state"), TokenPurpose.OAUTH_STATE, null, Map.of(),
          clock.instant().plusSeconds(600));
      store.save(t);
      assertThat(store.consume(t.hash(), TokenPurpose.OAUTH_STATE)).contains(t);
    }

    @Test
    @DisplayName("saving a hash twice is a conflict")
    void duplicateConflicts() {
      OneTimeToken t = token(TokenPurpose.PASSWORD_RESET, alice);
      store.save(t);
      assertThatThrownBy(() -> store.save(t)).isInstanceOf(ConflictException.class);
    }

    @Test
    @DisplayName("an unknown hash consumes nothing")
    void unknown() {
      assertThat(store.consume(TokenHash.of("nothing"), TokenPurpose.PASSWORD_RESET)).isEmpty();
    }

    @Test
    @DisplayName("of 20 concurrent consumers of one token exactly one gets it")
    void concurrentConsumeOneWinner() {
      OneTimeToken t = token(TokenPurpose.PASSWORD_RESET, alice);
      store.save(t);
      List<Boolean> got = Race.run(20, i -> store.consume(t.hash(), TokenPurpose.PASSWORD_RESET).isPresent());
      assertThat(got).filteredOn(g -> g).hasSize(1);
    }
  }

  @Nested
  @DisplayName("expiry")
  class Expiry {
    @Test
    @DisplayName("a token is consumable one nanosecond before its expiry")
    void beforeExpiry() {
      OneTimeToken t = token(TokenPurpose.PASSWORD_RESET, alice);
      store.save(t);
      clock.set(t.expiresAt().minusNanos(1));
      assertThat(store.consume(t.hash(), TokenPurpose.PASSWORD_RESET)).isPresent();
    }

    @Test
    @DisplayName("a token is gone at its expiry")
    void atExpiry() {
      OneTimeToken t = token(TokenPurpose.PASSWORD_RESET, alice);
      store.save(t);
      clock.set(t.expiresAt());
      assertThat(store.consume(t.hash(), TokenPurpose.PASSWORD_RESET)).isEmpty();
    }
  }

  @Nested
  @DisplayName("delete by user")
  class DeleteByUser {
    @Test
    @DisplayName("deletes the user's tokens of one purpose only, idempotently")
    void deleteByUser() {
      OneTimeToken v1 = token(TokenPurpose.EMAIL_VERIFICATION, alice);
      OneTimeToken v2 = token(TokenPurpose.EMAIL_VERIFICATION, alice);
      OneTimeToken reset = token(TokenPurpose.PASSWORD_RESET, alice);
      OneTimeToken bobs = token(TokenPurpose.EMAIL_VERIFICATION, UserId.random());
      List.of(v1, v2, reset, bobs).forEach(store::save);
      assertThat(store.deleteByUser(alice, TokenPurpose.EMAIL_VERIFICATION)).isEqualTo(2);
      assertThat(store.deleteByUser(alice, TokenPurpose.EMAIL_VERIFICATION)).isZero();
      assertThat(store.consume(v1.hash(), TokenPurpose.EMAIL_VERIFICATION)).isEmpty();
      assertThat(store.consume(reset.hash(), TokenPurpose.PASSWORD_RESET)).isPresent();
      assertThat(store.consume(bobs.hash(), TokenPurpose.EMAIL_VERIFICATION)).isPresent();
    }
  }
}
