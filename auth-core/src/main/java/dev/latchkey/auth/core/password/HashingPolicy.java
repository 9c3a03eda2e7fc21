package dev.latchkey.auth.core.password;

import java.time.Duration;
import java.util.Objects;

/**
 * Cost and concurrency of password hashing.
 *
 * <p>Memory and passes must be at least one of OWASP's equally strong Argon2id trade-offs (Password Storage Cheat
 * Sheet): 46 MiB with 1 pass, 19 MiB with 2, 12 MiB with 3, 9 MiB with 4, or 7 MiB with 5 or more. Fewer MiB cost
 * less heap per concurrent hash (a small-heap server prefers 7 MiB with 5 passes), the same CPU.
 *
 * @param argon2MemoryKib Argon2id memory in KiB; at least OWASP's minimum for the number of passes, default 19456
 * @param argon2Iterations Argon2id passes; at least 1, default 2
 * @param argon2Parallelism Argon2id lanes; at least 1, default 1
 * @param maxConcurrentHashes how many hashes may run at once; at least 1, default one per core, so that a login flood
 *     leaves CPU for token checks
 * @param maxWait how long a request waits for a hashing slot before it is shed with
 *     {@link dev.latchkey.auth.core.OverloadedException}; default 5 s
 */
public record HashingPolicy(
    int argon2MemoryKib, int argon2Iterations, int argon2Parallelism, int maxConcurrentHashes, Duration maxWait) {

  /** Validates the settings against the secure minimums. */
  public HashingPolicy {
    Objects.requireNonNull(maxWait, "hashingPolicy.maxWait");
    if (argon2Iterations < 1) {
      throw new IllegalArgumentException("hashingPolicy.argon2Iterations must be at least 1");
    }
    int minimum = minimumMemoryKib(argon2Iterations);
    if (argon2MemoryKib < minimum) {
      throw new IllegalArgumentException("hashingPolicy.argon2MemoryKib must be at least " + minimum + " with "
          + argon2Iterations + " pass(es) (OWASP: 47104/1, 19456/2, 12288/3, 9216/4, 7168/5+)");
    }
    if (argon2Parallelism < 1) {
      throw new IllegalArgumentException("hashingPolicy.argon2Parallelism must be at least 1");
    }
    if (maxConcurrentHashes < 1) {
      throw new IllegalArgumentException("hashingPolicy.maxConcurrentHashes must be at least 1");
    }
    if (maxWait.isNegative()) {
      throw new IllegalArgumentException("hashingPolicy.maxWait must not be negative");
    }
  }

  /**
   * A copy with {@link #argon2MemoryKib()} replaced by {@code argon2MemoryKib} and every other component kept,
   * validated by the canonical constructor.
   *
   * @param argon2MemoryKib the new value
   * @throws IllegalArgumentException when the constructor refuses the result (see the record's parameters)
   */
  public HashingPolicy withArgon2MemoryKib(int argon2MemoryKib) {
    return new HashingPolicy(argon2MemoryKib, argon2Iterations, argon2Parallelism, maxConcurrentHashes, maxWait);
  }

  /**
   * A copy with {@link #argon2Iterations()} replaced by {@code argon2Iterations} and every other component kept,
   * validated by the canonical constructor.
   *
   * @param argon2Iterations the new value
   * @throws IllegalArgumentException when the constructor refuses the result (see the record's parameters)
   */
  public HashingPolicy withArgon2Iterations(int argon2Iterations) {
    return new HashingPolicy(argon2MemoryKib, argon2Iterations, argon2Parallelism, maxConcurrentHashes, maxWait);
  }

  /**
   * A copy with {@link #argon2Parallelism()} replaced by {@code argon2Parallelism} and every other component kept,
   * validated by the canonical constructor.
   *
   * @param argon2Parallelism the new value
   * @throws IllegalArgumentException when the constructor refuses the result (see the record's parameters)
   */
  public HashingPolicy withArgon2Parallelism(int argon2Parallelism) {
    return new HashingPolicy(argon2MemoryKib, argon2Iterations, argon2Parallelism, maxConcurrentHashes, maxWait);
  }

  /**
   * A copy with {@link #maxConcurrentHashes()} replaced by {@code maxConcurrentHashes} and every other component
   * kept, validated by the canonical constructor.
   *
   * @param maxConcurrentHashes the new value
   * @throws IllegalArgumentException when the constructor refuses the result (see the record's parameters)
   */
  public HashingPolicy withMaxConcurrentHashes(int maxConcurrentHashes) {
    return new HashingPolicy(argon2MemoryKib, argon2Iterations, argon2Parallelism, maxConcurrentHashes, maxWait);
  }

  /**
   * A copy with {@link #maxWait()} replaced by {@code maxWait} and every other component kept, validated by the
   * canonical constructor.
   *
   * @param maxWait the new value
   * @throws IllegalArgumentException when the constructor refuses the result (see the record's parameters)
   */
  public HashingPolicy withMaxWait(Duration maxWait) {
    return new HashingPolicy(argon2MemoryKib, argon2Iterations, argon2Parallelism, maxConcurrentHashes, maxWait);
  }

  /** OWASP's least memory for an Argon2id hash of {@code iterations} passes, in KiB. */
  public static int minimumMemoryKib(int iterations) {
    return switch (iterations) {
      case 1 -> 47_104;
      case 2 -> 19_456;
      case 3 -> 12_288;
      case 4 -> 9_216;
      default -> 7_168;
    };
  }

  /** Argon2id m=19456 KiB, t=2, p=1; one hash per core; wait at most 5 s. */
  public static HashingPolicy defaults() {
    return new HashingPolicy(19_456, 2, 1, Runtime.getRuntime().availableProcessors(), Duration.ofSeconds(5));
  }
}
