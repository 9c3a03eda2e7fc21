package dev.latchkey.auth.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.event.AuthEvent;
import dev.latchkey.auth.core.event.AuthEventType;
import dev.latchkey.auth.core.mail.MailMessage;
import dev.latchkey.auth.core.memory.InMemoryStores;
import dev.latchkey.auth.testkit.CapturingMailer;
import dev.latchkey.auth.testkit.MutableClock;
import dev.latchkey.auth.testkit.Race;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Lockout accounting: failures count per resolved account and per client address, successes never fill the
 * per-address budget, and a lockout always ends through a reset link without handing a guesser a fresh budget.
 */
class LockoutAccountingTest {
  private static final String PASSWORD = "correct horse battery staple";
  private static final String NEW_PASSWORD = "a fresh and different passphrase";
  private static final Pattern TOKEN = Pattern.compile("\\?token=(\\S+)");

  private MutableClock clock;
  private Stores stores;
  private Auth auth;
  private final CapturingMailer mailer = new CapturingMailer();
  private final List<AuthEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    clock = MutableClock.standard();
    stores = InMemoryStores.create(clock);
    auth = Auth.builder().issuer("https://auth.example.test").audience("api").clock(clock).stores(stores)
        .mailer(mailer).eventListener(events::add).build();
    auth.register(Registration.of("alice", "alice@example.com", PASSWORD));
  }

  private LoginResult login(String id, String password) {
    return auth.login(id, password, ClientInfo.unknown());
  }

  private long failures(String reason) {
    return events.stream().filter(e -> e.type() == AuthEventType.LOGIN_FAILED)
        .filter(e -> reason.equals(e.details().get("reason"))).count();
  }

  private void guess(String id, int times) {
    for (int i = 0; i < times; i++) {
      login(id, "wrong password number " + i);
    }
  }

  /** Reset mails sent to alice so far (waits, boundedly, for mail sent off the request thread). */
  private List<MailMessage> resetMails(int atLeast) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    List<MailMessage> mails;
    do {
      mails = mailer.messagesTo("alice@example.com").stream().filter(m -> TOKEN.matcher(m.body()).find()).toList();
    } while (mails.size() < atLeast && System.nanoTime() < deadline && yieldOnce());
    return mails;
  }

  private static boolean yieldOnce() {
    Thread.yield();
    return true;
  }

  private static String token(MailMessage mail) {
    Matcher m = TOKEN.matcher(mail.body());
    assertThat(m.find()).isTrue();
    return URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
  }

  @Nested
  @DisplayName("per account")
  class PerAccount {
    @Test
    @DisplayName("10 guesses by username, then by email: the 11th guess in total is locked (one budget)")
    void usernameAndEmailShareOneBudget() {
      guess("alice", 10);
      guess("Alice@Example.com", 10);
      assertThat(failures("password")).isEqualTo(10);
      assertThat(failures("locked")).isEqualTo(10);
      assertThat(login("alice@example.com", PASSWORD)).isInstanceOf(LoginResult.InvalidCredentials.class);
    }

    @Test
    @DisplayName("unknown identifiers are counted per identifier and answered exactly as known ones")
    void unknownIdentifiersAlike() {
      guess("ghost@example.com", 11);
      guess("alice", 11);
      assertThat(failures("unknown")).isEqualTo(10);
      assertThat(failures("password")).isEqualTo(10);
      assertThat(failures("locked")).isEqualTo(2);
      assertThat(events).filteredOn(e -> e.type() == AuthEventType.LOGIN_FAILED).hasSize(22);
    }

    @Test
    @DisplayName("a lockout ends through a reset link: the owner logs in at once with the new password")
    void resetLinkEndsLockout() {
      guess("alice", 11);
      assertThat(login("alice", PASSWORD)).isInstanceOf(LoginResult.InvalidCredentials.class);
      auth.requestPasswordReset("alice@example.com");
      assertThat(auth.resetPassword(token(resetMails(1).getLast()), NEW_PASSWORD)).isTrue();
      assertThat(login("alice@example.com", NEW_PASSWORD)).isInstanceOf(LoginResult.Success.class);
    }

    @Test
    @DisplayName("a reset or a success does not refill the budget faster than lockouts decay: the next one is longer")
    void resetKeepsTheEscalation() {
      guess("alice", 11); // first lockout: 1 minute
      auth.requestPasswordReset("alice@example.com");
      auth.resetPassword(token(resetMails(1).getLast()), NEW_PASSWORD);
      assertThat(login("alice", NEW_PASSWORD)).isInstanceOf(LoginResult.Success.class);
      guess("alice", 11); // the guesser goes on: the second lockout is 2 minutes, as without the reset
      clock.advance(Duration.ofMinutes(1));
      assertThat(login("alice", NEW_PASSWORD)).isInstanceOf(LoginResult.InvalidCredentials.class);
      clock.advance(Duration.ofMinutes(1));
      assertThat(login("alice", NEW_PASSWORD)).isInstanceOf(LoginResult.Success.class);
    }

    @Test
    @DisplayName("whoever floods forgot-password cannot keep reset links from the owner for more than an hour")
    void resetMailsCannotBeWithheldForLong() {
      for (int round = 0; round < 4; round++) {
        for (int i = 0; i < 10; i++) {
          auth.requestPasswordReset("alice@example.com"); // the attacker: 5 mails, then the address is locked
        }
        clock.advance(Duration.ofHours(1));
      }
      int before = resetMails(20).size();
      assertThat(before).isEqualTo(20); // every round reached the owner's inbox
      auth.requestPasswordReset("alice@example.com"); // the owner, an hour after the attacker's last round
      List<MailMessage> mails = resetMails(before + 1);
      assertThat(mails).hasSize(before + 1);
      assertThat(auth.resetPassword(token(mails.getLast()), NEW_PASSWORD)).isTrue();
    }
  }

  @Nested
  @DisplayName("per client address")
  class PerAddress {
    private final ClientInfo office = ClientInfo.ip("203.0.113.50");

    @Test
    @DisplayName("successful logins never fill the address's budget: 4x the limit all succeed within one window")
    void successesDoNotCount() {
      auth = Auth.builder().issuer("https://auth.example.test").audience("api").clock(clock).stores(stores)
          .loginPolicy(new LoginPolicy(LoginPolicy.defaults().perAccount(), new dev.latchkey.auth.core.ratelimit
              .RateLimit(5, Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMinutes(15)))).build();
      for (int i = 0; i < 20; i++) {
        assertThat(auth.login("alice", PASSWORD, office)).as("login %d", i).isInstanceOf(LoginResult.Success.class);
      }
      for (int i = 0; i < 5; i++) {
        auth.login("alice", "wrong password here", office);
      }
      assertThat(auth.login("alice", PASSWORD, office)).isInstanceOf(LoginResult.RateLimited.class);
    }

    @Test
    @DisplayName("past 100 failures from an address, even a correct password is refused with a retry time")
    void failuresLockTheAddress() {
      for (int i = 0; i < 100; i++) {
        auth.login("user" + i, "wrong password here", office); // many identifiers: the account limit is no help
      }
      assertThat(auth.login("alice", PASSWORD, office)).isEqualTo(new LoginResult.RateLimited(Duration.ofMinutes(1)));
      assertThat(auth.login("alice", PASSWORD, ClientInfo.ip("203.0.113.51"))).isInstanceOf(LoginResult.Success.class);
      clock.advance(Duration.ofMinutes(1));
      assertThat(auth.login("alice", PASSWORD, office)).isInstanceOf(LoginResult.Success.class);
    }

    @Test
    @DisplayName("parallel failures from one address: no more than the limit reach a password check")
    void parallelFailuresExact() {
      auth = Auth.builder().issuer("https://auth.example.test").audience("api").clock(clock).stores(stores)
          .eventListener(events::add).loginPolicy(new LoginPolicy(LoginPolicy.defaults().perAccount(),
              new dev.latchkey.auth.core.ratelimit.RateLimit(10, Duration.ofMinutes(1), Duration.ofMinutes(1),
                  Duration.ofMinutes(15)))).build();
      List<LoginResult> results = Race.run(100, i -> auth.login("user" + i, "wrong password here", office));
      assertThat(results).filteredOn(r -> r instanceof LoginResult.RateLimited).hasSize(90);
      assertThat(failures("unknown")).isEqualTo(10);
    }
  }
}
