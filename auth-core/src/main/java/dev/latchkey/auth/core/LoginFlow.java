package dev.latchkey.auth.core;

import dev.latchkey.auth.core.event.AuthEvent;
import dev.latchkey.auth.core.event.AuthEventType;
import dev.latchkey.auth.core.event.EventSink;
import dev.latchkey.auth.core.password.Password;
import dev.latchkey.auth.core.password.PasswordHasher;
import dev.latchkey.auth.core.password.PasswordPolicy;
import dev.latchkey.auth.core.ratelimit.RateDecision;
import dev.latchkey.auth.core.ratelimit.RateLimiter;
import dev.latchkey.auth.core.user.Identifiers;
import dev.latchkey.auth.core.user.User;
import dev.latchkey.auth.core.user.UserId;
import dev.latchkey.auth.core.user.UserStore;
import java.time.Clock;
import java.time.Instant;
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

  private final UserStore users;
  private final RateLimiter limiter;
  private final PasswordHasher hasher;
  private final PasswordPolicy passwordPolicy;
  private final LoginPolicy loginPolicy;
  private final SessionFlow sessions;
  private final EventSink events;
  private final Clock clock;
  private final boolean requireVerifiedEmail;

  LoginFlow(UserStore users, RateLimiter limiter, PasswordHasher hasher, PasswordPolicy passwordPolicy,
      LoginPolicy loginPolicy, SessionFlow sessions, EventSink events, Clock clock, boolean requireVerifiedEmail) {
    this.users = users;
    this.limiter = limiter;
    this.hasher = hasher;
    this.passwordPolicy = passwordPolicy;
    this.loginPolicy = loginPolicy;
    this.sessions = sessions;
    this.events = events;
    this.clock = clock;
    this.requireVerifiedEmail = requireVerifiedEmail;
  }

  /** The rate-limiter key counting attempts against an account identifier (username or email). */
  static String accountKey(String identifier) {
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

  LoginResult login(String identifier, String rawPassword, ClientInfo client) {
    Instant now = clock.instant();
    String ip = client.ip();
    if (ip != null && limiter.acquire("login:ip:" + ip, loginPolicy.perIp(), now)
        instanceof RateDecision.Denied denied) {
      events.emit(AuthEvent.of(AuthEventType.LOGIN_THROTTLED, now).ip(ip));
      return new LoginResult.RateLimited(denied.retryAfter());
    }
    User user;
    try (PasswordHasher.Slot slot = hasher.reserve()) { // shed here: before the attempt counts or costs a lookup
      String normalized = Identifiers.normalize(identifier);
      if (normalized.length() > MAX_IDENTIFIER) { // no account has one: fail before it becomes a limiter key
        return failed(now, null, ip, "malformed");
      }
      String accountKey = accountKey(normalized);
      if (limiter.acquire(accountKey, loginPolicy.perAccount(), now) instanceof RateDecision.Denied) {
        return failed(now, null, ip, "locked");
      }
      if (rawPassword.length() > MAX_LOGIN_PASSWORD || normalized.isEmpty()) {
        return failed(now, null, ip, "malformed");
      }
      Password password = Password.of(rawPassword);
      Optional<User> found = Identifiers.looksLikeEmail(normalized)
          ? users.findByEmail(normalized)
          : users.findByUsername(normalized);
      if (found.isEmpty()) {
        hasher.burnDummy(password); // an unknown user costs what a known one does
        return failed(now, null, ip, "unknown");
      }
      User stored = found.get();
      PasswordHasher.Check check = hasher.verify(password, stored.passwordHash());
      if (!check.matched()) {
        return failed(now, stored.id(), ip, "password");
      }
      if (!stored.active()) {
        return failed(now, stored.id(), ip, "disabled");
      }
      if (requireVerifiedEmail && !stored.emailVerified()) {
        return failed(now, stored.id(), ip, "unverified");
      }
      limiter.reset(accountKey);
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
      return new LoginResult.SessionLimitReached();
    }
    AuthTokens tokens = started.get();
    events.emit(AuthEvent.of(AuthEventType.LOGIN_SUCCEEDED, now).user(user.id()).session(tokens.sessionId()).ip(ip));
    return new LoginResult.Success(tokens);
  }

  /**
   * Checks a signed-in user's current password before a sensitive change. It counts as a login attempt against the
   * account (so it cannot be used to guess), and a success resets the count.
   */
  boolean checkPassword(User user, String rawPassword) {
    String key = accountKey(user.username());
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
    events.emit(AuthEvent.of(AuthEventType.LOGIN_FAILED, now).user(userId).ip(ip).with("reason", reason));
    return new LoginResult.InvalidCredentials();
  }

}
