package dev.latchkey.auth.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.memory.InMemoryStores;
import dev.latchkey.auth.testkit.CapturingMailer;
import dev.latchkey.auth.testkit.MutableClock;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Sign-up with required verification, tried as an attacker would: every answer for a registered address must equal
 * the answer for an unregistered one, whatever else is wrong with the request, and cost the same hashing work.
 */
class SignUpEnumerationTest {
  private static final String PASSWORD = "correct horse battery staple";
  private static final String KNOWN = "alice@example.com";
  private static final String UNKNOWN = "nobody@example.com";

  private Auth auth;
  private final CapturingMailer mailer = new CapturingMailer();
  private final AtomicInteger next = new AtomicInteger();

  @BeforeEach
  void setUp() {
    MutableClock clock = MutableClock.standard();
    auth = Auth.builder().issuer("https://auth.example.test").audience("api").clock(clock)
        .stores(InMemoryStores.create(clock)).mailer(mailer)
        .accountPolicy(AccountPolicy.defaults().withRequiredEmailVerification(true)
            .withBaseUrl(URI.create("https://app.example.test/")))
        .build();
    auth.register(Registration.of("alice", KNOWN, PASSWORD));
  }

  /** What a caller sees: the result, or the failure's type, code and message. */
  private static String outcome(Supplier<Object> call) {
    try {
      return "result " + call.get();
    } catch (AuthException e) {
      return e.getClass().getSimpleName() + " " + e.code() + " " + e.getMessage()
          + (e instanceof ValidationException v ? " " + v.errors() : "");
    }
  }

  private String signUp(String username, String email, String password, String name, String phone) {
    return outcome(() -> auth.signUp(new Registration(username, email, password, name, phone),
        ClientInfo.ip("203.0.113.9")));
  }

  private void sameAnswer(String username, String password, String name, String phone, String expected) {
    String known = signUp(username, KNOWN, password, name, phone);
    String unknown = signUp(username, UNKNOWN, password, name, phone);
    assertThat(known).as("registered and unregistered address answer alike").isEqualTo(unknown);
    assertThat(known).startsWith(expected);
  }

  @Test
  @DisplayName("a password that is too short is refused for a registered address as for a new one")
  void shortPassword() {
    sameAnswer("mallory", "short", null, null, "WeakPasswordException");
  }

  @Test
  @DisplayName("a password made of the username or the address is refused for a registered address as for a new one")
  void contextWordPassword() {
    sameAnswer("mallory-the-attacker", "mallory-the-attacker", null, null, "WeakPasswordException");
    assertThat(signUp("mallory", KNOWN, KNOWN, null, null))
        .isEqualTo(signUp("mallory", UNKNOWN, UNKNOWN, null, null)).startsWith("WeakPasswordException");
  }

  @Test
  @DisplayName("an invalid username, name or phone is refused for a registered address as for a new one")
  void invalidFields() {
    sameAnswer("-x", PASSWORD, null, null, "ValidationException");
    sameAnswer("mallory", PASSWORD, null, "0207 123", "ValidationException");
    sameAnswer("mallory", PASSWORD, "x".repeat(10_000), null, "ValidationException");
  }

  @Test
  @DisplayName("a taken username is the same conflict whether the address is registered or not")
  void takenUsername() {
    auth.register(Registration.of("bob", "bob@example.com", PASSWORD));
    sameAnswer("BOB", PASSWORD, null, null, "ConflictException");
  }

  @Test
  @DisplayName("a valid request is answered alike for a registered and a new address")
  void validRequest() {
    assertThat(signUp("mallory", KNOWN, PASSWORD, null, null))
        .isEqualTo(signUp("mallory", UNKNOWN, PASSWORD, null, null))
        .isEqualTo("result " + new SignUpResult.VerificationRequired());
  }

  @Test
  @DisplayName("a registered address costs the same password hash as a new one (CPU time of the hashing threads)")
  void sameHashingWork() {
    for (int i = 0; i < 3; i++) {
      hashingCpu(() -> auth.login("alice", PASSWORD, ClientInfo.unknown())); // warm up: dummy hash, JIT
    }
    // Interleaved rounds: Bouncy Castle's Argon2 gets faster as the JIT compiles it, and measuring the three kinds
    // one after another would compare a cold kind with a warm one.
    long[] login = new long[7];
    long[] known = new long[7];
    long[] unknown = new long[7];
    for (int i = 0; i < login.length; i++) {
      login[i] = hashingCpu(() -> auth.login("alice", PASSWORD, ClientInfo.unknown())); // exactly one Argon2id hash
      known[i] = hashingCpu(() -> auth.signUp(Registration.of("known" + next.incrementAndGet(), KNOWN, PASSWORD),
          ClientInfo.unknown()));
      unknown[i] = hashingCpu(() -> auth.signUp(Registration.of("new" + next.incrementAndGet(),
          "new" + next.get() + "@example.com", PASSWORD), ClientInfo.unknown()));
    }
    long oneHash = median(login);
    assertThat(median(known)).as("registered address: one hash").isBetween(oneHash / 2, oneHash * 3 / 2);
    assertThat(median(unknown)).as("new address: one hash").isBetween(oneHash / 2, oneHash * 3 / 2);
  }

  private static long median(long[] samples) {
    long[] sorted = samples.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /** CPU time spent on Latchkey's password-hashing threads while {@code call} runs. */
  private static long hashingCpu(Runnable call) {
    long before = hashThreadsCpu();
    call.run();
    return hashThreadsCpu() - before;
  }

  private static long hashThreadsCpu() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("latchkey-hash-"))
        .mapToLong(t -> Math.max(0, threads.getThreadCpuTime(t.threadId()))).sum();
  }
}
