package dev.latchkey.auth.core;

import dev.latchkey.auth.core.event.AuthEvent;
import dev.latchkey.auth.core.event.AuthEventType;
import dev.latchkey.auth.core.event.EventSink;
import dev.latchkey.auth.core.otp.OneTimeToken;
import dev.latchkey.auth.core.otp.OneTimeTokenStore;
import dev.latchkey.auth.core.otp.TokenPurpose;
import dev.latchkey.auth.core.password.Password;
import dev.latchkey.auth.core.password.PasswordHasher;
import dev.latchkey.auth.core.password.PasswordPolicy;
import dev.latchkey.auth.core.ratelimit.RateDecision;
import dev.latchkey.auth.core.ratelimit.RateLimiter;
import dev.latchkey.auth.core.token.RawToken;
import dev.latchkey.auth.core.user.Identifiers;
import dev.latchkey.auth.core.user.User;
import dev.latchkey.auth.core.user.UserId;
import dev.latchkey.auth.core.user.UserStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Registration and password login. */
final class LoginFlow {
  private static final Logger LOG = LoggerFactory.getLogger(LoginFlow.class);
  /** Longer login input cannot match any stored password; refuse it before hashing megabytes. */
  private static final int MAX_LOGIN_PASSWORD = 4 * PasswordPolicy.HIGHEST_MAXIMUM;
  /** No username (64) or email (254) is longer; the stores' limiter keys are sized for this. */
  static final int MAX_IDENTIFIER = 254;

  /** How long the credential for setting a new password, handed out by a login that needs one, works. */
  static final Duration PASSWORD_CHANGE_TTL = Duration.ofMinutes(10);

  private final UserStore users;
  private final RateLimiter limiter;
  private final OneTimeTokenStore oneTimeTokens;
  private final SecureRandom random;
  private final PasswordHasher hasher;
  private final PasswordPolicy passwordPolicy;
  private final LoginPolicy loginPolicy;
  private final SessionFlow sessions;
  private final EventSink events;
  private final Clock clock;
  private final boolean requireVerifiedEmail;

  LoginFlow(Stores stores, PasswordHasher hasher, PasswordPolicy passwordPolicy, LoginPolicy loginPolicy,
      SessionFlow sessions, EventSink events, Clock clock, SecureRandom random, boolean requireVerifiedEmail) {
    this.users = stores.users();
    this.limiter = stores.rateLimiter();
    this.oneTimeTokens = stores.oneTimeTokens();
    this.random = random;
    this.hasher = hasher;
    this.passwordPolicy = passwordPolicy;
    this.loginPolicy = loginPolicy;
    this.sessions = sessions;
    this.events = events;
    this.clock = clock;
    this.requireVerifiedEmail = requireVerifiedEmail;
  }

  /** The rate-limiter key counting failed attempts against an account, whichever identifier named it. */
  static String accountKey(UserId user) {
    return ACCOUNT_KEY_PREFIX + user;
  }

  /** The prefix of {@link #accountKey}. */
  static final String ACCOUNT_KEY_PREFIX = "login:user:";

  /** The rate-limiter key counting attempts against an identifier that names no account. */
  static String identifierKey(String identifier) {
    return "login:id:" + Identifiers.normalize(identifier);
  }

  User register(Registration registration, boolean emailVerified) {
    String username = Identifiers.validUsername(registration.username());
    String email = Identifiers.validEmail(registration.email());
    Password password = Password.of(registration.password());
    passwordPolicy.check(password, username, email).ifPresent(r -> {
      throw new WeakPasswordException(r);
    });
    if (users.findByUsername(username).isPresent() || users.findByEmail(email).isPresent()) {
      throw new ConflictException("the username or email is taken");
    }
    Instant now = clock.instant();
    User user = new User(UserId.random(), username, email, emailVerified, Identifiers.validName(registration.name()),
        Identifiers.validPhone(registration.phone()), true, false, hasher.hash(password), false, now, null, 1);
    users.create(user); // the store's uniqueness check decides races between concurrent registrations
    events.emit(AuthEvent.of(AuthEventType.USER_REGISTERED, now).user(user.id()));
    return user;
  }

  /**
   * A password login. Attempts are counted against the client address before the password is checked and given
   * back when it was right, so only failures fill the per-address budget (exact under concurrency: a failure is
   * counted before it is made). Failures are counted against the resolved account, so that its username and email
   * share one budget, and against the identifier itself when it names no account, alike.
   */
  LoginResult login(String identifier, String rawPassword, ClientInfo client) {
    Instant now = clock.instant();
    String ip = client.ip();
    String ipKey = ip == null ? null : "login:ip:" + ip;
    if (ipKey != null && limiter.acquire(ipKey, loginPolicy.perIp(), now) instanceof RateDecision.Denied denied) {
      events.emit(AuthEvent.of(AuthEventType.LOGIN_THROTTLED, now).ip(ip));
      return new LoginResult.RateLimited(denied.retryAfter());
    }
    Attempt attempt = attempt(identifier, rawPassword, client, now);
    if (ipKey != null && attempt.passwordMatched()) {
      limiter.refund(ipKey, loginPolicy.perIp(), now); // a right password is no failure
    }
    return attempt.result();
  }

  /** What an attempt decided, and whether the password was right (which the per-address limit does not count). */
  private record Attempt(LoginResult result, boolean passwordMatched) {
    static Attempt failed(LoginResult result) {
      return new Attempt(result, false);
    }
  }

  private Attempt attempt(String identifier, String rawPassword, ClientInfo client, Instant now) {
    String ip = client.ip();
    User user;
    try (PasswordHasher.Slot slot = hasher.reserve()) { // shed here: before the attempt counts or costs a lookup
      String normalized = Identifiers.normalize(identifier);
      if (normalized.length() > MAX_IDENTIFIER) { // no account has one: fail before it becomes a limiter key
        return Attempt.failed(failed(now, null, ip, "malformed"));
      }
      Optional<User> found = normalized.isEmpty() ? Optional.empty()
          : Identifiers.looksLikeEmail(normalized) ? users.findByEmail(normalized) : users.findByUsername(normalized);
      String accountKey = found.map(u -> accountKey(u.id())).orElseGet(() -> identifierKey(normalized));
      RateDecision accountDecision = limiter.acquire(accountKey, loginPolicy.perAccount(), now);
      if (accountDecision instanceof RateDecision.Denied) {
        return Attempt.failed(failed(now, found.map(User::id).orElse(null), ip, "locked"));
      }
      // A failure from here on that spends the account's last attempt in its window locks the next one out.
      boolean last = accountDecision instanceof RateDecision.Allowed allowed && allowed.remaining() == 0;
      if (rawPassword.length() > MAX_LOGIN_PASSWORD || normalized.isEmpty()) {
        return Attempt.failed(failed(now, null, ip, "malformed", last));
      }
      Password password = Password.of(rawPassword);
      if (found.isEmpty()) {
        hasher.burnDummy(password); // an unknown user costs what a known one does
        return Attempt.failed(failed(now, null, ip, "unknown", last));
      }
      User stored = found.get();
      PasswordHasher.Check check = hasher.verify(password, stored.passwordHash());
      if (!check.matched()) {
        return Attempt.failed(failed(now, stored.id(), ip, "password", last));
      }
      if (!stored.active()) {
        return Attempt.failed(failed(now, stored.id(), ip, "disabled", last));
      }
      if (requireVerifiedEmail && !stored.emailVerified()) {
        return Attempt.failed(failed(now, stored.id(), ip, "unverified", last));
      }
      limiter.reset(accountKey);
      if (stored.passwordChangeRequired()) {
        return new Attempt(passwordChangeRequired(stored, ip, now), true);
      }
      User updated = check == PasswordHasher.Check.MATCH_NEEDS_REHASH
          ? stored.withPasswordHash(hasher.hash(password)).withLastLoginAt(now)
          : stored.withLastLoginAt(now);
      if (users.update(updated, stored.version())) {
        if (check == PasswordHasher.Check.MATCH_NEEDS_REHASH) {
          events.emit(AuthEvent.of(AuthEventType.PASSWORD_REHASHED, now).user(stored.id()));
        }
        user = updated;
      } else {
        LOG.debug("User {} changed during login; last-login time and re-hash skipped", stored.id());
        user = stored;
      }
    } // the slot is free again before the session starts and its token is signed
    Optional<AuthTokens> started = sessions.start(user, client);
    if (started.isEmpty()) {
      return new Attempt(new LoginResult.SessionLimitReached(), true);
    }
    AuthTokens tokens = started.get();
    events.emit(AuthEvent.of(AuthEventType.LOGIN_SUCCEEDED, now).user(user.id()).session(tokens.sessionId()).ip(ip));
    return new Attempt(new LoginResult.Success(tokens), true);
  }

  /**
   * The right password of an account that must choose a new one first: no session, only a short-lived single-use
   * credential (a password-reset token, stored hashed) with which the owner sets the new password.
   */
  private LoginResult passwordChangeRequired(User user, @Nullable String ip, Instant now) {
    RawToken token = RawToken.generate(random);
    oneTimeTokens.save(new OneTimeToken(token.hash(), TokenPurpose.PASSWORD_RESET, user.id(), Map.of(),
        now.plus(PASSWORD_CHANGE_TTL)));
    events.emit(AuthEvent.of(AuthEventType.PASSWORD_RESET_REQUESTED, now).user(user.id()).ip(ip)
        .with("reason", "password_change_required"));
    return new LoginResult.PasswordChangeRequired(token, PASSWORD_CHANGE_TTL);
  }

  /**
   * Checks a signed-in user's current password before a sensitive change. It counts as a login attempt against the
   * account (so it cannot be used to guess), and a success resets the count.
   */
  boolean checkPassword(User user, String rawPassword) {
    String key = accountKey(user.id());
    Instant now = clock.instant();
    if (limiter.acquire(key, loginPolicy.perAccount(), now) instanceof RateDecision.Denied
        || rawPassword.length() > MAX_LOGIN_PASSWORD) {
      return false;
    }
    if (!hasher.verify(Password.of(rawPassword), user.passwordHash()).matched()) {
      events.emit(AuthEvent.of(AuthEventType.LOGIN_FAILED, now).user(user.id()).with("reason", "current_password"));
      return false;
    }
    limiter.reset(key);
    return true;
  }

  private LoginResult failed(Instant now, @Nullable UserId userId, @Nullable String ip, String reason) {
    return failed(now, userId, ip, reason, false);
  }

  /**
   * A refused login; {@code lastAttempt} when it spent the last attempt the account (or the identifier, when it names
   * none) had in its window, so that the next one is locked out: the event then says {@code lockout=armed}.
   */
  private LoginResult failed(Instant now, @Nullable UserId userId, @Nullable String ip, String reason,
      boolean lastAttempt) {
    AuthEvent event = AuthEvent.of(AuthEventType.LOGIN_FAILED, now).user(userId).ip(ip).with("reason", reason);
    events.emit(lastAttempt ? event.with("lockout", "armed") : event);
    return new LoginResult.InvalidCredentials();
  }

  /** The event sink of this instance (its probes are {@code Auth}'s). */
  EventSink events() {
    return events;
  }

  /** The password hasher of this instance. */
  PasswordHasher hasher() {
    return hasher;
  }

}
