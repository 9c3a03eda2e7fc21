package dev.latchkey.auth.core.password;

import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;
import java.nio.CharBuffer;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Argon2id in the reference C implementation (argon2-jvm over JNA), when that optional library is on the class path
 * and its native code loads: it works outside the Java heap (a 7-19 MiB hash in Bouncy Castle is garbage that a small
 * heap must collect, often promoted mid-hash) and is about a third faster. Hashes are the standard PHC strings that
 * Spring's {@link Argon2PasswordEncoder} writes and reads, so either implementation checks the other's; re-hash
 * decisions stay with Spring's encoder.
 */
final class NativeArgon2 implements PasswordEncoder {
  private static final Logger LOG = LoggerFactory.getLogger(NativeArgon2.class);
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;

  private final Argon2 argon2;
  private final Argon2PasswordEncoder spring;
  private final int iterations;
  private final int memoryKib;
  private final int parallelism;

  private NativeArgon2(Argon2 argon2, Argon2PasswordEncoder spring, int memoryKib, int iterations, int parallelism) {
    this.argon2 = argon2;
    this.spring = spring;
    this.iterations = iterations;
    this.memoryKib = memoryKib;
    this.parallelism = parallelism;
  }

  /**
   * The native encoder, or empty when argon2-jvm is absent or its native library does not load here (then Bouncy
   * Castle hashes, as Spring's {@code spring} does).
   */
  static Optional<PasswordEncoder> load(HashingPolicy policy, Argon2PasswordEncoder spring) {
    return load(policy.argon2MemoryKib(), policy.argon2Iterations(), policy.argon2Parallelism(), spring);
  }

  /** The native encoder for these Argon2id parameters, or empty (as the other {@code load}). */
  static Optional<PasswordEncoder> load(
      int memoryKib, int iterations, int parallelism, Argon2PasswordEncoder spring) {
    try {
      Argon2 argon2 = Argon2Factory.create(Argon2Factory.Argon2Types.ARGON2id, SALT_BYTES, HASH_BYTES);
      NativeArgon2 encoder = new NativeArgon2(argon2, spring, memoryKib, iterations, parallelism);
      String probe = encoder.encode("latchkey native argon2 probe");
      if (!spring.matches("latchkey native argon2 probe", probe)) {
        LOG.warn("Native Argon2 disagrees with Bouncy Castle; using Bouncy Castle");
        return Optional.empty();
      }
      return Optional.of(encoder);
    } catch (LinkageError | RuntimeException e) {
      LOG.info("Argon2id runs in Bouncy Castle (native argon2 unavailable: {})", e.getClass().getSimpleName());
      return Optional.empty();
    }
  }

  @Override
  public String encode(CharSequence rawPassword) {
    char[] chars = toChars(rawPassword);
    try {
      return argon2.hash(iterations, memoryKib, parallelism, chars);
    } finally {
      argon2.wipeArray(chars);
    }
  }

  @Override
  public boolean matches(CharSequence rawPassword, String encodedPassword) {
    if (encodedPassword == null || !encodedPassword.startsWith("$argon2id$")) {
      return spring.matches(rawPassword, encodedPassword); // argon2i/argon2d and malformed strings: Spring decides
    }
    char[] chars = toChars(rawPassword);
    try {
      return argon2.verify(encodedPassword, chars);
    } catch (RuntimeException e) {
      return false; // a malformed stored hash never matches (and is never logged)
    } finally {
      argon2.wipeArray(chars);
    }
  }

  @Override
  public boolean upgradeEncoding(String encodedPassword) {
    return spring.upgradeEncoding(encodedPassword);
  }

  private static char[] toChars(CharSequence value) {
    char[] chars = new char[value.length()];
    CharBuffer.wrap(value).get(chars);
    return chars;
  }
}
