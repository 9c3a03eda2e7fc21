package dev.latchkey.auth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.auth.core.ConflictException;
import dev.latchkey.auth.core.session.RefreshPolicy;
import dev.latchkey.auth.core.session.Rotation;
import dev.latchkey.auth.core.session.RotationResult;
import dev.latchkey.auth.core.session.Session;
import dev.latchkey.auth.core.session.SessionId;
import dev.latchkey.auth.core.session.SessionStore;
import dev.latchkey.auth.core.token.TokenHash;
import dev.latchkey.auth.core.user.UserId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link SessionStore} must show: expiry at exact boundaries, atomic rotation with one surviving
 * lineage under concurrency, reuse detection, no resurrection after delete. Extend it and return a fresh, empty store
 * from {@link #createStore(MutableClock)}.
 */
public abstract class SessionStoreContract extends StoreContract<SessionStore> {
  private static final Duration IDLE = Duration.ofDays(14);
  private static final Duration ABSOLUTE = Duration.ofDays(90);
  private static final Duration GRACE = Duration.ofSeconds(10);
  private static final Duration ONE_NANO = Duration.ofNanos(1);

  private final RefreshPolicy policy = new RefreshPolicy(IDLE, ABSOLUTE, GRACE, 4);
  private final UserId alice = UserId.random();
  private int counter;

  private TokenHash token() {
    return TokenHash.of("token-" + (counter++) + "-" + System.nanoTime());
  }

  private Session started(UserId user, TokenHash refresh) {
    Session s = Session.start(SessionId.random(), user, refresh, clock.instant(), policy, "agent/1.0", "192.0.2.1");
    store.create(s);
    return s;
  }

  private RotationResult rotate(Session s, TokenHash presented, TokenHash replacement) {
    return store.rotate(s.id(), new Rotation(presented, replacement, clock.instant(), policy));
  }

  private RotationResult rotate(Session s, TokenHash presented, TokenHash replacement, RefreshPolicy p) {
    return store.rotate(s.id(), new Rotation(presented, replacement, clock.instant(), p));
  }

  @Nested
  @DisplayName("create and find")
  class CreateAndFind {
    @Test
    @DisplayName("a created session is found with every field intact")
    void createdSessionFound() {
      Session s = started(alice, token());
      assertThat(store.find(s.id())).contains(s);
    }

    @Test
    @DisplayName("creating a session id twice is a conflict")
    void duplicateIdConflicts() {
      Session s = started(alice, token());
      assertThatThrownBy(() -> store.create(s)).isInstanceOf(ConflictException.class);
    }

    @Test
    @DisplayName("an unknown id finds nothing")
    void unknownFindsNothing() {
      assertThat(store.find(SessionId.random())).isEmpty();
    }

    @Test
    @DisplayName("a user's sessions are listed oldest first, without other users' sessions")
    void listByUser() {
      Session first = started(alice, token());
      clock.advance(Duration.ofSeconds(1));
      Session second = started(alice, token());
      started(UserId.random(), token());
      assertThat(store.listByUser(alice)).extracting(Session::id).containsExactly(first.id(), second.id());
    }
  }

  @Nested
  @DisplayName("expiry")
  class Expiry {
    @Test
    @DisplayName("a session is live one nanosecond before its idle expiry and gone at it")
    void idleBoundary() {
      Session s = started(alice, token());
      clock.set(s.idleExpiresAt().minus(ONE_NANO));
      assertThat(store.find(s.id())).isPresent();
      assertThat(store.listByUser(alice)).hasSize(1);
      clock.set(s.idleExpiresAt());
      assertThat(store.find(s.id())).isEmpty();
      assertThat(store.listByUser(alice)).isEmpty();
    }

    @Test
    @DisplayName("live sessions of all users are counted; expired and deleted ones are not")
    void countsLive() {
      assertThat(store.countLive()).isZero();
      Session first = started(alice, token());
      clock.advance(Duration.ofDays(1));
      started(alice, token());
      Session other = started(UserId.random(), token());
      started(UserId.random(), token());
      assertThat(store.countLive()).isEqualTo(4);
      store.delete(other.id());
      assertThat(store.countLive()).isEqualTo(3);
      clock.set(first.idleExpiresAt());
      assertThat(store.countLive()).isEqualTo(2);
    }

    @Test
    @DisplayName("an expired session cannot be rotated")
    void expiredCannotRotate() {
      TokenHash t = token();
      Session s = started(alice, t);
      clock.set(s.idleExpiresAt());
      assertThat(rotate(s, t, token())).isInstanceOf(RotationResult.Invalid.class);
    }

    @Test
    @DisplayName("rotation extends the idle expiry but never past the absolute expiry")
    void rotationBoundedByAbsolute() {
      TokenHash t = token();
      Session s = started(alice, t);
      for (int i = 0; i < 6; i++) {
        clock.advance(Duration.ofDays(13));
        TokenHash next = token();
        RotationResult r = rotate(s, t, next);
        assertThat(r).isInstanceOf(RotationResult.Rotated.class);
        t = next;
      }
      Session after = store.find(s.id()).orElseThrow();
      assertThat(after.idleExpiresAt()).isEqualTo(s.absoluteExpiresAt());
      clock.set(s.absoluteExpiresAt());
      assertThat(store.find(s.id())).isEmpty();
      assertThat(rotate(s, t, token())).isInstanceOf(RotationResult.Invalid.class);
    }

    @Test
    @DisplayName("an id whose session expired can be used again")
    void expiredIdReusable() {
      Session s = started(alice, token());
      clock.set(s.absoluteExpiresAt());
      Session again = Session.start(s.id(), alice, token(), clock.instant(), policy, null, null);
      store.create(again);
      assertThat(store.find(s.id())).contains(again);
    }
  }

  @Nested
  @DisplayName("rotation")
  class Rotations {
    @Test
    @DisplayName("the current token rotates and the stored state is the returned one")
    void currentRotates() {
      TokenHash t = token();
      Session s = started(alice, t);
      clock.advance(Duration.ofMinutes(5));
      TokenHash next = token();
      RotationResult r = rotate(s, t, next);
      assertThat(r).isInstanceOf(RotationResult.Rotated.class);
      Session rotated = ((RotationResult.Rotated) r).session();
      assertThat(rotated.refreshHash()).isEqualTo(next);
      assertThat(rotated.previousHash()).isEqualTo(t);
      assertThat(rotated.generation()).isEqualTo(1);
      assertThat(rotated.lastUsedAt()).isEqualTo(clock.instant());
      assertThat(store.find(s.id())).contains(rotated);
    }

    @Test
    @DisplayName("an unknown token is invalid and changes nothing")
    void unknownTokenInvalid() {
      Session s = started(alice, token());
      assertThat(rotate(s, token(), token())).isInstanceOf(RotationResult.Invalid.class);
      assertThat(store.find(s.id())).contains(s);
    }

    @Test
    @DisplayName("a missing session is invalid")
    void missingSessionInvalid() {
      Session never = Session.start(SessionId.random(), alice, token(), clock.instant(), policy, null, null);
      assertThat(rotate(never, never.refreshHash(), token())).isInstanceOf(RotationResult.Invalid.class);
      assertThat(store.find(never.id())).isEmpty();
    }

    @Test
    @DisplayName("the previous token within the grace window rotates again and the displaced token becomes invalid")
    void previousWithinGraceRetries() {
      TokenHash t0 = token();
      Session s = started(alice, t0);
      TokenHash t1 = token();
      rotate(s, t0, t1);
      clock.advance(GRACE.minus(ONE_NANO));
      TokenHash t2 = token();
      assertThat(rotate(s, t0, t2)).isInstanceOf(RotationResult.Rotated.class);
      assertThat(rotate(s, t1, token())).isInstanceOf(RotationResult.Invalid.class);
      assertThat(store.find(s.id()).orElseThrow().refreshHash()).isEqualTo(t2);
    }

    @Test
    @DisplayName("the previous token at the end of the grace window is reuse: the session is deleted")
    void previousAfterGraceIsReuse() {
      TokenHash t0 = token();
      Session s = started(alice, t0);
      TokenHash t1 = token();
      rotate(s, t0, t1);
      clock.advance(GRACE);
      assertThat(rotate(s, t0, token())).isInstanceOf(RotationResult.Reused.class);
      assertThat(store.find(s.id())).isEmpty();
      assertThat(rotate(s, t1, token())).isInstanceOf(RotationResult.Invalid.class);
      assertThat(store.listByUser(alice)).isEmpty();
    }

    @Test
    @DisplayName("an older spent token is reuse, even inside a later grace window")
    void olderSpentTokenIsReuse() {
      TokenHash t0 = token();
      Session s = started(alice, t0);
      TokenHash t1 = token();
      rotate(s, t0, t1);
      clock.advance(Duration.ofMinutes(1));
      rotate(s, t1, token());
      assertThat(rotate(s, t0, token())).isInstanceOf(RotationResult.Reused.class);
      assertThat(store.find(s.id())).isEmpty();
    }

    @Test
    @DisplayName("with a zero grace window the previous token is reuse at once")
    void zeroGrace() {
      RefreshPolicy strict = new RefreshPolicy(IDLE, ABSOLUTE, Duration.ZERO, 4);
      TokenHash t0 = token();
      Session s = started(alice, t0);
      rotate(s, t0, token(), strict);
      assertThat(rotate(s, t0, token(), strict)).isInstanceOf(RotationResult.Reused.class);
    }

    @Test
    @DisplayName("20 concurrent rotations of one token serialise: each sees the last, one lineage survives")
    void concurrentRotationsOneLineage() {
      TokenHash t0 = token();
      Session s = started(alice, t0);
      List<TokenHash> replacements = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        replacements.add(token());
      }
      List<RotationResult> results = Race.run(20, i -> rotate(s, t0, replacements.get(i)));
      Set<Long> generations = new HashSet<>();
      for (RotationResult r : results) {
        assertThat(r).isInstanceOf(RotationResult.Rotated.class);
        generations.add(((RotationResult.Rotated) r).session().generation());
      }
      assertThat(generations).hasSize(20); // no lost update: every rotation saw its predecessor
      TokenHash survivor = store.find(s.id()).orElseThrow().refreshHash();
      assertThat(replacements).contains(survivor);
      int live = 0;
      for (TokenHash candidate : replacements) {
        if (!candidate.equals(survivor)
            && rotate(s, candidate, token()) instanceof RotationResult.Rotated) {
          live++;
        }
      }
      assertThat(live).isZero();
      assertThat(rotate(s, survivor, token())).isInstanceOf(RotationResult.Rotated.class);
    }

    @Test
    @DisplayName("20 concurrent rotations of one token without grace: exactly one winner, the rest is reuse")
    void concurrentRotationsNoGraceOneWinner() {
      RefreshPolicy strict = new RefreshPolicy(IDLE, ABSOLUTE, Duration.ZERO, 4);
      TokenHash t0 = token();
      Session s = started(alice, t0);
      List<RotationResult> results = Race.run(20, i -> rotate(s, t0, token(), strict));
      assertThat(results).filteredOn(r -> r instanceof RotationResult.Rotated).hasSize(1);
      assertThat(results).filteredOn(r -> r instanceof RotationResult.Invalid
          || r instanceof RotationResult.Reused).hasSize(19);
      assertThat(store.find(s.id())).isEmpty();
    }

    @Test
    @DisplayName("the spent-token history keeps no more than the policy's depth")
    void historyIsBounded() {
      TokenHash t = token();
      Session s = started(alice, t);
      for (int i = 0; i < 10; i++) {
        clock.advance(Duration.ofMinutes(1));
        TokenHash next = token();
        rotate(s, t, next);
        t = next;
      }
      assertThat(store.find(s.id()).orElseThrow().spentHashes()).hasSize(4);
    }
  }

  @Nested
  @DisplayName("delete")
  class Delete {
    @Test
    @DisplayName("delete is idempotent and a late rotation cannot bring the session back")
    void deleteIdempotentNoResurrection() {
      TokenHash t = token();
      Session s = started(alice, t);
      assertThat(store.delete(s.id())).isTrue();
      assertThat(store.delete(s.id())).isFalse();
      assertThat(rotate(s, t, token())).isInstanceOf(RotationResult.Invalid.class);
      assertThat(store.find(s.id())).isEmpty();
    }

    @Test
    @DisplayName("deleting a user's sessions returns them and leaves other users' sessions")
    void deleteByUser() {
      Session a1 = started(alice, token());
      Session a2 = started(alice, token());
      UserId bob = UserId.random();
      Session b = started(bob, token());
      assertThat(store.deleteByUser(alice)).extracting(Session::id).containsExactlyInAnyOrder(a1.id(), a2.id());
      assertThat(store.deleteByUser(alice)).isEmpty();
      assertThat(store.find(a1.id())).isEmpty();
      assertThat(store.find(b.id())).isPresent();
      assertThat(store.listByUser(bob)).hasSize(1);
    }
  }
}
