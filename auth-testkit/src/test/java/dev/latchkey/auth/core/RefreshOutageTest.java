package dev.latchkey.auth.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.memory.InMemoryStores;
import dev.latchkey.auth.core.session.SessionStore;
import dev.latchkey.auth.core.user.UserStore;
import dev.latchkey.auth.testkit.MutableClock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A store that fails in the middle of a refresh (found by the demo server's fault campaign, StoreOutageTest): the
 * client that was told 503 keeps its old refresh token, and that token must still work when it retries after the
 * outage, later than the grace window. Before the fix the rotation had committed and the user lookup after it failed,
 * so the retry counted as reuse and ended the session (and raised a false theft event).
 */
class RefreshOutageTest {
  private static final String PASSWORD = "correct horse battery staple";

  /** {@code target} behind a proxy that runs {@code around} before delegating each call. */
  @SuppressWarnings("unchecked")
  private static <T> T intercept(Class<T> type, T target, java.util.function.BiConsumer<String, Boolean> around) {
    return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
      around.accept(method.getName(), true);
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      } finally {
        around.accept(method.getName(), false);
      }
    });
  }

  @Test
  @DisplayName("the store going down right after a rotation commits leaves the client one working refresh token")
  void storeDownRightAfterRotation() {
    MutableClock clock = MutableClock.standard();
    Stores base = InMemoryStores.create(clock);
    AtomicBoolean down = new AtomicBoolean();
    UserStore users = intercept(UserStore.class, base.users(), (method, before) -> {
      if (before && down.get()) {
        throw new StoreUnavailableException("the user store is down", null);
      }
    });
    SessionStore sessions = intercept(SessionStore.class, base.sessions(), (method, before) -> {
      if (!before && method.equals("rotate")) {
        down.set(true); // the rotation committed; everything after it finds the store gone
      }
    });
    // Stores has no with-method for users (users and their directory go together): the canonical constructor.
    Stores stores = new Stores(users, base.userDirectory(), sessions, base.revocations(), base.oneTimeTokens(),
        base.rateLimiter(), base.roles(), base.roleAssignments(), base.services(), base.apiKeys(), base.signingKeys(),
        base.eventLog(), base.oauthProviders(), base.oauthAccounts());
    Auth auth = Auth.builder().issuer("https://auth.example.test").audience("api").clock(clock).stores(stores)
        .build();
    auth.register(Registration.of("alice", "alice@example.com", PASSWORD));
    String held = ((LoginResult.Success) auth.login("alice", PASSWORD, ClientInfo.unknown())).tokens().refreshToken()
        .reveal();

    try {
      RefreshResult result = auth.refresh(held, ClientInfo.unknown());
      if (result instanceof RefreshResult.Success success) {
        held = success.tokens().refreshToken().reveal();
      }
    } catch (StoreUnavailableException outage) {
      // the client was told 503 and keeps the token it has
    }
    down.set(false);
    clock.advance(Duration.ofMinutes(1)); // the outage outlasts the grace window

    assertThat(auth.refresh(held, ClientInfo.unknown())).isInstanceOf(RefreshResult.Success.class);
  }
}
