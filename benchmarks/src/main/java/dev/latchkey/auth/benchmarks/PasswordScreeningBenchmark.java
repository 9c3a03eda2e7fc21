package dev.latchkey.auth.benchmarks;

import dev.latchkey.auth.core.password.Password;
import dev.latchkey.auth.core.password.PasswordPolicy;
import dev.latchkey.auth.core.password.PasswordRejection;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * The cost of screening a new password ({@link PasswordPolicy#check}: length, common-password corpus, own identifiers,
 * nbvcxz estimate) against the one Argon2id hash that follows it, at the reference server's parameters (m=7168 KiB,
 * t=5) and at the library's default (m=19456 KiB, t=2). Target: a check costs under 5 % of a hash.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar PasswordScreening -f 1 -wi 3 -i 5}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class PasswordScreeningBenchmark {
  /** What people type when asked for 15 characters or more: half accepted, half refused. */
  private static final String[] REALISTIC = {
    "correct horse battery staple", "a long and unusual passphrase", "an entirely different passphrase",
    "jumbo tulip orbit canyon", "my cat likes tuna on fridays", "Xk8s-Pq2m-Zr7t-Lw4v", "Ünïcödé pässwörd çafé",
    "fifteen chars!!", "password123456789", "qwertyuiopasdfgh", "iloveyou12345678", "P@ssw0rd20242024",
    "alice12345678901", "Summer2024Summer2024", "monkey1234567890", "1q2w3e4r5t6y7u8i"};
  /** Inputs of the maximum length (256) crafted to make pattern matching work hard: only 64 are analysed. */
  private static final String[] LONGEST = {
    "1a".repeat(128), "19871987".repeat(32), "p@55w0rd".repeat(32),
    "qwertyuiop1234567890asdfghjkl!@#$%^&*()zxcvbnm,./".repeat(6).substring(0, 256)};

  private final PasswordPolicy policy = PasswordPolicy.defaults();
  private Argon2PasswordEncoder referenceServer;
  private Argon2PasswordEncoder libraryDefault;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    referenceServer = new Argon2PasswordEncoder(16, 32, 1, 7_168, 5);
    libraryDefault = new Argon2PasswordEncoder(16, 32, 1, 19_456, 2);
    policy.check(Password.of(REALISTIC[0])); // loads the word lists once per JVM, as the first check does
  }

  @Benchmark
  public Optional<PasswordRejection> check() {
    String password = REALISTIC[next++ % REALISTIC.length];
    return policy.check(Password.of(password), "alice", "alice@example.com");
  }

  @Benchmark
  public Optional<PasswordRejection> checkLongest() {
    String password = LONGEST[next++ % LONGEST.length];
    return policy.check(Password.of(password), "alice", "alice@example.com");
  }

  @Benchmark
  public String hashReferenceServer() {
    return referenceServer.encode(REALISTIC[next++ % REALISTIC.length]);
  }

  @Benchmark
  public String hashLibraryDefault() {
    return libraryDefault.encode(REALISTIC[next++ % REALISTIC.length]);
  }
}
