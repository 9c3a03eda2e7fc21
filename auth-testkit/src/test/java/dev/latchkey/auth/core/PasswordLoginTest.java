package dev.latchkey.auth.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.auth.core.event.AuthEvent;
import dev.latchkey.auth.core.event.AuthEventType;
import dev.latchkey.auth.core.memory.InMemoryStores;
import dev.latchkey.auth.core.password.Password;
import dev.latchkey.auth.core.password.PasswordPolicy;
import dev.latchkey.auth.core.password.PasswordRejection;
import dev.latchkey.auth.core.user.User;
import dev.latchkey.auth.testkit.MutableClock;
import dev.latchkey.auth.testkit.Race;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.text.Normalizer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder;

/** SECURITY.md "Passwords and login". */
class PasswordLoginTest {
  private static final String PASSWORD = "correct horse battery staple";

  private MutableClock clock;
  private Stores stores;
  private Auth auth;
  private final List<AuthEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    clock = MutableClock.standard();
    stores = InMemoryStores.create(clock);
    auth = Auth.builder().issuer("https://auth.example.test").audience("api").clock(clock).stores(stores)
        .eventListener(events::add).build();
  }

  private User alice() {
    return auth.register(Registration.of("alice", "alice@example.com", PASSWORD));
  }

  private LoginResult login(String id, String password) {
    return auth.login(id, password, ClientInfo.unknown());
  }

  private long failures(String reason) {
    return events.stream().filter(e -> e.type() == AuthEventType.LOGIN_FAILED)
        .filter(e -> reason.equals(e.details().get("reason"))).count();
  }

  private void importUser(String username, String hash) {
    User u = new User(dev.latchkey.auth.core.user.UserId.random(), username, username + "@example.com", true, null,
        null, true, false, hash, false, clock.instant(), null, 1);
    stores.users().create(u);
  }

  @Nested
  @DisplayName("one answer for every failure")
  class Indistinguishable {
    @Test
    @DisplayName("unknown user, wrong password, disabled and locked accounts get the same result")
    void sameOutcome() {
      User alice = alice();
      LoginResult unknown = login("nobody", PASSWORD);
      LoginResult wrong = login("alice", "not the right password at all");
      stores.users().update(alice.withActive(false), alice.version());
      LoginResult disabled = login("alice", PASSWORD);
      auth.register(Registration.of("bob", "bob@example.com", PASSWORD));
      for (int i = 0; i < 10; i++) {
        login("bob", "wrong password number " + i);
      }
      LoginResult locked = login("bob", PASSWORD);
      assertThat(List.of(unknown, wrong, disabled, locked)).allSatisfy(r -> {
        assertThat(r).isEqualTo(new LoginResult.InvalidCredentials());
        assertThat(r.toString()).isEqualTo("InvalidCredentials[]");
      });
      assertThat(failures("unknown")).isEqualTo(1);
      assertThat(failures("disabled")).isEqualTo(1);
      assertThat(failures("locked")).isEqualTo(1);
    }

    @Test
    @DisplayName("an unknown user costs a password hash, like a known one")
    void unknownUserCostsAHash() {
      alice();
      login("alice", "warm-up password here"); // loads classes, JIT
      login("nobody", "warm-up password here");
      long known = medianCpu(() -> login("alice", "not the right password at all"));
      long unknown = medianCpu(() -> login("nobody@example.com", "not the right password at all"));
      // A hash is tens of milliseconds of CPU; skipping it would cost well under 1 % of that.
      assertThat((double) unknown).isGreaterThan(known * 0.4);
    }

    private long medianCpu(Runnable r) {
      ThreadMXBean bean = ManagementFactory.getThreadMXBean();
      long[] samples = new long[5];
      for (int i = 0; i < samples.length; i++) {
        long start = bean.getCurrentThreadCpuTime();
        r.run();
        samples[i] = bean.getCurrentThreadCpuTime() - start;
        clock.advance(Duration.ofMinutes(20)); // stay clear of the lockout
      }
      Arrays.sort(samples);
      return samples[samples.length / 2];
    }

    @Test
    @DisplayName("past its failures, the per-IP limit answers RateLimited with a retry time for known and unknown alike")
    void perIpLimit() {
      alice();
      auth = Auth.builder().issuer("https://auth.example.test").audience("api").clock(clock).stores(stores)
          .loginPolicy(new LoginPolicy(LoginPolicy.defaults().perAccount(),
              new dev.latchkey.auth.core.ratelimit.RateLimit(3, Duration.ofMinutes(1), Duration.ofMinutes(1),
                  Duration.ofMinutes(15))))
          .build();
      ClientInfo ip = ClientInfo.ip("198.51.100.7");
      auth.login("alice", "wrong one wrong one", ip);
      auth.login("nobody", "wrong one wrong one", ip);
      assertThat(auth.login("alice", PASSWORD, ip)).isInstanceOf(LoginResult.Success.class); // not counted
      auth.login("nobody", "wrong one wrong two", ip);
      assertThat(auth.login("alice", PASSWORD, ip)).isEqualTo(new LoginResult.RateLimited(Duration.ofMinutes(1)));
      assertThat(auth.login("nobody", PASSWORD, ip)).isInstanceOf(LoginResult.RateLimited.class);
      assertThat(auth.login("alice", PASSWORD, ClientInfo.ip("198.51.100.8")))
          .isInstanceOf(LoginResult.Success.class);
    }
  }

  @Nested
  @DisplayName("attempt counting")
  class Counting {
    @Test
    @DisplayName("100 parallel wrong logins: exactly the threshold reach the password check")
    void parallelWrongLogins() {
      alice();
      List<LoginResult> results = Race.run(100, i -> login("alice", "wrong password number " + i));
      assertThat(results).allMatch(r -> r instanceof LoginResult.InvalidCredentials);
      assertThat(failures("password")).isEqualTo(10);
      assertThat(failures("locked")).isEqualTo(90);
      assertThat(login("alice", PASSWORD)).isInstanceOf(LoginResult.InvalidCredentials.class);
    }

    @Test
    @DisplayName("identifiers are counted case- and whitespace-insensitively, unknown ones too")
    void normalisedIdentifiers() {
      alice();
      String[] spellings = {"alice", "ALICE", " Alice ", "aLiCe\t", "alice"};
      for (int i = 0; i < 10; i++) {
        login(spellings[i % spellings.length], "wrong password number " + i);
      }
      assertThat(login("Alice", PASSWORD)).isInstanceOf(LoginResult.InvalidCredentials.class);
      for (int i = 0; i < 10; i++) {
        login(i % 2 == 0 ? "Ghost" : "ghost ", "wrong password number " + i);
      }
      assertThat(failures("unknown")).isEqualTo(10);
      login("GHOST", "wrong password again");
      assertThat(failures("locked")).isEqualTo(2);
    }

    @Test
    @DisplayName("a success resets the count")
    void successResets() {
      alice();
      for (int i = 0; i < 9; i++) {
        login("alice", "wrong password number " + i);
      }
      assertThat(login("alice", PASSWORD)).isInstanceOf(LoginResult.Success.class);
      for (int i = 0; i < 9; i++) {
        login("alice", "wrong password number " + i);
      }
      assertThat(login("alice", PASSWORD)).isInstanceOf(LoginResult.Success.class);
      assertThat(failures("locked")).isZero();
    }

    @Test
    @DisplayName("lockouts grow: one minute, then two")
    void growingLockout() {
      alice();
      for (int i = 0; i < 11; i++) {
        login("alice", "wrong password number " + i);
      }
      clock.advance(Duration.ofMinutes(1).minusNanos(1));
      assertThat(login("alice", PASSWORD)).isInstanceOf(LoginResult.InvalidCredentials.class);
      clock.advance(Duration.ofNanos(1));
      for (int i = 0; i < 11; i++) {
        login("alice", "wrong password number " + i);
      }
      clock.advance(Duration.ofMinutes(2).minusNanos(1));
      assertThat(login("alice", PASSWORD)).isInstanceOf(LoginResult.InvalidCredentials.class);
      clock.advance(Duration.ofNanos(1));
      assertThat(login("alice", PASSWORD)).isInstanceOf(LoginResult.Success.class);
    }

    @Test
    @DisplayName("the threshold cannot be configured above 100")
    void thresholdCapped() {
      assertThatThrownBy(() -> LoginPolicy.defaults().withAccountThreshold(101))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("100");
      assertThat(LoginPolicy.defaults().withAccountThreshold(100).perAccount().maxAttempts()).isEqualTo(100);
    }
  }

  @Nested
  @DisplayName("normalisation and truncation")
  class Normalisation {
    @Test
    @DisplayName("a password registered composed (NFC) logs in decomposed (NFD), and vice versa")
    void nfcVersusNfd() {
      String composed = Normalizer.normalize("Ünïcödé pässwörd çafé", Normalizer.Form.NFC);
      String decomposed = Normalizer.normalize(composed, Normalizer.Form.NFD);
      assertThat(decomposed).isNotEqualTo(composed);
      auth.register(Registration.of("zoe", "zoe@example.com", composed));
      assertThat(login("zoe", decomposed)).isInstanceOf(LoginResult.Success.class);
      auth.register(Registration.of("yan", "yan@example.com", decomposed));
      assertThat(login("yan", composed)).isInstanceOf(LoginResult.Success.class);
    }

    @Test
    @DisplayName("full-width characters fold to their ASCII form (NFKC)")
    void compatibilityFolding() {
      auth.register(Registration.of("zoe", "zoe@example.com", "ｐａｓｓｐｈｒａｓｅ　ｏｎｅ　２"));
      assertThat(login("zoe", "passphrase one 2")).isInstanceOf(LoginResult.Success.class);
    }

    @Test
    @DisplayName("two passwords equal in their first 72 bytes are different passwords")
    void beyondSeventyTwoBytes() {
      String prefix = "violet kites drift over quiet harbours while seven lanterns hum softly o"; // 72 bytes
      auth.register(Registration.of("zoe", "zoe@example.com", prefix + " first"));
      assertThat(login("zoe", prefix + " second")).isInstanceOf(LoginResult.InvalidCredentials.class);
      assertThat(login("zoe", prefix)).isInstanceOf(LoginResult.InvalidCredentials.class);
      assertThat(login("zoe", prefix + " first")).isInstanceOf(LoginResult.Success.class);
    }

    @Test
    @DisplayName("an imported bcrypt hash never matches a longer password that bcrypt would truncate")
    void bcryptNeverTruncates() {
      String prefix = "ä".repeat(36); // 72 bytes in UTF-8
      importUser("legacy", new BCryptPasswordEncoder(10).encode(prefix));
      assertThat(login("legacy", prefix + "anything")).isInstanceOf(LoginResult.InvalidCredentials.class);
      assertThat(login("legacy", prefix)).isInstanceOf(LoginResult.Success.class);
    }

    @Test
    @DisplayName("long passphrases with spaces and any Unicode are accepted up to 256 characters")
    void longPassphrases() {
      String passphrase = "🦊 le renard brun rapide saute par-dessus le chien paresseux 🐕 ".repeat(4).strip();
      auth.register(Registration.of("zoe", "zoe@example.com", passphrase));
      assertThat(login("zoe", passphrase)).isInstanceOf(LoginResult.Success.class);
    }
  }

  @Nested
  @DisplayName("hashing")
  class Hashing {
    @Test
    @DisplayName("new hashes are Argon2id with m=19456 KiB, t=2, p=1")
    void argon2Parameters() {
      User alice = alice();
      assertThat(alice.passwordHash()).startsWith("{argon2}$argon2id$v=19$m=19456,t=2,p=1$");
      assertThat(alice.toString()).doesNotContain("argon2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"$2a", "$2b", "$2y", "{bcrypt}$2b", "pbkdf2", "argon2-weak", "argon2-bare"})
    @DisplayName("imported and outdated hashes log in and are re-hashed to current Argon2id")
    void rehashOnLogin(String kind) {
      String password = "imported passphrase 42";
      String hash = switch (kind) {
        case "$2a" -> new BCryptPasswordEncoder(BCryptPasswordEncoder.BCryptVersion.$2A, 10).encode(password);
        case "$2b" -> new BCryptPasswordEncoder(BCryptPasswordEncoder.BCryptVersion.$2B, 10).encode(password);
        case "$2y" -> new BCryptPasswordEncoder(BCryptPasswordEncoder.BCryptVersion.$2Y, 10).encode(password);
        case "{bcrypt}$2b" -> "{bcrypt}" + new BCryptPasswordEncoder(10).encode(password);
        case "pbkdf2" -> "{pbkdf2}" + Pbkdf2PasswordEncoder.defaultsForSpringSecurity_v5_8().encode(password);
        case "argon2-weak" -> "{argon2}" + new Argon2PasswordEncoder(16, 32, 1, 16_384, 2).encode(password);
        default -> new Argon2PasswordEncoder(16, 32, 1, 16_384, 2).encode(password);
      };
      importUser("legacy", hash);
      assertThat(login("legacy", "wrong passphrase 42")).isInstanceOf(LoginResult.InvalidCredentials.class);
      assertThat(login("legacy", password)).isInstanceOf(LoginResult.Success.class);
      String stored = stores.users().findByUsername("legacy").orElseThrow().passwordHash();
      assertThat(stored).startsWith("{argon2}$argon2id$v=19$m=19456,t=2,p=1$");
      assertThat(events).anyMatch(e -> e.type() == AuthEventType.PASSWORD_REHASHED);
      assertThat(login("legacy", password)).isInstanceOf(LoginResult.Success.class);
    }

    @Test
    @DisplayName("a current hash is not re-hashed")
    void currentNotRehashed() {
      User alice = alice();
      login("alice", PASSWORD);
      assertThat(stores.users().findById(alice.id()).orElseThrow().passwordHash()).isEqualTo(alice.passwordHash());
      assertThat(events).noneMatch(e -> e.type() == AuthEventType.PASSWORD_REHASHED);
    }

    @Test
    @DisplayName("a corrupt stored hash is a failed login, not an error")
    void corruptHash() {
      importUser("broken", "{argon2}not-a-hash");
      importUser("broken2", "$2b$10$short");
      assertThat(login("broken", PASSWORD)).isInstanceOf(LoginResult.InvalidCredentials.class);
      assertThat(login("broken2", PASSWORD)).isInstanceOf(LoginResult.InvalidCredentials.class);
    }

    @Test
    @DisplayName("a user without a password cannot log in with any password")
    void noPassword() {
      importUser("oauthonly", null);
      assertThat(login("oauthonly", "")).isInstanceOf(LoginResult.InvalidCredentials.class);
      assertThat(login("oauthonly", PASSWORD)).isInstanceOf(LoginResult.InvalidCredentials.class);
    }
  }

  @Nested
  @DisplayName("password policy")
  class Policy {
    private PasswordRejection.Kind rejection(String username, String email, String password) {
      try {
        auth.register(Registration.of(username, email, password));
      } catch (WeakPasswordException e) {
        assertThat(e.code()).isEqualTo("weak_password");
        assertThat(e.getMessage()).doesNotContain(password);
        return e.reason().kind();
      }
      throw new AssertionError("the password was accepted");
    }

    @Test
    @DisplayName("fewer than 15 characters is too short; 15 is enough")
    void minimum() {
      assertThat(rejection("zoe", "zoe@example.com", "fourteen chars")).isEqualTo(PasswordRejection.Kind.TOO_SHORT);
      auth.register(Registration.of("zoe", "zoe@example.com", "fifteen chars!!"));
    }

    @Test
    @DisplayName("more than 256 characters is too long")
    void maximum() {
      assertThat(rejection("zoe", "zoe@example.com", "a b".repeat(86))).isEqualTo(PasswordRejection.Kind.TOO_LONG);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1qaz2wsx3edc4rfv", "123456789qwerty", "QWERTY123456789", "q1w2e3r4t5y6u7i8"})
    @DisplayName("common passwords are refused, in any case")
    void common(String password) {
      assertThat(rejection("zoe", "zoe@example.com", password)).isEqualTo(PasswordRejection.Kind.COMMON);
    }

    @Test
    @DisplayName("the user's own username or email is refused")
    void context() {
      assertThat(rejection("averyverylongname", "x@example.com", "AVeryVeryLongName"))
          .isEqualTo(PasswordRejection.Kind.CONTEXT);
      assertThat(rejection("zoe", "zoe.long.address@example.com", "zoe.long.address@example.com"))
          .isEqualTo(PasswordRejection.Kind.CONTEXT);
      assertThat(rejection("zoe", "zoe.long.address@example.com", "zoe.long.address"))
          .isEqualTo(PasswordRejection.Kind.CONTEXT);
    }

    @Test
    @DisplayName("the bundled list holds over 10,000 entries; no composition rules apply")
    void noCompositionRules() {
      PasswordPolicy policy = PasswordPolicy.defaults();
      assertThat(policy.check(Password.of("all lower case words only"))).isEmpty();
      assertThat(policy.check(Password.of("ALLUPPERCASEWORDSONLY"))).isEmpty();
      assertThat(dev.latchkey.auth.core.password.PasswordPolicyAccess.commonPasswordCount()).isGreaterThan(10_000);
    }

    @Test
    @DisplayName("the minimum is configurable but never below 8; the maximum never above 256")
    void bounds() {
      assertThat(new PasswordPolicy(8, 64, true).minLength()).isEqualTo(8);
      assertThatThrownBy(() -> new PasswordPolicy(7, 64, true)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("minLength");
      assertThatThrownBy(() -> new PasswordPolicy(15, 257, true)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("maxLength");
    }

    @Test
    @DisplayName("with a lower minimum, common 8-character passwords are still refused")
    void lowerMinimum() {
      PasswordPolicy eight = new PasswordPolicy(8, 256, true);
      assertThat(eight.check(Password.of("password"))).map(PasswordRejection::kind)
          .contains(PasswordRejection.Kind.COMMON);
      assertThat(eight.check(Password.of("baseball"))).map(PasswordRejection::kind)
          .contains(PasswordRejection.Kind.COMMON);
    }
  }

  @Nested
  @DisplayName("secrets stay secret")
  class Secrets {
    @Test
    @DisplayName("passwords, registrations and tokens redact themselves")
    void redaction() {
      assertThat(Password.of(PASSWORD).toString()).doesNotContain("horse");
      assertThat(Registration.of("alice", "alice@example.com", PASSWORD).toString()).doesNotContain("horse");
      alice();
      AuthTokens tokens = ((LoginResult.Success) login("alice", PASSWORD)).tokens();
      assertThat(tokens.toString()).doesNotContain(tokens.accessToken().token())
          .doesNotContain(tokens.refreshToken().reveal());
      assertThat(events.toString()).doesNotContain("horse").doesNotContain(tokens.refreshToken().reveal());
    }

    @Test
    @DisplayName("registration errors never echo the input")
    void validationMessages() {
      assertThatThrownBy(() -> auth.register(Registration.of("a", "alice@example.com", PASSWORD)))
          .isInstanceOfSatisfying(ValidationException.class, e -> {
            assertThat(e.code()).isEqualTo("validation_failed");
            assertThat(e.errors()).extracting(ValidationException.FieldError::field).containsExactly("username");
          });
      alice();
      assertThatThrownBy(() -> auth.register(Registration.of("ALICE", "other@example.com", PASSWORD)))
          .isInstanceOf(ConflictException.class).hasMessageNotContaining("horse");
    }
  }

  @Test
  @DisplayName("two concurrent registrations of one email create one account")
  void concurrentRegistrations() {
    List<Boolean> created = Race.run(10, i -> {
      try {
        auth.register(Registration.of("user" + i, "same@example.com", PASSWORD));
        return true;
      } catch (ConflictException e) {
        return false;
      }
    });
    assertThat(created).filteredOn(c -> c).hasSize(1);
  }
}
