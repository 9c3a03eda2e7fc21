package dev.latchkey.auth.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.auth.core.event.AuthEventType;
import dev.latchkey.auth.core.mail.MailMessage;
import dev.latchkey.auth.core.mail.Mailer;
import dev.latchkey.auth.core.memory.InMemoryStores;
import dev.latchkey.auth.core.metrics.AuthMetrics;
import dev.latchkey.auth.core.password.HashingPolicy;
import dev.latchkey.auth.core.user.User;
import dev.latchkey.auth.core.user.UserStore;
import dev.latchkey.auth.testkit.CapturingMailer;
import dev.latchkey.auth.testkit.MutableClock;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link AuthMetrics}: each meter moves when its event happens, driven through real flows on in-memory stores. */
class AuthMetricsTest {
  private static final String PASSWORD = "correct horse battery staple";
  private static final HashingPolicy CHEAP = new HashingPolicy(7_168, 5, 1, 2, Duration.ofSeconds(5));

  private MutableClock clock;
  private SimpleMeterRegistry registry;

  @BeforeEach
  void setUp() {
    clock = MutableClock.standard();
    registry = new SimpleMeterRegistry();
  }

  private AuthBuilder builder() {
    return Auth.builder().issuer("https://auth.example.test").audience("api").clock(clock).hashingPolicy(CHEAP);
  }

  private Auth bound(Auth auth) {
    new AuthMetrics(auth).bindTo(registry);
    return auth;
  }

  private double logins(String outcome) {
    return registry.get("latchkey.logins").tag("outcome", outcome).counter().count();
  }

  private double count(String name) {
    return registry.get(name).counter().count();
  }

  private double tokens(String type) {
    return registry.get("latchkey.tokens.issued").tag("type", type).counter().count();
  }

  @Test
  @DisplayName("logins by outcome, tokens issued and the hashing wait")
  void loginOutcomes() {
    Auth auth = bound(builder().build());
    auth.register(Registration.of("alice", "alice@example.com", PASSWORD));
    User bob = auth.register(Registration.of("bob", "bob@example.com", PASSWORD));
    long waitsBefore = registry.get("latchkey.password.hashing.wait").timer().count();

    assertThat(auth.login("alice", PASSWORD, ClientInfo.ip("203.0.113.9"))).isInstanceOf(LoginResult.Success.class);
    assertThat(logins("success")).isEqualTo(1);
    assertThat(tokens("access")).isEqualTo(1);
    assertThat(tokens("refresh")).isEqualTo(1);
    assertThat(registry.get("latchkey.password.hashing.wait").timer().count()).isGreaterThan(waitsBefore);

    auth.login("alice", "wrong password", ClientInfo.unknown());
    auth.login("nobody", PASSWORD, ClientInfo.unknown());
    assertThat(logins("bad_credentials")).isEqualTo(2);
    auth.login("", PASSWORD, ClientInfo.unknown());
    assertThat(logins("malformed")).isEqualTo(1);

    auth.admin().disableUser(bob.id());
    auth.login("bob", PASSWORD, ClientInfo.unknown());
    assertThat(logins("disabled")).isEqualTo(1);
    assertThat(logins("success")).isEqualTo(1);
    assertThat(tokens("access")).isEqualTo(1);
    assertThat(logins("locked")).isZero();
    assertThat(count("latchkey.lockouts")).isZero();
  }

  @Test
  @DisplayName("an unverified account's right password counts as unverified")
  void unverified() {
    Auth auth = bound(builder().accountPolicy(AccountPolicy.defaults().withRequiredEmailVerification(true)).build());
    auth.register(Registration.of("carol", "carol@example.com", PASSWORD));
    assertThat(auth.login("carol", PASSWORD, ClientInfo.unknown())).isInstanceOf(LoginResult.InvalidCredentials.class);
    assertThat(logins("unverified")).isEqualTo(1);
  }

  @Test
  @DisplayName("the failure that spends an account's last attempt is one lockout; the refusals after it are locked")
  void lockouts() {
    Auth auth = bound(builder().loginPolicy(LoginPolicy.defaults().withAccountThreshold(3)).build());
    auth.register(Registration.of("alice", "alice@example.com", PASSWORD));
    for (int i = 0; i < 3; i++) {
      auth.login("alice", "wrong " + i, ClientInfo.unknown());
    }
    assertThat(count("latchkey.lockouts")).isEqualTo(1);
    auth.login("alice", PASSWORD, ClientInfo.unknown());
    auth.login("alice@example.com", PASSWORD, ClientInfo.unknown());
    assertThat(logins("locked")).isEqualTo(2);
    assertThat(logins("bad_credentials")).isEqualTo(3);
    assertThat(count("latchkey.lockouts")).isEqualTo(1);

    clock.advance(Duration.ofHours(2)); // the lockout is over: a fresh window
    assertThat(auth.login("alice", PASSWORD, ClientInfo.unknown())).isInstanceOf(LoginResult.Success.class);
    assertThat(count("latchkey.lockouts")).isEqualTo(1);
  }

  @Test
  @DisplayName("the per-address limit counts as throttled")
  void throttled() {
    LoginPolicy policy = new LoginPolicy(LoginPolicy.defaults().perAccount(),
        new dev.latchkey.auth.core.ratelimit.RateLimit(2, Duration.ofMinutes(1), Duration.ofMinutes(1),
            Duration.ofMinutes(15)));
    Auth auth = bound(builder().loginPolicy(policy).build());
    for (int i = 0; i < 3; i++) {
      auth.login("user" + i, "wrong", ClientInfo.ip("198.51.100.7"));
    }
    assertThat(logins("throttled")).isEqualTo(1);
    assertThat(logins("bad_credentials")).isEqualTo(2);
  }

  @Test
  @DisplayName("refreshes issue tokens and a replayed refresh token is one reuse detection")
  void refreshAndReuse() {
    Auth auth = bound(builder().build());
    auth.register(Registration.of("alice", "alice@example.com", PASSWORD));
    String first = ((LoginResult.Success) auth.login("alice", PASSWORD, ClientInfo.unknown())).tokens()
        .refreshToken().reveal();
    assertThat(auth.refresh(first, ClientInfo.unknown())).isInstanceOf(RefreshResult.Success.class);
    assertThat(tokens("access")).isEqualTo(2);
    assertThat(tokens("refresh")).isEqualTo(2);
    assertThat(count("latchkey.refresh.reuse")).isZero();

    clock.advance(Duration.ofMinutes(1)); // past the reuse grace
    auth.refresh(first, ClientInfo.unknown());
    assertThat(count("latchkey.refresh.reuse")).isEqualTo(1);
    assertThat(tokens("refresh")).isEqualTo(2);
  }

  @Test
  @DisplayName("API keys created and the client tokens they are exchanged for")
  void apiKeys() {
    Auth auth = bound(builder().build());
    CreatedApiKey key = auth.accessControl().createApiKey("ci", Set.of(), null, null);
    assertThat(tokens("api_key")).isEqualTo(1);
    assertThat(auth.accessControl().issueClientToken(key.key().id(), key.secret().reveal())).isPresent();
    assertThat(tokens("access")).isEqualTo(1);
    assertThat(tokens("refresh")).isZero();
  }

  @Test
  @DisplayName("a login that finds every hashing slot taken is shed, and its wait is timed")
  void shed() throws Exception {
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean block = new AtomicBoolean(true);
    // A listener runs inside the login's hashing slot: blocking it there keeps the only slot taken.
    Auth auth = bound(builder().hashingPolicy(new HashingPolicy(7_168, 5, 1, 1, Duration.ZERO))
        .eventListener(event -> {
          if (event.type() == AuthEventType.LOGIN_FAILED && block.getAndSet(false)) {
            holding.countDown();
            try {
              release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        }).build());
    Thread holder = Thread.ofPlatform().start(() -> auth.login("nobody", PASSWORD, ClientInfo.unknown()));
    try {
      assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
      long waits = registry.get("latchkey.password.hashing.wait").timer().count();
      assertThatThrownBy(() -> auth.login("alice", PASSWORD, ClientInfo.unknown()))
          .isInstanceOf(OverloadedException.class);
      assertThat(count("latchkey.password.hashing.shed")).isEqualTo(1);
      assertThat(registry.get("latchkey.password.hashing.wait").timer().count()).isEqualTo(waits + 1);
    } finally {
      release.countDown();
      holder.join(10_000);
    }
    assertThat(holder.isAlive()).isFalse();
    assertThat(logins("bad_credentials")).isEqualTo(1);
  }

  @Test
  @DisplayName("a store that is down counts one store failure per failed call")
  void storeFailures() {
    Stores base = InMemoryStores.create(clock);
    AtomicBoolean down = new AtomicBoolean();
    UserStore users = (UserStore) Proxy.newProxyInstance(UserStore.class.getClassLoader(),
        new Class<?>[] {UserStore.class}, (proxy, method, args) -> {
          if (down.get()) {
            throw new StoreUnavailableException("the user store is down", null);
          }
          try {
            return method.invoke(base.users(), args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    Stores stores = new Stores(users, base.userDirectory(), base.sessions(), base.revocations(), base.oneTimeTokens(),
        base.rateLimiter(), base.roles(), base.roleAssignments(), base.services(), base.apiKeys(), base.signingKeys(),
        base.eventLog(), base.oauthProviders(), base.oauthAccounts());
    Auth auth = bound(builder().stores(stores).build());
    auth.register(Registration.of("alice", "alice@example.com", PASSWORD));
    assertThat(count("latchkey.store.failures")).isZero();
    down.set(true);
    assertThatThrownBy(() -> auth.login("alice", PASSWORD, ClientInfo.unknown()))
        .isInstanceOf(StoreUnavailableException.class);
    assertThatThrownBy(() -> auth.register(Registration.of("bob", "bob@example.com", PASSWORD)))
        .isInstanceOf(StoreUnavailableException.class);
    assertThat(count("latchkey.store.failures")).isEqualTo(2);
    down.set(false);
    assertThat(auth.login("alice", PASSWORD, ClientInfo.unknown())).isInstanceOf(LoginResult.Success.class);
    assertThat(count("latchkey.store.failures")).isEqualTo(2);
  }

  @Test
  @DisplayName("mail sent, failed, dropped and pending in the queue")
  void mail() {
    List<Runnable> queue = new ArrayList<>();
    AtomicBoolean full = new AtomicBoolean();
    AtomicBoolean failing = new AtomicBoolean();
    CapturingMailer delivered = new CapturingMailer();
    Mailer mailer = new Mailer() {
      @Override
      public void send(MailMessage message) {
        if (failing.get()) {
          throw new IllegalStateException("smtp down");
        }
        delivered.send(message);
      }
    };
    Auth auth = bound(builder().mailer(mailer).mailExecutor(task -> {
      if (full.get()) {
        throw new RejectedExecutionException("full");
      }
      queue.add(task);
    }).build());
    auth.register(Registration.of("alice", "alice@example.com", PASSWORD));

    auth.requestPasswordReset("alice@example.com");
    assertThat(registry.get("latchkey.mail.pending").gauge().value()).isEqualTo(1);
    runAll(queue);
    assertThat(registry.get("latchkey.mail.pending").gauge().value()).isZero();
    assertThat(mail("sent")).isEqualTo(1);

    failing.set(true);
    clock.advance(Duration.ofHours(1)); // past any per-address mail spacing
    auth.requestPasswordReset("alice@example.com");
    runAll(queue);
    assertThat(mail("failed")).isEqualTo(1);

    full.set(true);
    clock.advance(Duration.ofHours(1));
    auth.requestPasswordReset("alice@example.com");
    assertThat(mail("dropped")).isEqualTo(1);
    assertThat(registry.get("latchkey.mail.pending").gauge().value()).isZero();
  }

  @Test
  @DisplayName("tags carry fixed values only: no identifier, email or address")
  void noUserDataInTags() {
    Auth auth = Auth.builder().issuer("https://auth.example.test").audience("api").clock(clock).hashingPolicy(CHEAP)
        .build();
    new AuthMetrics(auth, Tags.of("service", "billing")).bindTo(registry);
    auth.register(Registration.of("alice", "alice@example.com", PASSWORD));
    auth.login("alice", PASSWORD, ClientInfo.ip("203.0.113.9"));
    auth.login("alice@example.com", "wrong", ClientInfo.ip("203.0.113.9"));
    Set<String> allowed = Set.of("service", "billing", "outcome", "type", "success", "bad_credentials", "locked",
        "disabled", "unverified", "malformed", "throttled", "password_change_required", "oauth_failed", "access",
        "refresh", "api_key", "sent", "failed", "dropped");
    for (Meter meter : registry.getMeters()) {
      assertThat(meter.getId().getName()).startsWith("latchkey.");
      for (Tag tag : meter.getId().getTags()) {
        assertThat(allowed).contains(tag.getKey(), tag.getValue());
      }
      assertThat(meter.getId().getTags()).contains(Tag.of("service", "billing"));
    }
    assertThat(logins("success")).isEqualTo(1);
    assertThat(logins("bad_credentials")).isEqualTo(1);
  }

  private double mail(String outcome) {
    return registry.get("latchkey.mail").tag("outcome", outcome).functionCounter().count();
  }

  private static void runAll(List<Runnable> queue) {
    List<Runnable> tasks = new ArrayList<>(queue);
    queue.clear();
    tasks.forEach(Runnable::run);
  }
}
