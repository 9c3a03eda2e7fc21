package dev.latchkey.auth.core.password;

import dev.latchkey.auth.core.OverloadedException;
import dev.latchkey.auth.core.metrics.AuthProbe;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder;

/**
 * Hashes and checks passwords with Spring Security Crypto's {@link DelegatingPasswordEncoder}: new hashes are Argon2id
 * ({@code {argon2}$argon2id$…}); bcrypt ({@code $2a$}, {@code $2b$}, {@code $2y$}, with or without {@code {bcrypt}}),
 * prefix-less Argon2 and Spring's {@code {pbkdf2}} hashes are accepted and reported as needing a re-hash. Argon2id runs
 * in the reference C library when the optional {@code de.mkammerer:argon2-jvm} is on the class path (off the Java heap,
 * about a third faster), else in Bouncy Castle; the hashes are the same.
 *
 * <p>bcrypt only reads the first 72 bytes of a password. Rather than truncate silently, a password longer than that
 * never matches a bcrypt hash (its owner resets it and gets an Argon2id hash).
 *
 * <p>At most {@link HashingPolicy#maxConcurrentHashes()} hashes run at once; a caller that waits longer than
 * {@link HashingPolicy#maxWait()} gets an {@link OverloadedException}. Hashes run on the platform threads of a small
 * pool of that size, at {@link Thread#MIN_PRIORITY}, and the caller waits: on a virtual thread a hash would otherwise
 * hold a carrier thread and stall every request scheduled on it, and where the JVM maps Java priorities to the
 * operating system's (on Linux {@code -XX:ThreadPriorityPolicy=1 -XX:JavaPriority1_To_OSPriority=19}) a login flood
 * then only takes the CPU that other requests leave. Thread-safe.
 */
public final class PasswordHasher {
  private static final String ARGON2 = "argon2";
  private static final int BCRYPT_MAX_BYTES = 72;
  /** Argon2id memory of {@link #testOnlyFastHasher}, in KiB. */
  static final int TEST_ONLY_MEMORY_KIB = 256;
  /** Argon2id passes of {@link #testOnlyFastHasher}. */
  static final int TEST_ONLY_ITERATIONS = 1;

  private final DelegatingPasswordEncoder encoder;
  private final Semaphore slots;
  private final ThreadLocal<Boolean> held = new ThreadLocal<>();
  private final HashingPolicy policy;
  private final CompletableFuture<String> dummyHash;
  private volatile @Nullable ExecutorService platform;
  private volatile AuthProbe probe = new AuthProbe() {};

  /** Creates a hasher; starts computing the hash that serves as the dummy for unknown users in the background. */
  public PasswordHasher(HashingPolicy policy, SecureRandom random) {
    this(policy, policy.argon2MemoryKib(), policy.argon2Iterations(), random);
  }

  private PasswordHasher(HashingPolicy policy, int memoryKib, int iterations, SecureRandom random) {
    this.policy = policy;
    this.slots = new Semaphore(policy.maxConcurrentHashes());
    Argon2PasswordEncoder spring =
        new Argon2PasswordEncoder(16, 32, policy.argon2Parallelism(), memoryKib, iterations);
    // Chosen on the hashing pool (loading native code takes a moment); every hash waits for the choice.
    CompletableFuture<PasswordEncoder> chosen = CompletableFuture.supplyAsync(
        () -> nativeArgon2(memoryKib, iterations, policy.argon2Parallelism(), spring).orElse(spring), platformPool());
    PasswordEncoder argon2 = new Chosen(chosen);
    BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
    PasswordEncoder pbkdf2 = Pbkdf2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    this.encoder = new DelegatingPasswordEncoder(ARGON2, Map.of(ARGON2, argon2, "bcrypt", bcrypt, "pbkdf2", pbkdf2));
    this.encoder.setDefaultPasswordEncoderForMatches(new PrefixlessMatcher(argon2, bcrypt));
    byte[] noise = new byte[32];
    random.nextBytes(noise);
    String secret = HexFormat.of().formatHex(noise);
    // On the (low-priority) hashing pool, so that start-up does not wait for it.
    this.dummyHash = chosen.thenApplyAsync(e -> encoder.encode(secret), platformPool());
  }

  /**
   * Reports every wait for a hashing slot (and every request shed after the configured wait) to {@code probe},
   * replacing the one given before. {@code Auth} hands it its probes when it is built.
   */
  public void observe(AuthProbe probe) {
    this.probe = Objects.requireNonNull(probe, "probe");
  }

  /**
   * TEST ONLY, not API: a hasher with Argon2id m={@value #TEST_ONLY_MEMORY_KIB} KiB, t={@value #TEST_ONLY_ITERATIONS}
   * (far below OWASP's minimums, which {@link HashingPolicy} enforces), so that test suites do not spend tens of
   * milliseconds per hash. Its hashes are ordinary Argon2id PHC strings
   * ({@code {argon2}$argon2id$v=19$m=256,t=1,p=1$…}) that a production hasher verifies and reports as needing a
   * re-hash. Only {@code AuthBuilder} may call it, and it does so only when the test kit asked through
   * {@code dev.latchkey.auth.core.TestKitOnly}.
   *
   * @param policy concurrency and wait settings (its Argon2 cost is ignored)
   * @throws UnsupportedOperationException when called from anywhere but {@code dev.latchkey.auth.core.AuthBuilder}
   */
  public static PasswordHasher testOnlyFastHasher(HashingPolicy policy, SecureRandom random) {
    Class<?> caller = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass();
    if (!caller.getName().equals("dev.latchkey.auth.core.AuthBuilder")) {
      throw new UnsupportedOperationException("fast password hashing is for Latchkey's test kit only");
    }
    return new PasswordHasher(policy, TEST_ONLY_MEMORY_KIB, TEST_ONLY_ITERATIONS, random);
  }

  /** The policy this hasher runs with. */
  public HashingPolicy policy() {
    return policy;
  }

  /**
   * Hashes a password with Argon2id.
   *
   * @throws OverloadedException when no hashing slot frees up within the configured wait
   */
  public String hash(Password password) {
    return bounded(() -> encoder.encode(password.reveal()));
  }

  /**
   * Checks a password against a stored hash.
   *
   * @param encoded the stored hash; null (an account without a password) never matches, but costs a hash all the same
   * @throws OverloadedException when no hashing slot frees up within the configured wait
   */
  public Check verify(Password password, @Nullable String encoded) {
    if (encoded == null) {
      burnDummy(password);
      return Check.MISMATCH;
    }
    if (isBcrypt(encoded) && password.reveal().getBytes(StandardCharsets.UTF_8).length > BCRYPT_MAX_BYTES) {
      burnDummy(password); // same cost as a real check; bcrypt would have truncated
      return Check.MISMATCH;
    }
    boolean matches = bounded(() -> safeMatches(password, encoded));
    if (!matches) {
      return Check.MISMATCH;
    }
    return encoder.upgradeEncoding(encoded) ? Check.MATCH_NEEDS_REHASH : Check.MATCH;
  }

  /**
   * Whether a stored hash is in a format this hasher can check: {@code {argon2}}, {@code {bcrypt}}, {@code {pbkdf2}},
   * or prefix-less bcrypt ({@code $2a$}, {@code $2b$}, {@code $2y$}) and Argon2 ({@code $argon2…}).
   */
  public static boolean recognizes(String encoded) {
    return encoded.startsWith("{argon2}$argon2") || encoded.startsWith("{pbkdf2}") || isBcrypt(encoded)
        || encoded.startsWith("$argon2");
  }

  /** Spends the cost of one check against a hash of a random secret: the price an unknown user pays. */
  public void burnDummy(Password password) {
    String dummy = dummyHash.join(); // outside the pool: a pool thread waiting for it could wait for itself
    bounded(() -> safeMatches(password, dummy));
  }

  private boolean safeMatches(Password password, String encoded) {
    try {
      return encoder.matches(password.reveal(), encoded);
    } catch (IllegalArgumentException e) {
      return false; // an unparseable stored hash is a mismatch, never a crash (and never logged with its value)
    }
  }

  private static boolean isBcrypt(String encoded) {
    String stripped = encoded.startsWith("{bcrypt}") ? encoded.substring("{bcrypt}".length()) : encoded;
    return stripped.startsWith("$2a$") || stripped.startsWith("$2b$") || stripped.startsWith("$2y$");
  }

  /**
   * Takes a hashing slot for the calling thread before a flow does anything it would have to undo: the hashes this
   * thread then asks for (until {@link Slot#close()}) run in that slot without waiting again. A login takes its slot
   * before it counts the attempt against the account, so that a request shed for lack of capacity neither costs a
   * database lookup nor moves the account towards a lockout.
   *
   * @throws OverloadedException when no slot frees up within the configured wait
   */
  public Slot reserve() {
    if (held.get() != null) {
      return new Slot(false);
    }
    acquire();
    held.set(Boolean.TRUE);
    return new Slot(true);
  }

  /** A hashing slot held by one thread; close it (try-with-resources) on that thread. */
  public final class Slot implements AutoCloseable {
    private final boolean owner;
    private boolean closed;

    private Slot(boolean owner) {
      this.owner = owner;
    }

    /** Gives the slot back; idempotent. */
    @Override
    public void close() {
      if (owner && !closed) {
        closed = true;
        held.remove();
        slots.release();
      }
    }
  }

  private <T> T bounded(Supplier<T> work) {
    if (held.get() != null) {
      return onHashingThread(work); // inside this thread's reserved slot
    }
    acquire();
    try {
      return onHashingThread(work);
    } finally {
      slots.release();
    }
  }

  private void acquire() {
    boolean acquired;
    long start = System.nanoTime();
    try {
      acquired = slots.tryAcquire(policy.maxWait().toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      probe.hashSlotWaited(Duration.ofNanos(System.nanoTime() - start), false);
      throw new OverloadedException("interrupted while waiting for a password-hashing slot", policy.maxWait());
    }
    probe.hashSlotWaited(Duration.ofNanos(System.nanoTime() - start), acquired);
    if (!acquired) {
      throw new OverloadedException("password hashing is at capacity", policy.maxWait());
    }
  }

  private <T> T onHashingThread(Supplier<T> work) {
    Future<T> future = platformPool().submit(work::get);
    try {
      return future.get();
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new OverloadedException("interrupted while waiting for a password hash", policy.maxWait());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("password hashing failed", e.getCause());
    }
  }

  private ExecutorService platformPool() {
    ExecutorService pool = platform;
    if (pool == null) {
      synchronized (this) {
        pool = platform;
        if (pool == null) {
          AtomicInteger count = new AtomicInteger();
          pool = Executors.newFixedThreadPool(policy.maxConcurrentHashes(), r -> {
            Thread t = new Thread(r, "latchkey-hash-" + count.incrementAndGet());
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
          });
          platform = pool;
        }
      }
    }
    return pool;
  }

  /** The outcome of {@link #verify}. */
  public enum Check {
    /** The password is right and the hash is current. */
    MATCH,
    /** The password is right; the hash uses older parameters or another algorithm and should be replaced. */
    MATCH_NEEDS_REHASH,
    /** The password is wrong, or there is no usable hash. */
    MISMATCH;

    /** Whether the password was right. */
    public boolean matched() {
      return this != MISMATCH;
    }
  }

  /** The native Argon2id encoder when argon2-jvm is present and loads; empty otherwise. */
  private static Optional<PasswordEncoder> nativeArgon2(
      int memoryKib, int iterations, int parallelism, Argon2PasswordEncoder spring) {
    try {
      return NativeArgon2.load(memoryKib, iterations, parallelism, spring);
    } catch (LinkageError e) { // argon2-jvm (an optional dependency) is not on the class path
      return Optional.empty();
    }
  }

  /** The Argon2id encoder once chosen (native or Bouncy Castle). */
  private record Chosen(CompletableFuture<PasswordEncoder> choice) implements PasswordEncoder {
    @Override
    public String encode(CharSequence rawPassword) {
      return choice.join().encode(rawPassword);
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
      return choice.join().matches(rawPassword, encodedPassword);
    }

    @Override
    public boolean upgradeEncoding(String encodedPassword) {
      return choice.join().upgradeEncoding(encodedPassword);
    }
  }

  /** Matches hashes imported without a {@code {id}} prefix, chosen by their own format marker. */
  private record PrefixlessMatcher(PasswordEncoder argon2, BCryptPasswordEncoder bcrypt)
      implements PasswordEncoder {
    @Override
    public String encode(CharSequence rawPassword) {
      throw new IllegalStateException("the prefix-less matcher never encodes");
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
      if (isBcrypt(encodedPassword)) {
        return bcrypt.matches(rawPassword, encodedPassword);
      }
      if (encodedPassword.startsWith("$argon2")) {
        return argon2.matches(rawPassword, encodedPassword);
      }
      return false;
    }
  }
}
