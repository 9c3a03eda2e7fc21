package dev.latchkey.auth.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.ClientInfo;
import dev.latchkey.auth.core.LoginResult;
import dev.latchkey.auth.core.RefreshResult;
import dev.latchkey.auth.core.Registration;
import dev.latchkey.auth.core.memory.InMemoryStores;
import dev.latchkey.auth.core.token.SigningAlgorithm;
import dev.latchkey.auth.core.token.TokenVerification;
import dev.latchkey.auth.store.redis.RedisOptions;
import dev.latchkey.auth.store.redis.RedisStores;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Refresh rotations and revocation-checked verifications with sessions and revocations in a real Redis (users in
 * memory), per wall-clock second and per CPU-second of this JVM (Redis's own CPU not counted), on one thread.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.latchkey.auth.benchmarks.RedisCpuCost [seconds]} with
 * {@code LATCHKEY_BENCH_REDIS_URL} (default {@code redis://127.0.0.1:6379}); keys go under a prefix of their own with
 * TTLs.
 */
public final class RedisCpuCost {
  private RedisCpuCost() {}

  /** Prints one line per measurement. */
  public static void main(String[] args) {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    String url = System.getenv().getOrDefault("LATCHKEY_BENCH_REDIS_URL", "redis://127.0.0.1:6379");
    String prefix = "latchkey-bench:" + UUID.randomUUID().toString().substring(0, 8) + ":";
    try (RedisStores redis = RedisStores.connect(url, RedisOptions.defaults().withPrefix(prefix))) {
      for (SigningAlgorithm alg : List.of(SigningAlgorithm.RS256, SigningAlgorithm.ES256, SigningAlgorithm.EDDSA)) {
        Auth auth = Auth.builder().issuer(Fixtures.ISSUER).audience(Fixtures.AUDIENCE).signingAlgorithm(alg)
            .stores(redis.applyTo(InMemoryStores.create(Clock.systemUTC()))).build();
        auth.register(Registration.of("bench", "bench@example.com", Fixtures.PASSWORD));
        var tokens = ((LoginResult.Success) auth.login("bench", Fixtures.PASSWORD, ClientInfo.unknown())).tokens();
        String[] refresh = {tokens.refreshToken().reveal()};
        String access = tokens.accessToken().token();
        measure(alg + " refresh rotation", () -> {
          if (auth.refresh(refresh[0], ClientInfo.unknown()) instanceof RefreshResult.Success s) {
            refresh[0] = s.tokens().refreshToken().reveal();
            return true;
          }
          return false;
        }, seconds);
        measure(alg + " revocation-checked verify", () -> auth.verify(access) instanceof TokenVerification.Valid,
            seconds);
      }
    }
  }

  static void measure(String label, BooleanSupplier op, int seconds) {
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long warmEnd = System.nanoTime() + 3_000_000_000L;
    while (System.nanoTime() < warmEnd) {
      check(op);
    }
    long cpu0 = os.getProcessCpuTime();
    long wall0 = System.nanoTime();
    long end = wall0 + seconds * 1_000_000_000L;
    long ops = 0;
    while (System.nanoTime() < end) {
      check(op);
      ops++;
    }
    double wall = (System.nanoTime() - wall0) / 1e9;
    double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
    System.out.printf(Locale.ROOT, "%-36s %9.0f ops/s wall | %9.0f ops per JVM CPU-second (%.2f cores)%n", label,
        ops / wall, ops / cpu, cpu / wall);
  }

  private static void check(BooleanSupplier op) {
    if (!op.getAsBoolean()) {
      throw new IllegalStateException("benchmark operation failed");
    }
  }
}
