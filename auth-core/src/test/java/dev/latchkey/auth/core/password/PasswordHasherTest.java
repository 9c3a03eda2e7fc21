package dev.latchkey.auth.core.password;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.OverloadedException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {

  @Test
  void hashesAreSaltedArgon2idAndVerify() {
    PasswordHasher hasher = new PasswordHasher(HashingPolicy.defaults(), new SecureRandom());
    Password p = Password.of("correct horse battery staple");
    String a = hasher.hash(p);
    String b = hasher.hash(p);
    assertThat(a).isNotEqualTo(b).startsWith("{argon2}$argon2id$");
    assertThat(hasher.verify(p, a)).isEqualTo(PasswordHasher.Check.MATCH);
    assertThat(hasher.verify(Password.of("wrong"), a)).isEqualTo(PasswordHasher.Check.MISMATCH);
    assertThat(hasher.verify(p, null)).isEqualTo(PasswordHasher.Check.MISMATCH);
  }

  @Test
  void sheddingWhenEverySlotStaysBusy() throws Exception {
    HashingPolicy oneSlotNoWait = new HashingPolicy(19_456, 2, 1, 1, Duration.ZERO);
    PasswordHasher hasher = new PasswordHasher(oneSlotNoWait, new SecureRandom());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<String>> futures = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        futures.add(pool.submit(() -> {
          go.await();
          try {
            hasher.hash(Password.of("some long passphrase here"));
            return "hashed";
          } catch (OverloadedException e) {
            assertThat(e.code()).isEqualTo("overloaded");
            return "shed";
          }
        }));
      }
      go.countDown();
      List<String> outcomes = new ArrayList<>();
      for (Future<String> f : futures) {
        outcomes.add(f.get());
      }
      assertThat(outcomes).contains("hashed", "shed");
    } finally {
      pool.shutdownNow();
    }
  }

  /** Hashing and checking from a virtual thread (handed to the platform pool) give the same results. */
  @Test
  void virtualThreadsHandHashingToPlatformThreads() throws Exception {
    PasswordHasher hasher = new PasswordHasher(HashingPolicy.defaults(), new SecureRandom());
    Password p = Password.of("correct horse battery staple");
    java.util.concurrent.atomic.AtomicReference<String> encoded = new java.util.concurrent.atomic.AtomicReference<>();
    Thread hashing = Thread.ofVirtual().start(() -> encoded.set(hasher.hash(p)));
    hashing.join();
    java.util.concurrent.atomic.AtomicReference<PasswordHasher.Check> check =
        new java.util.concurrent.atomic.AtomicReference<>();
    Thread checking = Thread.ofVirtual().start(() -> check.set(hasher.verify(p, encoded.get())));
    checking.join();
    assertThat(check.get()).isEqualTo(PasswordHasher.Check.MATCH);
    assertThat(hasher.verify(Password.of("wrong"), encoded.get())).isNotEqualTo(PasswordHasher.Check.MATCH);
  }

  @Test
  void policyRefusesWeakParameters() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> new HashingPolicy(16_384, 2, 1, 1, Duration.ofSeconds(1)))
        .hasMessageContaining("argon2MemoryKib");
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> new HashingPolicy(19_456, 1, 1, 1, Duration.ofSeconds(1)))
        .hasMessageContaining("argon2MemoryKib");
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> new HashingPolicy(7_168, 4, 1, 1, Duration.ofSeconds(1)))
        .hasMessageContaining("argon2MemoryKib");
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> new HashingPolicy(65_536, 0, 1, 1, Duration.ofSeconds(1)))
        .hasMessageContaining("argon2Iterations");
  }

  /** The native implementation (argon2-jvm is on this module's test class path) and Bouncy Castle agree. */
  @Test
  void nativeAndBouncyCastleCheckEachOther() {
    HashingPolicy policy = new HashingPolicy(7_168, 5, 1, 1, Duration.ofSeconds(1));
    org.springframework.security.crypto.argon2.Argon2PasswordEncoder bc =
        new org.springframework.security.crypto.argon2.Argon2PasswordEncoder(16, 32, 1, 7_168, 5);
    org.springframework.security.crypto.password.PasswordEncoder nativeArgon2 =
        NativeArgon2.load(policy, bc).orElseThrow();
    String password = "ünïcödé passphrase with spaces";
    String fromNative = nativeArgon2.encode(password);
    assertThat(fromNative).startsWith("$argon2id$v=19$m=7168,t=5,p=1$");
    assertThat(bc.matches(password, fromNative)).isTrue();
    assertThat(nativeArgon2.matches(password, bc.encode(password))).isTrue();
    assertThat(nativeArgon2.matches("wrong", fromNative)).isFalse();
    assertThat(nativeArgon2.matches(password, "$argon2id$v=19$m=7168,t=5,p=1$garbage")).isFalse();
    assertThat(nativeArgon2.upgradeEncoding(new org.springframework.security.crypto.argon2.Argon2PasswordEncoder(
        16, 32, 1, 19_456, 2).encode(password))).isTrue();
  }

  /** OWASP's equally strong trade-offs of memory against passes are all accepted. */
  @Test
  void policyAcceptsOwaspEquivalents() {
    int[][] pairs = {{47_104, 1}, {19_456, 2}, {12_288, 3}, {9_216, 4}, {7_168, 5}, {7_168, 8}};
    for (int[] p : pairs) {
      HashingPolicy policy = new HashingPolicy(p[0], p[1], 1, 1, Duration.ofSeconds(1));
      assertThat(new PasswordHasher(policy, new SecureRandom()).hash(Password.of("long enough passphrase")))
          .startsWith("{argon2}$argon2id$v=19$m=" + p[0] + ",t=" + p[1] + ",p=1$");
    }
  }
}
