package dev.latchkey.auth.core;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Self-service account rules.
 *
 * @param selfRegistration whether {@link Auth#signUp} is open (default true)
 * @param requireEmailVerification whether a new account must verify its email before it can log in (default false)
 * @param baseUrl the public base URL emailed links are built from, never a request's Host header (default
 *     {@code http://localhost:8080})
 * @param verificationTtl how long an email-verification link works (default 24 h)
 * @param resetTtl how long a password-reset link works (default 1 h)
 * @param maxSessionsPerUser concurrent sessions allowed per user; 0 for no limit (default 0)
 * @param sessionLimit what a login beyond the limit does (default: evict the oldest session)
 * @param adminBootstrap the first administrator to create when none exists, or null to create none
 */
public record AccountPolicy(
    boolean selfRegistration,
    boolean requireEmailVerification,
    URI baseUrl,
    Duration verificationTtl,
    Duration resetTtl,
    int maxSessionsPerUser,
    SessionLimit sessionLimit,
    @Nullable AdminBootstrap adminBootstrap) {

  /** Validates the settings. */
  public AccountPolicy {
    Objects.requireNonNull(baseUrl, "accountPolicy.baseUrl");
    Objects.requireNonNull(verificationTtl, "accountPolicy.verificationTtl");
    Objects.requireNonNull(resetTtl, "accountPolicy.resetTtl");
    Objects.requireNonNull(sessionLimit, "accountPolicy.sessionLimit");
    if (!"https".equals(baseUrl.getScheme()) && !"http".equals(baseUrl.getScheme()) || baseUrl.getHost() == null) {
      throw new IllegalArgumentException("accountPolicy.baseUrl must be an absolute http(s) URL");
    }
    if (verificationTtl.isNegative() || verificationTtl.isZero() || resetTtl.isNegative() || resetTtl.isZero()) {
      throw new IllegalArgumentException("accountPolicy.verificationTtl and resetTtl must be positive");
    }
    if (resetTtl.compareTo(Duration.ofHours(24)) > 0) {
      throw new IllegalArgumentException("accountPolicy.resetTtl must be at most 24 hours");
    }
    if (maxSessionsPerUser < 0) {
      throw new IllegalArgumentException("accountPolicy.maxSessionsPerUser must not be negative");
    }
  }

  /** Open registration without required verification, links to {@code http://localhost:8080}, no session limit. */
  public static AccountPolicy defaults() {
    return new AccountPolicy(true, false, URI.create("http://localhost:8080"), Duration.ofHours(24),
        Duration.ofHours(1), 0, SessionLimit.EVICT_OLDEST, null);
  }

  /** A copy with self-registration on or off. */
  public AccountPolicy withSelfRegistration(boolean open) {
    return new AccountPolicy(open, requireEmailVerification, baseUrl, verificationTtl, resetTtl, maxSessionsPerUser,
        sessionLimit, adminBootstrap);
  }

  /** A copy requiring (or not) email verification before login. */
  public AccountPolicy withRequiredEmailVerification(boolean required) {
    return new AccountPolicy(selfRegistration, required, baseUrl, verificationTtl, resetTtl, maxSessionsPerUser,
        sessionLimit, adminBootstrap);
  }

  /** A copy building links from {@code url}. */
  public AccountPolicy withBaseUrl(URI url) {
    return new AccountPolicy(selfRegistration, requireEmailVerification, url, verificationTtl, resetTtl,
        maxSessionsPerUser, sessionLimit, adminBootstrap);
  }

  /** A copy limiting each user to {@code max} sessions, enforced by {@code mode}. */
  public AccountPolicy withSessionLimit(int max, SessionLimit mode) {
    return new AccountPolicy(selfRegistration, requireEmailVerification, baseUrl, verificationTtl, resetTtl, max,
        mode, adminBootstrap);
  }

  /** A copy that creates this first administrator when no active one exists. */
  public AccountPolicy withAdminBootstrap(AdminBootstrap bootstrap) {
    return new AccountPolicy(selfRegistration, requireEmailVerification, baseUrl, verificationTtl, resetTtl,
        maxSessionsPerUser, sessionLimit, bootstrap);
  }

  /**
   * A copy with {@link #verificationTtl()} replaced by {@code verificationTtl} and every other component kept,
   * validated by the canonical constructor.
   *
   * @param verificationTtl the new value
   * @throws IllegalArgumentException when the constructor refuses the result (see the record's parameters)
   */
  public AccountPolicy withVerificationTtl(Duration verificationTtl) {
    return new AccountPolicy(selfRegistration, requireEmailVerification, baseUrl, verificationTtl, resetTtl,
        maxSessionsPerUser, sessionLimit, adminBootstrap);
  }

  /**
   * A copy with {@link #resetTtl()} replaced by {@code resetTtl} and every other component kept, validated by the
   * canonical constructor.
   *
   * @param resetTtl the new value
   * @throws IllegalArgumentException when the constructor refuses the result (see the record's parameters)
   */
  public AccountPolicy withResetTtl(Duration resetTtl) {
    return new AccountPolicy(selfRegistration, requireEmailVerification, baseUrl, verificationTtl, resetTtl,
        maxSessionsPerUser, sessionLimit, adminBootstrap);
  }

  /**
   * A copy with {@link #maxSessionsPerUser()} replaced by {@code maxSessionsPerUser} and every other component kept,
   * validated by the canonical constructor.
   *
   * @param maxSessionsPerUser the new value
   * @throws IllegalArgumentException when the constructor refuses the result (see the record's parameters)
   */
  public AccountPolicy withMaxSessionsPerUser(int maxSessionsPerUser) {
    return new AccountPolicy(selfRegistration, requireEmailVerification, baseUrl, verificationTtl, resetTtl,
        maxSessionsPerUser, sessionLimit, adminBootstrap);
  }

  /**
   * A copy with {@link #sessionLimit()} replaced by {@code sessionLimit} and every other component kept, validated
   * by the canonical constructor.
   *
   * @param sessionLimit the new value
   * @throws IllegalArgumentException when the constructor refuses the result (see the record's parameters)
   */
  public AccountPolicy withSessionLimit(SessionLimit sessionLimit) {
    return new AccountPolicy(selfRegistration, requireEmailVerification, baseUrl, verificationTtl, resetTtl,
        maxSessionsPerUser, sessionLimit, adminBootstrap);
  }

  /** What a login beyond {@link #maxSessionsPerUser()} does. */
  public enum SessionLimit {
    /** The user's oldest sessions end to make room. */
    EVICT_OLDEST,
    /** The login is refused ({@link LoginResult.SessionLimitReached}). */
    REFUSE
  }

  /**
   * The first administrator.
   *
   * @param username its username
   * @param email its email
   * @param password its password; null generates a random one-time password, reported once through the log
   */
  public record AdminBootstrap(String username, String email, @Nullable String password) {
    /** Requires username and email. */
    public AdminBootstrap {
      Objects.requireNonNull(username, "adminBootstrap.username");
      Objects.requireNonNull(email, "adminBootstrap.email");
    }

    @Override
    public String toString() {
      return "AdminBootstrap[username=" + username + ", email=" + email + ", password="
          + (password == null ? "generated" : "redacted") + "]";
    }
  }
}
