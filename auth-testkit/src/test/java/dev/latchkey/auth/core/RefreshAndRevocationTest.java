package dev.latchkey.auth.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.event.AuthEvent;
import dev.latchkey.auth.core.event.AuthEventType;
import dev.latchkey.auth.core.memory.InMemoryStores;
import dev.latchkey.auth.core.session.RefreshPolicy;
import dev.latchkey.auth.core.session.Session;
import dev.latchkey.auth.core.token.TokenHash;
import dev.latchkey.auth.core.token.TokenVerification;
import dev.latchkey.auth.core.token.TokenVerification.Reason;
import dev.latchkey.auth.core.user.User;
import dev.latchkey.auth.testkit.MutableClock;
import dev.latchkey.auth.testkit.Race;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** SECURITY.md "Refresh tokens and sessions" and the revocation rules of "Access tokens". */
class RefreshAndRevocationTest {
  private static final String PASSWORD = "correct horse battery staple";
  private static final ClientInfo CLIENT = new ClientInfo("192.0.2.10", "test-agent/1.0");

  private MutableClock clock;
  private Stores stores;
  private Auth auth;
  private User alice;
  private final List<AuthEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    clock = MutableClock.standard();
    stores = InMemoryStores.create(clock);
    auth = Auth.builder().issuer("https://auth.example.test").audience("api").clock(clock).stores(stores)
        .eventListener(events::add).build();
    alice = auth.register(Registration.of("alice", "alice@example.com", PASSWORD));
  }

  private AuthTokens login() {
    return ((LoginResult.Success) auth.login("alice", PASSWORD, CLIENT)).tokens();
  }

  private RefreshResult refresh(AuthTokens tokens) {
    return auth.refresh(tokens.refreshToken().reveal(), CLIENT);
  }

  private AuthTokens refreshed(AuthTokens tokens) {
    return ((RefreshResult.Success) refresh(tokens)).tokens();
  }

  private boolean valid(AuthTokens tokens) {
    return auth.verify(tokens.accessToken().token()) instanceof TokenVerification.Valid;
  }

  private Reason reason(AuthTokens tokens) {
    return ((TokenVerification.Invalid) auth.verify(tokens.accessToken().token())).reason();
  }

  @Nested
  @DisplayName("refresh tokens")
  class RefreshTokens {
    @Test
    @DisplayName("are opaque, 256-bit random and different every time")
    void opaqueAndRandom() {
      AuthTokens a = login();
      AuthTokens b = login();
      byte[] raw = Base64.getUrlDecoder().decode(a.refreshToken().reveal());
      assertThat(raw).hasSize(48); // 16-byte session id + 32 random bytes
      assertThat(a.refreshToken().reveal()).isNotEqualTo(b.refreshToken().reveal()).doesNotContain(".");
    }

    @Test
    @DisplayName("are stored only as their SHA-256")
    void onlyHashStored() {
      AuthTokens tokens = login();
      Session stored = stores.sessions().find(tokens.sessionId()).orElseThrow();
      assertThat(stored.refreshHash()).isEqualTo(TokenHash.of(tokens.refreshToken().reveal()));
      assertThat(stored.toString()).doesNotContain(tokens.refreshToken().reveal());
      assertThat(stored.refreshHash().bytes()).hasSize(32);
    }

    @Test
    @DisplayName("rotate on every refresh: the new access token works and a new refresh token is issued")
    void rotation() {
      AuthTokens first = login();
      clock.advance(Duration.ofMinutes(1));
      AuthTokens second = refreshed(first);
      assertThat(second.refreshToken().reveal()).isNotEqualTo(first.refreshToken().reveal());
      assertThat(second.sessionId()).isEqualTo(first.sessionId());
      assertThat(valid(second)).isTrue();
      assertThat(events).anyMatch(e -> e.type() == AuthEventType.TOKEN_REFRESHED);
    }

    @Test
    @DisplayName("within the grace window the previous token is accepted again (a lost response can be retried)")
    void graceRetry() {
      AuthTokens first = login();
      AuthTokens second = refreshed(first);
      clock.advance(Duration.ofSeconds(9));
      AuthTokens retried = refreshed(first);
      assertThat(refresh(second)).isInstanceOf(RefreshResult.InvalidToken.class);
      assertThat(refreshed(retried)).isNotNull();
    }

    @Test
    @DisplayName("reuse after the grace window revokes the whole session, the newest token included")
    void reuseRevokesSession() {
      AuthTokens first = login();
      AuthTokens second = refreshed(first);
      clock.advance(Duration.ofSeconds(10));
      assertThat(refresh(first)).isInstanceOf(RefreshResult.TokenReused.class);
      assertThat(refresh(second)).isInstanceOf(RefreshResult.InvalidToken.class);
      assertThat(reason(second)).isEqualTo(Reason.REVOKED);
      assertThat(reason(first)).isEqualTo(Reason.REVOKED);
      assertThat(events).filteredOn(e -> e.type() == AuthEventType.REFRESH_TOKEN_REUSED).singleElement()
          .satisfies(e -> assertThat(e.sessionId()).isEqualTo(first.sessionId()));
    }

    @Test
    @DisplayName("reuse in one login's family leaves a separate login alone")
    void familiesIndependent() {
      AuthTokens phone = login();
      AuthTokens laptop = login();
      refreshed(phone);
      clock.advance(Duration.ofMinutes(1));
      assertThat(refresh(phone)).isInstanceOf(RefreshResult.TokenReused.class);
      assertThat(valid(laptop)).isTrue();
      assertThat(refreshed(laptop)).isNotNull();
    }

    @Test
    @DisplayName("20 concurrent refreshes of one token: each gets a pair or a refusal, and one token lives on")
    void concurrentRefreshes() {
      AuthTokens first = login();
      List<RefreshResult> results = Race.run(20, i -> refresh(first));
      List<AuthTokens> winners = results.stream().filter(r -> r instanceof RefreshResult.Success)
          .map(r -> ((RefreshResult.Success) r).tokens()).toList();
      assertThat(results).allMatch(r -> r instanceof RefreshResult.Success || r instanceof RefreshResult.InvalidToken);
      assertThat(winners).isNotEmpty();
      int working = 0;
      for (AuthTokens w : winners) {
        if (refresh(w) instanceof RefreshResult.Success) {
          working++;
        }
      }
      assertThat(working).isEqualTo(1);
    }

    @Test
    @DisplayName("idle expiry: usable one nanosecond before 14 days without refresh, not at 14 days")
    void idleExpiry() {
      AuthTokens a = login();
      clock.advance(Duration.ofDays(14).minusNanos(1));
      AuthTokens b = refreshed(a);
      clock.advance(Duration.ofDays(14));
      assertThat(refresh(b)).isInstanceOf(RefreshResult.InvalidToken.class);
    }

    @Test
    @DisplayName("absolute expiry: 90 days after login, however active")
    void absoluteExpiry() {
      AuthTokens t = login();
      for (int day = 0; day < 89; day++) {
        clock.advance(Duration.ofDays(1));
        t = refreshed(t);
      }
      clock.advance(Duration.ofDays(1));
      assertThat(refresh(t)).isInstanceOf(RefreshResult.InvalidToken.class);
    }

    @Test
    @DisplayName("malformed and forged tokens are invalid, and a forged token naming a real session revokes nothing")
    void forged() {
      AuthTokens real = login();
      byte[] raw = Base64.getUrlDecoder().decode(real.refreshToken().reveal());
      raw[40] ^= 1;
      String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
      for (String bad : List.of("", "x", "a".repeat(64), "!".repeat(64), real.refreshToken().reveal() + "A", forged)) {
        assertThat(auth.refresh(bad, CLIENT)).isInstanceOf(RefreshResult.InvalidToken.class);
      }
      assertThat(refreshed(real)).isNotNull();
    }

    @Test
    @DisplayName("a disabled user cannot refresh")
    void disabledUser() {
      AuthTokens t = login();
      User current = stores.users().findById(alice.id()).orElseThrow();
      stores.users().update(current.withActive(false), current.version());
      assertThat(refresh(t)).isInstanceOf(RefreshResult.InvalidToken.class);
    }

    @Test
    @DisplayName("with a zero grace window any second use is reuse")
    void zeroGrace() {
      auth = Auth.builder().issuer("https://auth.example.test").audience("api").clock(clock).stores(stores)
          .refreshPolicy(new RefreshPolicy(Duration.ofDays(14), Duration.ofDays(90), Duration.ZERO, 32)).build();
      AuthTokens first = login();
      refreshed(first);
      assertThat(refresh(first)).isInstanceOf(RefreshResult.TokenReused.class);
    }
  }

  @Nested
  @DisplayName("revocation")
  class Revocation {
    @Test
    @DisplayName("logout revokes the access token and the session at once; other sessions live on")
    void logout() {
      AuthTokens a = login();
      AuthTokens b = login();
      AuthTokens aRefreshed = refreshed(a);
      var principal = ((TokenVerification.Valid) auth.verify(aRefreshed.accessToken().token())).principal();
      auth.logout(principal, CLIENT);
      assertThat(reason(aRefreshed)).isEqualTo(Reason.REVOKED);
      assertThat(reason(a)).isEqualTo(Reason.REVOKED);
      assertThat(refresh(aRefreshed)).isInstanceOf(RefreshResult.InvalidToken.class);
      assertThat(valid(b)).isTrue();
      assertThat(auth.verifyStateless(aRefreshed.accessToken().token()))
          .as("stateless verification is documented not to see revocations")
          .isInstanceOf(TokenVerification.Valid.class);
    }

    @Test
    @DisplayName("logout everywhere revokes every token at once; a login right after works")
    void logoutEverywhere() {
      AuthTokens a = login();
      clock.advance(Duration.ofMillis(400));
      AuthTokens b = login();
      auth.logoutEverywhere(alice.id());
      assertThat(reason(a)).isEqualTo(Reason.REVOKED);
      assertThat(reason(b)).isEqualTo(Reason.REVOKED);
      assertThat(refresh(a)).isInstanceOf(RefreshResult.InvalidToken.class);
      assertThat(refresh(b)).isInstanceOf(RefreshResult.InvalidToken.class);
      clock.advance(Duration.ofMillis(1));
      AuthTokens after = login();
      assertThat(valid(after)).isTrue();
      clock.advance(Duration.ofSeconds(5));
      assertThat(valid(after)).isTrue();
      assertThat(reason(a)).isEqualTo(Reason.REVOKED);
    }

    @Test
    @DisplayName("revocation is exact even when the token was verified (and cached) before")
    void cacheKeepsRevocationExact() {
      AuthTokens a = login();
      for (int i = 0; i < 3; i++) {
        assertThat(valid(a)).isTrue();
      }
      var principal = ((TokenVerification.Valid) auth.verify(a.accessToken().token())).principal();
      auth.logout(principal, CLIENT);
      assertThat(reason(a)).isEqualTo(Reason.REVOKED);
    }

    @Test
    @DisplayName("expiry is exact even when the token was verified (and cached) before")
    void cacheKeepsExpiryExact() {
      AuthTokens a = login();
      assertThat(valid(a)).isTrue();
      clock.set(a.accessToken().expiresAt().plus(auth.tokenPolicy().leeway()));
      assertThat(reason(a)).isEqualTo(Reason.EXPIRED);
    }

    @Test
    @DisplayName("revocations are forgotten only after every token they cover has expired")
    void revocationOutlivesTokens() {
      AuthTokens a = login();
      var principal = ((TokenVerification.Valid) auth.verify(a.accessToken().token())).principal();
      auth.logout(principal, CLIENT);
      clock.set(a.accessToken().expiresAt().plus(auth.tokenPolicy().leeway()).minusNanos(1));
      assertThat(reason(a)).isEqualTo(Reason.REVOKED);
    }
  }

  @Test
  @DisplayName("roles and admin status travel in the access token")
  void rolesInToken() {
    auth.accessControl().saveRole(new dev.latchkey.auth.core.role.Role("editor", null, null, Set.of("posts:write")));
    auth.accessControl().assign(alice.id(), "editor", null);
    AuthTokens t = login();
    var principal = ((TokenVerification.Valid) auth.verify(t.accessToken().token())).principal();
    assertThat(principal.roles()).containsExactly("editor");
    assertThat(new HashSet<>(t.roles())).isEqualTo(Set.of("editor"));
    assertThat(t.expiresIn(clock.instant())).isEqualTo(900);
  }
}
