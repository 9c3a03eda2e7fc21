package dev.latchkey.auth.benchmarks;

import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.ClientInfo;
import dev.latchkey.auth.core.LoginResult;
import dev.latchkey.auth.core.token.SigningAlgorithm;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * The cost of a password login against the cost of the one Argon2id check inside it (same parameters): what a login
 * adds beyond the hash is attempt counting, the user lookup, the last-login update, the session and a signed token.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class LoginBenchmark {
  @Param({"RS256", "EDDSA"})
  public String algorithm;

  private Auth auth;
  private Argon2PasswordEncoder argon2;
  private String hash;

  @Setup(Level.Trial)
  public void setUp() {
    auth = Fixtures.auth(SigningAlgorithm.valueOf(algorithm), 4096);
    argon2 = new Argon2PasswordEncoder(16, 32, 1, 19_456, 2);
    hash = argon2.encode(Fixtures.PASSWORD);
  }

  @Benchmark
  public boolean bareArgon2Check() {
    return argon2.matches(Fixtures.PASSWORD, hash);
  }

  @Benchmark
  public LoginResult login() {
    LoginResult r = auth.login("bench", Fixtures.PASSWORD, ClientInfo.unknown());
    if (!(r instanceof LoginResult.Success)) {
      throw new IllegalStateException("login failed: " + r);
    }
    return r;
  }
}
