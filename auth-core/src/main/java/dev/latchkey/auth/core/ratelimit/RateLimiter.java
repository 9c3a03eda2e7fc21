package dev.latchkey.auth.core.ratelimit;

import java.time.Instant;
import java.util.List;

/**
 * Counts attempts per key (an account, a normalised login identifier, a client address) for lockout and throttling.
 *
 * <p>{@link #acquire} counts before the attempt is made, atomically, so that of any number of parallel attempts no
 * more than {@link RateLimit#maxAttempts()} get through. Implementations are thread-safe; state expires by the time
 * passed in.
 */
public interface RateLimiter {

  /**
   * Counts one attempt under {@code key} unless the key is locked. The attempt that would exceed the limit is denied
   * and locks the key (growing with each lockout).
   */
  RateDecision acquire(String key, RateLimit limit, Instant now);

  /**
   * Ends the key's count and lockout after a success or a completed reset, keeping how many lockouts it had until
   * that history expires (see {@link RateLimitState#release}), so the next lockout is as long as it would have been.
   * Idempotent; a key never seen stays unseen.
   */
  void reset(String key);

  /**
   * Gives back one attempt that {@link #acquire} counted at {@code countedAt} under {@code limit}, because it turned
   * out not to count (a correct login against a limit on failures). Atomic like {@code acquire}; only an attempt of
   * the key's current window is given back, never past a lockout (see {@link RateLimitState#refund}).
   */
  void refund(String key, RateLimit limit, Instant countedAt);

  /**
   * Keys starting with {@code keyPrefix} that are locked at {@code now} (an attempt would be denied until their
   * lockout ends), at most {@code limit} of them, in no particular order; for administration, may scan.
   */
  List<String> lockedKeys(String keyPrefix, Instant now, int limit);
}
