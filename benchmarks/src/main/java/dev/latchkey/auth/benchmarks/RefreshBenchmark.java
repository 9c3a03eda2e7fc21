package dev.latchkey.auth.benchmarks;

import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.AuthTokens;
import dev.latchkey.auth.core.ClientInfo;
import dev.latchkey.auth.core.RefreshResult;
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

/** Refresh-token rotations per second with the in-memory stores: rotate, look up the user, sign a new token. */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RefreshBenchmark {

  /** One Auth per trial and algorithm, shared by the benchmark threads. */
  @State(Scope.Benchmark)
  public static class Shared {
    @Param({"RS256", "ES256", "EDDSA"})
    public String algorithm;
    Auth auth;

    @Setup(Level.Trial)
    public void setUp() {
      auth = Fixtures.auth(SigningAlgorithm.valueOf(algorithm), 4096);
    }
  }

  /** Each thread refreshes its own session, as separate clients would. */
  @State(Scope.Thread)
  public static class Session {
    String refreshToken;

    @Setup(Level.Trial)
    public void login(Shared shared) {
      refreshToken = Fixtures.login(shared.auth).refreshToken().reveal();
    }
  }

  @Benchmark
  public AuthTokens rotate(Shared shared, Session session) {
    RefreshResult r = shared.auth.refresh(session.refreshToken, ClientInfo.unknown());
    if (!(r instanceof RefreshResult.Success success)) {
      throw new IllegalStateException("refresh failed: " + r);
    }
    session.refreshToken = success.tokens().refreshToken().reveal();
    return success.tokens();
  }
}
