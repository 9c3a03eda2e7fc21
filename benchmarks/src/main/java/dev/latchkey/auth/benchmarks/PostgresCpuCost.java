package dev.latchkey.auth.benchmarks;

import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.ClientInfo;
import dev.latchkey.auth.core.LoginResult;
import dev.latchkey.auth.core.RefreshResult;
import dev.latchkey.auth.core.Registration;
import dev.latchkey.auth.core.token.SigningAlgorithm;
import dev.latchkey.auth.core.token.TokenVerification;
import dev.latchkey.auth.store.postgres.PostgresOptions;
import dev.latchkey.auth.store.postgres.PostgresStores;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Refresh rotations and revocation-checked verifications against a real PostgreSQL, reported per wall-clock second
 * and per CPU-second of this JVM (PostgreSQL's own CPU is not counted), on one thread.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.latchkey.auth.benchmarks.PostgresCpuCost [seconds]}
 * with {@code LATCHKEY_BENCH_POSTGRES_URL} (default {@code jdbc:postgresql://127.0.0.1:5432/postgres}, user
 * {@code postgres}). It works in a schema of its own and drops it afterwards.
 */
public final class PostgresCpuCost {
  private PostgresCpuCost() {}

  /** Prints one line per measurement. */
  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    String url = System.getenv().getOrDefault("LATCHKEY_BENCH_POSTGRES_URL",
        "jdbc:postgresql://127.0.0.1:5432/postgres");
    String user = System.getenv().getOrDefault("LATCHKEY_BENCH_POSTGRES_USER", "postgres");
    String password = System.getenv("LATCHKEY_BENCH_POSTGRES_PASSWORD");
    String schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    try (PostgresStores pg = PostgresStores.connect(url, user, password,
        PostgresOptions.defaults().withSchema(schema))) {
      for (SigningAlgorithm alg : List.of(SigningAlgorithm.RS256, SigningAlgorithm.ES256, SigningAlgorithm.EDDSA)) {
        Auth auth = Auth.builder().issuer(Fixtures.ISSUER).audience(Fixtures.AUDIENCE).signingAlgorithm(alg)
            .stores(pg.stores()).build();
        String username = "bench" + alg.name().toLowerCase(Locale.ROOT);
        auth.register(Registration.of(username, username + "@example.com", Fixtures.PASSWORD));
        var tokens = ((LoginResult.Success) auth.login(username, Fixtures.PASSWORD, ClientInfo.unknown())).tokens();
        String[] refresh = {tokens.refreshToken().reveal()};
        String access = tokens.accessToken().token();
        BooleanSupplier rotate = () -> {
          RefreshResult r = auth.refresh(refresh[0], ClientInfo.unknown());
          if (r instanceof RefreshResult.Success s) {
            refresh[0] = s.tokens().refreshToken().reveal();
            return true;
          }
          return false;
        };
        RedisCpuCost.measure(alg + " refresh rotation", rotate, seconds);
        RedisCpuCost.measure(alg + " revocation-checked verify",
            () -> auth.verify(access) instanceof TokenVerification.Valid, seconds);
      }
    } finally {
      try (Connection c = DriverManager.getConnection(url, user, password); Statement st = c.createStatement()) {
        st.execute("drop schema if exists " + schema + " cascade");
      }
    }
  }
}
