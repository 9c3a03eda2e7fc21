package dev.latchkey.auth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.AuthTokens;
import dev.latchkey.auth.core.ClientInfo;
import dev.latchkey.auth.core.LoginResult;
import dev.latchkey.auth.core.RefreshResult;
import dev.latchkey.auth.core.Registration;
import dev.latchkey.auth.core.Stores;
import dev.latchkey.auth.core.event.AuthEvent;
import dev.latchkey.auth.core.event.AuthEventType;
import dev.latchkey.auth.core.token.TokenVerification;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The security properties of the core's flows that depend on the stores' atomicity, run against a whole set of
 * stores: exact attempt counting under parallel logins, one surviving lineage under concurrent refreshes, reuse
 * detection, and two {@link Auth} instances sharing one set of stores. Extend it and return fresh stores from
 * {@link #createStores(MutableClock)}.
 */
public abstract class AuthFlowContract {
  /** The password of the user every test starts with ({@code alice}). */
  protected static final String PASSWORD = "correct horse battery staple";

  /** The clock the stores and instances share. */
  protected MutableClock clock;
  /** The stores under test. */
  protected Stores stores;
  /** An instance over {@link #stores}. */
  protected Auth auth;
  /** Every event {@link #auth} emitted. */
  protected final List<AuthEvent> events = new CopyOnWriteArrayList<>();

  /** Fresh stores (their own database schema, key prefix…) judging time by {@code clock}. */
  protected abstract Stores createStores(MutableClock clock);

  @BeforeEach
  void createFixture() {
    clock = MutableClock.standard();
    stores = createStores(clock);
    auth = instance();
    auth.register(Registration.of("alice", "alice@example.com", PASSWORD));
  }

  /** Another instance over the same stores, as a second server would be. */
  protected Auth instance() {
    return Auth.builder().issuer("https://auth.example.test").audience("api").clock(clock).stores(stores)
        .eventListener(events::add).build();
  }

  /** Logs alice in on {@code a}. */
  protected AuthTokens login(Auth a) {
    return ((LoginResult.Success) a.login("alice", PASSWORD, ClientInfo.unknown())).tokens();
  }

  @Nested
  @DisplayName("under concurrency")
  class Concurrency {
    @Test
    @DisplayName("20 threads refreshing one token: each gets a pair or a refusal, and exactly one token works after")
    void concurrentRefresh() {
      AuthTokens first = login(auth);
      List<RefreshResult> results = Race.run(20, i -> auth.refresh(first.refreshToken().reveal(),
          ClientInfo.unknown()));
      assertThat(results).allMatch(r -> r instanceof RefreshResult.Success || r instanceof RefreshResult.InvalidToken);
      long working = results.stream().filter(r -> r instanceof RefreshResult.Success)
          .map(r -> ((RefreshResult.Success) r).tokens())
          .filter(t -> auth.refresh(t.refreshToken().reveal(), ClientInfo.unknown()) instanceof RefreshResult.Success)
          .count();
      assertThat(working).isEqualTo(1);
    }

    @Test
    @DisplayName("100 parallel failed logins: exactly the threshold reach the password check")
    void parallelFailedLogins() {
      Race.run(100, i -> auth.login("alice", "wrong password number " + i, ClientInfo.unknown()));
      long checked = events.stream().filter(e -> e.type() == AuthEventType.LOGIN_FAILED)
          .filter(e -> "password".equals(e.details().get("reason"))).count();
      assertThat(checked).isEqualTo(10);
      assertThat(auth.login("alice", PASSWORD, ClientInfo.unknown()))
          .isInstanceOf(LoginResult.InvalidCredentials.class);
    }
  }

  @Nested
  @DisplayName("shared between instances")
  class Sharing {
    @Test
    @DisplayName("a token from one instance works on another, and a logout on one is refused on the other")
    void twoInstances() {
      Auth other = instance();
      AuthTokens fromA = login(auth);
      assertThat(other.verify(fromA.accessToken().token())).isInstanceOf(TokenVerification.Valid.class);
      AuthTokens onB = ((RefreshResult.Success) other.refresh(fromA.refreshToken().reveal(), ClientInfo.unknown()))
          .tokens();
      var principal = ((TokenVerification.Valid) auth.verify(onB.accessToken().token())).principal();
      auth.logout(principal, ClientInfo.unknown());
      assertThat(other.verify(onB.accessToken().token())).isInstanceOf(TokenVerification.Invalid.class);
      assertThat(other.refresh(onB.refreshToken().reveal(), ClientInfo.unknown()))
          .isInstanceOf(RefreshResult.InvalidToken.class);
    }

    @Test
    @DisplayName("reuse after the grace window on one instance revokes the newest token on the other")
    void reuseAcrossInstances() {
      Auth other = instance();
      AuthTokens first = login(auth);
      AuthTokens second = ((RefreshResult.Success) auth.refresh(first.refreshToken().reveal(), ClientInfo.unknown()))
          .tokens();
      clock.advance(Duration.ofSeconds(10));
      assertThat(other.refresh(first.refreshToken().reveal(), ClientInfo.unknown()))
          .isInstanceOf(RefreshResult.TokenReused.class);
      assertThat(auth.verify(second.accessToken().token())).isInstanceOf(TokenVerification.Invalid.class);
      assertThat(auth.refresh(second.refreshToken().reveal(), ClientInfo.unknown()))
          .isInstanceOf(RefreshResult.InvalidToken.class);
    }
  }
}
