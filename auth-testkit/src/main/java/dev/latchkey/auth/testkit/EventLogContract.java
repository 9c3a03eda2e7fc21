package dev.latchkey.auth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.event.AuthEvent;
import dev.latchkey.auth.core.event.AuthEventType;
import dev.latchkey.auth.core.event.EventLog;
import dev.latchkey.auth.core.event.EventQuery;
import dev.latchkey.auth.core.user.UserId;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link EventLog} must show. Extend it and return a fresh, empty log from
 * {@link #createStore(MutableClock)}.
 */
public abstract class EventLogContract extends StoreContract<EventLog> {
  private final UserId alice = UserId.random();
  private final UserId bob = UserId.random();

  private AuthEvent event(AuthEventType type, UserId user) {
    clock.advance(Duration.ofSeconds(1));
    return AuthEvent.of(type, clock.instant()).user(user).ip("192.0.2.1").with("reason", "test");
  }

  @Nested
  @DisplayName("queries")
  class Queries {
    @Test
    @DisplayName("events are counted by type from a time on, that time included")
    void counts() {
      AuthEvent early = event(AuthEventType.LOGIN_FAILED, alice);
      AuthEvent edge = event(AuthEventType.LOGIN_FAILED, bob);
      store.append(early);
      store.append(edge);
      store.append(event(AuthEventType.LOGIN_FAILED, alice));
      store.append(event(AuthEventType.LOGIN_SUCCEEDED, alice));
      assertThat(store.count(AuthEventType.LOGIN_FAILED, edge.at())).isEqualTo(2);
      assertThat(store.count(AuthEventType.LOGIN_FAILED, early.at())).isEqualTo(3);
      assertThat(store.count(AuthEventType.LOGIN_SUCCEEDED, early.at())).isEqualTo(1);
      assertThat(store.count(AuthEventType.LOGOUT, early.at())).isZero();
    }

    @Test
    @DisplayName("events come back newest first with every field")
    void newestFirst() {
      AuthEvent first = event(AuthEventType.LOGIN_FAILED, alice);
      AuthEvent second = event(AuthEventType.LOGIN_SUCCEEDED, alice);
      store.append(first);
      store.append(second);
      assertThat(store.query(new EventQuery(null, null, 10))).containsExactly(second, first);
    }

    @Test
    @DisplayName("filters by user and by type, together or alone, and honours the limit")
    void filters() {
      store.append(event(AuthEventType.LOGIN_FAILED, alice));
      store.append(event(AuthEventType.LOGIN_SUCCEEDED, alice));
      store.append(event(AuthEventType.LOGIN_FAILED, bob));
      assertThat(store.query(new EventQuery(alice, null, 10))).hasSize(2);
      assertThat(store.query(new EventQuery(null, AuthEventType.LOGIN_FAILED, 10))).hasSize(2);
      assertThat(store.query(new EventQuery(bob, AuthEventType.LOGIN_FAILED, 10))).hasSize(1);
      assertThat(store.query(new EventQuery(null, null, 1))).hasSize(1)
          .allSatisfy(e -> assertThat(e.userId()).isEqualTo(bob));
    }
  }
}
