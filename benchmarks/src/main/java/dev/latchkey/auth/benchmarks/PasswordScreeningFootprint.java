package dev.latchkey.auth.benchmarks;

import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.password.Password;
import dev.latchkey.auth.core.password.PasswordPolicy;
import java.util.Locale;

/**
 * What the password screen costs once per JVM: the time of the first check (which loads the word lists), the heap
 * the lists keep (used heap after full collections, before and after, with nothing else running), and the time of
 * {@code Auth.build()}, which loads no list. Run it in a fresh JVM, with the reference server's collector:
 * {@code java -XX:+UseSerialGC -cp benchmarks/target/benchmarks.jar dev.latchkey.auth.benchmarks.PasswordScreeningFootprint}
 */
public final class PasswordScreeningFootprint {
  private PasswordScreeningFootprint() {}

  /** Prints the first and second check's time, the retained heap, and the time of two {@code Auth.build()}s. */
  public static void main(String[] args) {
    PasswordPolicy policy = PasswordPolicy.defaults();
    long before = usedAfterGc();
    long first = System.nanoTime();
    policy.check(Password.of("correct horse battery staple"), "alice", "alice@example.com");
    long firstDone = System.nanoTime();
    policy.check(Password.of("P@ssw0rd20242024"), "alice", "alice@example.com");
    long second = System.nanoTime() - firstDone;
    long after = usedAfterGc();
    long start = System.nanoTime();
    Auth.builder().issuer(Fixtures.ISSUER).audience(Fixtures.AUDIENCE).build();
    long built = System.nanoTime() - start;
    start = System.nanoTime();
    Auth.builder().issuer(Fixtures.ISSUER).audience(Fixtures.AUDIENCE).build();
    long builtAgain = System.nanoTime() - start;
    System.out.printf(Locale.ROOT, "first check (loads the lists) %.0f ms | second check %.2f ms | retained heap %.2f MiB"
            + " | Auth.build() first %.0f ms, second %.0f ms (no lists loaded)%n", (firstDone - first) / 1e6,
        second / 1e6, (after - before) / 1048576.0, built / 1e6, builtAgain / 1e6);
  }

  /** The least heap in use after each of five full collections (the Auth's background work settles meanwhile). */
  private static long usedAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      least = Math.min(least, runtime.totalMemory() - runtime.freeMemory());
    }
    return least;
  }
}
