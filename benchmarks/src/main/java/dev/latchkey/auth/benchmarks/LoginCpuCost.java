package dev.latchkey.auth.benchmarks;

import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.ClientInfo;
import dev.latchkey.auth.core.LoginResult;
import dev.latchkey.auth.core.token.SigningAlgorithm;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * CPU time per password login (the calling thread plus the password hasher's pool, where a login's hash runs) against
 * per bare Argon2id check with the same parameters on the calling thread, interleaved (in alternating order) so both
 * see the same JIT and GC conditions. Wall-clock averages of 30 ms operations that each allocate 19 MiB are dominated
 * by GC noise; thread CPU time is what a login costs the service.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.latchkey.auth.benchmarks.LoginCpuCost [rounds]}
 */
public final class LoginCpuCost {
  private LoginCpuCost() {}

  /**
   * Prints median CPU microseconds per bare check and per login, and the login's overhead, for RS256, ES256 and EdDSA.
   */
  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    for (SigningAlgorithm alg : List.of(SigningAlgorithm.RS256, SigningAlgorithm.ES256, SigningAlgorithm.EDDSA)) {
      measure(alg, rounds);
    }
  }

  private static void measure(SigningAlgorithm alg, int rounds) {
    Auth auth = Fixtures.auth(alg, 4096);
    Argon2PasswordEncoder argon2 = new Argon2PasswordEncoder(16, 32, 1, 19_456, 2);
    String hash = argon2.encode(Fixtures.PASSWORD);
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    long[] bare = new long[rounds];
    long[] login = new long[rounds];
    for (int warm = 0; warm < 50; warm++) {
      argon2.matches(Fixtures.PASSWORD, hash);
      login(auth);
    }
    long[] hashers = hashingThreads();
    for (int i = 0; i < rounds; i++) {
      // Alternate the order: whichever runs second pays for part of the first one's garbage.
      if (i % 2 == 0) {
        bare[i] = cpuOf(cpu, hashers, () -> bareCheck(argon2, hash));
        login[i] = cpuOf(cpu, hashers, () -> login(auth));
      } else {
        login[i] = cpuOf(cpu, hashers, () -> login(auth));
        bare[i] = cpuOf(cpu, hashers, () -> bareCheck(argon2, hash));
      }
    }
    double b = median(bare) / 1000.0;
    double l = median(login) / 1000.0;
    System.out.printf(Locale.ROOT, "%-6s bare Argon2id check %8.0f us CPU | login %8.0f us CPU | beyond the hash %+.1f %%%n",
        alg, b, l, (l / b - 1) * 100);
  }

  /** The password hasher's pool threads, all started by the warm-up's logins. */
  private static long[] hashingThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("latchkey-hash-"))
        .mapToLong(Thread::threadId).toArray();
  }

  private static long cpuOf(ThreadMXBean cpu, long[] hashers, Runnable work) {
    long start = cpuNow(cpu, hashers);
    work.run();
    return cpuNow(cpu, hashers) - start;
  }

  private static long cpuNow(ThreadMXBean cpu, long[] hashers) {
    long sum = cpu.getCurrentThreadCpuTime();
    for (long id : hashers) {
      sum += Math.max(0, cpu.getThreadCpuTime(id));
    }
    return sum;
  }

  private static void bareCheck(Argon2PasswordEncoder argon2, String hash) {
    if (!argon2.matches(Fixtures.PASSWORD, hash)) {
      throw new IllegalStateException("bare check failed");
    }
  }

  private static void login(Auth auth) {
    if (!(auth.login("bench", Fixtures.PASSWORD, ClientInfo.unknown()) instanceof LoginResult.Success)) {
      throw new IllegalStateException("login failed");
    }
  }

  private static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
