package dev.latchkey.auth.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.event.AuthEvent;
import dev.latchkey.auth.core.event.AuthEventType;
import dev.latchkey.auth.core.password.HashingPolicy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Logins shed because password hashing is saturated: they must neither count towards a lockout nor cost a lookup. */
class LoginSheddingTest {
  private static final String PASSWORD = "correct horse battery staple";

  @Test
  @DisplayName("40 wrong-password logins shed during a flood do not lock the account")
  void shedAttemptsDoNotCount() throws Exception {
    List<AuthEvent> events = new CopyOnWriteArrayList<>();
    Auth auth = Auth.builder().issuer("https://auth.example.test").audience("api")
        .hashingPolicy(new HashingPolicy(19_456, 2, 1, 1, Duration.ZERO)).eventListener(events::add).build();
    auth.register(Registration.of("alice", "alice@example.com", PASSWORD));
    auth.register(Registration.of("bob", "bob@example.com", PASSWORD));

    AtomicBoolean flooding = new AtomicBoolean(true);
    Thread flood = Thread.ofPlatform().start(() -> { // keeps the single hashing slot busy
      while (flooding.get()) {
        try {
          auth.login("bob", PASSWORD, ClientInfo.unknown());
        } catch (OverloadedException e) {
          // the other side of the race: fine
        }
      }
    });
    int shed = 0;
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (events.stream().noneMatch(e -> e.type() == AuthEventType.LOGIN_SUCCEEDED)) {
        assertThat(System.nanoTime()).as("the flood's first login").isLessThan(deadline);
        Thread.onSpinWait(); // until the flood hashes: from then on it keeps the slot nearly always
      }
      for (int i = 0; i < 40; i++) {
        try {
          auth.login("alice", "wrong password " + i, ClientInfo.unknown());
        } catch (OverloadedException e) {
          shed++;
        }
      }
    } finally {
      flooding.set(false);
      flood.join();
    }

    long counted = events.stream().filter(e -> e.type() == AuthEventType.LOGIN_FAILED).count();
    assertThat(shed).isGreaterThan(30);
    assertThat(counted).isEqualTo(40 - shed).isLessThan(10);
    assertThat(auth.login("alice", PASSWORD, ClientInfo.unknown())).isInstanceOf(LoginResult.Success.class);
  }
}
