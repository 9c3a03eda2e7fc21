package dev.latchkey.auth.core;

import dev.latchkey.auth.core.ratelimit.RateLimit;
import java.time.Duration;
import java.util.Objects;

/**
 * Login throttling.
 *
 * @param perAccount attempts per account, whichever of its identifiers is used (an identifier without an account
 *     is counted on its own, alike); exceeding it locks the account with growing lockouts, and the caller sees only
 *     {@code InvalidCredentials}. At most 100 attempts (default 10 per 15 min, lockout from 1 min doubling to 1 h).
 *     A successful login or a completed reset ends the count and any lockout but not the escalation, which decays
 *     only with time
 * @param perIp failed attempts per client address (a right password is not counted); exceeding it answers
 *     {@code RateLimited} to every login from the address until the lockout ends (default 100 per minute, lockout
 *     from 1 min doubling to 15 min)
 */
public record LoginPolicy(RateLimit perAccount, RateLimit perIp) {
  /** The highest per-account threshold allowed. */
  public static final int HIGHEST_ACCOUNT_THRESHOLD = 100;

  /** Validates the limits. */
  public LoginPolicy {
    Objects.requireNonNull(perAccount, "loginPolicy.perAccount");
    Objects.requireNonNull(perIp, "loginPolicy.perIp");
    if (perAccount.maxAttempts() > HIGHEST_ACCOUNT_THRESHOLD) {
      throw new IllegalArgumentException("loginPolicy.perAccount.maxAttempts must be at most 100");
    }
  }

  /** 10 attempts per account per 15 minutes, 100 per address per minute. */
  public static LoginPolicy defaults() {
    return new LoginPolicy(
        new RateLimit(10, Duration.ofMinutes(15), Duration.ofMinutes(1), Duration.ofHours(1)),
        new RateLimit(100, Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMinutes(15)));
  }

  /** A copy allowing {@code attempts} per account per window. */
  public LoginPolicy withAccountThreshold(int attempts) {
    return new LoginPolicy(
        new RateLimit(attempts, perAccount.window(), perAccount.lockout(), perAccount.maxLockout()), perIp);
  }

  /**
   * A copy with {@link #perAccount()} replaced by {@code perAccount} and every other component kept, validated by
   * the canonical constructor.
   *
   * @param perAccount the new value
   * @throws IllegalArgumentException when the constructor refuses the result (see the record's parameters)
   */
  public LoginPolicy withPerAccount(RateLimit perAccount) {
    return new LoginPolicy(perAccount, perIp);
  }

  /**
   * A copy with {@link #perIp()} replaced by {@code perIp} and every other component kept, validated by the
   * canonical constructor.
   *
   * @param perIp the new value
   * @throws IllegalArgumentException when the constructor refuses the result (see the record's parameters)
   */
  public LoginPolicy withPerIp(RateLimit perIp) {
    return new LoginPolicy(perAccount, perIp);
  }
}
