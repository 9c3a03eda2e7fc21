package dev.latchkey.auth.core.password;

import java.time.Duration;
import java.util.Objects;

/**
 * Cost and concurrency of password hashing.
 *
 * @param argon2MemoryKib Argon2id memory in KiB; at least 19456 (19 MiB, the OWASP minimum), default 19456
 * @param argon2Iterations Argon2id passes; at least 2, default 2
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
    if (argon2MemoryKib < 19_456) {
      throw new IllegalArgumentException("hashingPolicy.argon2MemoryKib must be at least 19456 (19 MiB)");
    }
    if (argon2Iterations < 2) {
      throw new IllegalArgumentException("hashingPolicy.argon2Iterations must be at least 2");
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

  /** Argon2id m=19456 KiB, t=2, p=1; one hash per core; wait at most 5 s. */
  public static HashingPolicy defaults() {
    return new HashingPolicy(19_456, 2, 1, Runtime.getRuntime().availableProcessors(), Duration.ofSeconds(5));
  }
}
