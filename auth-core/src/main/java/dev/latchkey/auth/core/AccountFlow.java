package dev.latchkey.auth.core;

import dev.latchkey.auth.core.event.AuthEvent;
import dev.latchkey.auth.core.event.AuthEventType;
import dev.latchkey.auth.core.event.EventSink;
import dev.latchkey.auth.core.mail.MailMessage;
import dev.latchkey.auth.core.mail.MailStats;
import dev.latchkey.auth.core.otp.OneTimeToken;
import dev.latchkey.auth.core.otp.TokenPurpose;
import dev.latchkey.auth.core.password.Password;
import dev.latchkey.auth.core.password.PasswordHasher;
import dev.latchkey.auth.core.password.PasswordPolicy;
import dev.latchkey.auth.core.ratelimit.RateDecision;
import dev.latchkey.auth.core.ratelimit.RateLimit;
import dev.latchkey.auth.core.token.Principal;
import dev.latchkey.auth.core.token.RawToken;
import dev.latchkey.auth.core.token.TokenHash;
import dev.latchkey.auth.core.user.Identifiers;
import dev.latchkey.auth.core.user.User;
import dev.latchkey.auth.core.user.UserId;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Self-service account flows: sign-up, email verification, password reset and change, email change, deletion. */
final class AccountFlow {
  /** Mails per address and purpose, so nobody can flood an inbox through us. */
  private static final RateLimit MAIL_LIMIT =
      new RateLimit(5, Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(24));
  /**
   * Reset mails: as many, but never locked longer than an hour (the longest login lockout), so that whoever asks for
   * links to someone else's address (they reach the owner anyway) cannot keep the owner from a reset link for long.
   */
  private static final RateLimit RESET_MAIL_LIMIT =
      new RateLimit(5, Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1));
  private static final int CAS_ATTEMPTS = 5;
  private static final java.time.Duration RECENT_LOGIN = java.time.Duration.ofMinutes(10);

  private final Stores stores;
  private final PasswordHasher hasher;
  private final PasswordPolicy passwordPolicy;
  private final AccountPolicy policy;
  private final LoginFlow logins;
  private final SessionFlow sessions;
  private final EventSink events;
  private final Clock clock;
  private final SecureRandom random;
  private final MailOutbox outbox;
  private final OAuthLinking links;
  private final MailTemplates mail;
  private final EmailChangeFlow emailChange;

  AccountFlow(Stores stores, PasswordHasher hasher, PasswordPolicy passwordPolicy, AccountPolicy policy,
      LoginFlow logins, SessionFlow sessions, EventSink events, Clock clock, SecureRandom random, MailOutbox outbox,
      OAuthLinking links) {
    this.stores = stores;
    this.hasher = hasher;
    this.passwordPolicy = passwordPolicy;
    this.policy = policy;
    this.logins = logins;
    this.sessions = sessions;
    this.events = events;
    this.clock = clock;
    this.random = random;
    this.outbox = outbox;
    this.links = links;
    this.mail = new MailTemplates(policy.baseUrl());
    this.emailChange = new EmailChangeFlow(stores, policy, mail, outbox, events, clock, random, this::mailAllowed,
        this::updateUser);
  }

  SignUpResult signUp(Registration registration, ClientInfo client) {
    if (!policy.selfRegistration()) {
      throw new RegistrationDisabledException();
    }
    if (!policy.requireEmailVerification()) {
      User user = logins.register(registration, false);
      return sessions.start(user, client).<SignUpResult>map(SignUpResult.SignedIn::new)
          .orElseGet(SignUpResult.VerificationRequired::new);
    }
    // Every rule first, and the username before the address: until the answer is decided, nothing depends on
    // whether the address is registered, so its status, body and hashing work cannot tell.
    Registration valid = validated(registration);
    if (stores.users().findByUsername(valid.username()).isPresent()) {
      throw new ConflictException("the username is taken"); // no secret, and the same for every address
    }
    Optional<User> owner = stores.users().findByEmail(valid.email());
    if (owner.isPresent()) {
      hasher.hash(Password.of(valid.password())); // costs what a real registration costs
      return existingAddress(owner.get());
    }
    User user;
    try {
      user = logins.register(valid, false);
    } catch (ConflictException e) {
      // A concurrent sign-up took the address between our check and the insert: answer as for any taken address.
      Optional<User> winner = stores.users().findByEmail(valid.email());
      if (winner.isEmpty()) {
        throw new ConflictException("the username is taken"); // the username was the conflict, which is no secret
      }
      return existingAddress(winner.get());
    }
    outbox.later(() -> sendVerification(user), "verification");
    return new SignUpResult.VerificationRequired();
  }

  /**
   * Applies every registration rule (username, email, password policy with the username and address as context words,
   * name, phone) without looking anything up.
   */
  private Registration validated(Registration registration) {
    String username = Identifiers.validUsername(registration.username());
    String email = Identifiers.validEmail(registration.email());
    passwordPolicy.check(Password.of(registration.password()), username, email).ifPresent(r -> {
      throw new WeakPasswordException(r);
    });
    return new Registration(username, email, registration.password(), Identifiers.validName(registration.name()),
        Identifiers.validPhone(registration.phone()));
  }

  /** Same answer as for a new address; the owner learns of the attempt, the caller learns nothing. */
  private SignUpResult existingAddress(User owner) {
    outbox.later(() -> {
      if (mailAllowed("signup", owner.email())) {
        send(mail.registrationAttempt(owner.email()));
      }
    }, "registration notice");
    return new SignUpResult.VerificationRequired();
  }

  void sendVerification(User user) {
    Instant now = clock.instant();
    stores.oneTimeTokens().deleteByUser(user.id(), TokenPurpose.EMAIL_VERIFICATION);
    if (user.email() == null) {
      return; // nowhere to send it
    }
    RawToken token = RawToken.generate(random);
    stores.oneTimeTokens().save(new OneTimeToken(token.hash(), TokenPurpose.EMAIL_VERIFICATION, user.id(),
        Map.of("email", Identifiers.normalize(user.email())), now.plus(policy.verificationTtl())));
    send(mail.verification(user.email(), user.username(), token));
    events.emit(AuthEvent.of(AuthEventType.EMAIL_VERIFICATION_SENT, now).user(user.id()));
  }

  /** Consumes a verification link, or a link confirming a new address (the change then takes effect). */
  boolean verifyEmail(String token) {
    TokenHash hash = RawToken.of(token).hash();
    Optional<OneTimeToken> consumed = stores.oneTimeTokens().consume(hash, TokenPurpose.EMAIL_VERIFICATION);
    if (consumed.isEmpty()) {
      return emailChange.confirm(hash).isPresent();
    }
    if (consumed.get().userId() == null) {
      return false;
    }
    String boundEmail = consumed.get().attributes().get("email");
    Optional<User> updated = updateUser(consumed.get().userId(), u -> {
      if (boundEmail == null || u.email() == null || !boundEmail.equals(Identifiers.normalize(u.email()))) {
        return null; // the address changed since the link was sent
      }
      return u.emailVerified() ? u : u.withEmail(u.email(), true);
    });
    updated.ifPresent(u -> events.emit(AuthEvent.of(AuthEventType.EMAIL_VERIFIED, clock.instant()).user(u.id())));
    updated.ifPresent(links::ownershipProven);
    return updated.isPresent();
  }

  /** Answers alike for every address: what an unverified account costs more (a link, mail) runs after the answer. */
  void resendVerification(String email) {
    stores.users().findByEmail(email).filter(u -> !u.emailVerified() && u.active())
        .ifPresent(u -> outbox.later(() -> {
          if (mailAllowed("verify", u.email())) {
            sendVerification(u);
          }
        }, "verification"));
  }

  /** Answers alike for every address: what an account costs more (a counter, a link, mail) runs after the answer. */
  void requestPasswordReset(String email) {
    stores.users().findByEmail(email).filter(User::active)
        .ifPresent(u -> outbox.later(() -> sendResetLink(u), "password reset"));
  }

  private void sendResetLink(User user) {
    if (!mailAllowed("reset", user.email())) {
      return; // indistinguishable from a sent link: same result, no mail, no event naming the address
    }
    Instant now = clock.instant();
    RawToken token = RawToken.generate(random);
    stores.oneTimeTokens().save(new OneTimeToken(token.hash(), TokenPurpose.PASSWORD_RESET, user.id(),
        Map.of(), now.plus(policy.resetTtl())));
    send(mail.passwordReset(user.email(), user.username(), token));
    events.emit(AuthEvent.of(AuthEventType.PASSWORD_RESET_REQUESTED, now).user(user.id()));
  }

  boolean resetPassword(String token, String newPassword) {
    Password password = Password.of(newPassword);
    passwordPolicy.check(password).ifPresent(r -> {
      throw new WeakPasswordException(r);
    });
    Optional<OneTimeToken> consumed =
        stores.oneTimeTokens().consume(RawToken.of(token).hash(), TokenPurpose.PASSWORD_RESET);
    if (consumed.isEmpty() || consumed.get().userId() == null) {
      return false;
    }
    Optional<User> user = stores.users().findById(consumed.get().userId());
    if (user.isEmpty() || !user.get().active()) {
      return false;
    }
    var rejection = passwordPolicy.check(password, user.get().username(), user.get().email());
    if (rejection.isPresent()) {
      stores.oneTimeTokens().save(consumed.get()); // let the owner try again with a better password
      throw new WeakPasswordException(rejection.get());
    }
    String hash = hasher.hash(password);
    User changed = updateUser(user.get().id(), u -> u.withPasswordHash(hash).withPasswordChangeRequired(false))
        .orElseThrow(
        () -> new NotFoundException("the user no longer exists"));
    sessions.logoutEverywhere(changed.id());
    credentialsChanged(changed.id());
    liftLockout(changed);
    links.ownershipProven(changed);
    notify(changed.email(), to -> mail.passwordChanged(to, changed.username()));
    events.emit(AuthEvent.of(AuthEventType.PASSWORD_RESET_COMPLETED, clock.instant()).user(changed.id()));
    return true;
  }

  AccountUpdate changePassword(Principal principal, String current, String newPassword) {
    User user = requireUser(principal.userId());
    Password password = Password.of(newPassword);
    passwordPolicy.check(password, user.username(), user.email()).ifPresent(r -> {
      throw new WeakPasswordException(r);
    });
    if (!currentPasswordMatches(user, current)) {
      return new AccountUpdate.WrongPassword();
    }
    String hash = hasher.hash(password);
    User changed = updateUser(user.id(), u -> u.withPasswordHash(hash).withPasswordChangeRequired(false)).orElseThrow(
        () -> new NotFoundException("the user no longer exists"));
    sessions.revokeOtherSessions(changed.id(), principal.sessionId());
    credentialsChanged(changed.id());
    notify(changed.email(), to -> mail.passwordChanged(to, changed.username()));
    events.emit(AuthEvent.of(AuthEventType.PASSWORD_CHANGED, clock.instant()).user(changed.id())
        .session(principal.sessionId()));
    return new AccountUpdate.Done(changed);
  }

  AccountUpdate changeEmail(Principal principal, String newEmail, String current) {
    User user = requireUser(principal.userId());
    String email = Identifiers.validEmail(newEmail);
    if (!currentPasswordMatches(user, current)) {
      return new AccountUpdate.WrongPassword();
    }
    if (user.email() != null && Identifiers.normalize(email).equals(Identifiers.normalize(user.email()))) {
      emailChange.cancel(user.id()); // changing back to the current address withdraws a pending change
      return new AccountUpdate.Done(user);
    }
    return emailChange.request(user, email);
  }

  /**
   * After the password or the address changed (by the user, a reset, or an administrator): reset links and a pending
   * email change requested before it stop working, since whoever asked for them may be who the change shuts out.
   */
  void credentialsChanged(UserId userId) {
    stores.oneTimeTokens().deleteByUser(userId, TokenPurpose.PASSWORD_RESET);
    emailChange.cancel(userId);
  }

  User updateProfile(UserId userId, @Nullable String name, @Nullable String phone) {
    String validName = Identifiers.validName(name);
    String validPhone = Identifiers.validPhone(phone);
    User changed = updateUser(userId, u -> u.withProfile(validName, validPhone)).orElseThrow(
        () -> new NotFoundException("the user does not exist"));
    events.emit(AuthEvent.of(AuthEventType.PROFILE_UPDATED, clock.instant()).user(userId));
    return changed;
  }

  /** Whether this session began with a provider login at most ten minutes ago (read from the audit log). */
  private boolean recentProviderLogin(Principal principal) {
    if (principal.sessionId() == null) {
      return false;
    }
    java.time.Instant since = clock.instant().minus(RECENT_LOGIN);
    return stores.eventLog().query(new dev.latchkey.auth.core.event.EventQuery(principal.userId(),
            AuthEventType.LOGIN_SUCCEEDED, 50)).stream()
        .anyMatch(e -> principal.sessionId().equals(e.sessionId()) && e.details().containsKey("provider")
            && !e.at().isBefore(since));
  }

  AccountUpdate deleteAccount(Principal principal, @Nullable String current) {
    User user = requireUser(principal.userId());
    if (!user.hasPassword()) {
      if (!recentProviderLogin(principal)) {
        return new AccountUpdate.ReauthenticationRequired();
      }
    } else if (current == null || !currentPasswordMatches(user, current)) {
      return new AccountUpdate.WrongPassword();
    }
    deleteUserData(user);
    events.emit(AuthEvent.of(AuthEventType.ACCOUNT_DELETED, clock.instant()).user(user.id()));
    return new AccountUpdate.Done(user);
  }

  /** Removes the user from every store; the user record goes first so the last-admin guard can refuse it all. */
  void deleteUserData(User user) {
    if (!stores.users().delete(user.id())) {
      return;
    }
    sessions.logoutEverywhere(user.id());
    stores.roleAssignments().removeUser(user.id());
    stores.oauthAccounts().deleteByUser(user.id());
    stores.oneTimeTokens().deleteByUser(user.id(), TokenPurpose.EMAIL_VERIFICATION);
    stores.oneTimeTokens().deleteByUser(user.id(), TokenPurpose.PASSWORD_RESET);
    emailChange.cancel(user.id());
    liftLockout(user);
  }

  /** Applies {@code change} with compare-and-set, retrying on concurrent edits; a null change means "refuse". */
  Optional<User> updateUser(UserId id, Function<User, @Nullable User> change) {
    for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      Optional<User> current = stores.users().findById(id);
      if (current.isEmpty()) {
        return Optional.empty();
      }
      User next = change.apply(current.get());
      if (next == null) {
        return Optional.empty();
      }
      if (next == current.get() || stores.users().update(next, current.get().version())) {
        return Optional.of(next);
      }
    }
    throw new ConflictException("the user was changed concurrently; try again");
  }

  private boolean currentPasswordMatches(User user, String current) {
    return logins.checkPassword(user, current);
  }

  private User requireUser(UserId id) {
    return stores.users().findById(id).orElseThrow(() -> new NotFoundException("the user does not exist"));
  }

  private void liftLockout(User user) {
    stores.rateLimiter().reset(LoginFlow.accountKey(user.id()));
  }

  private boolean mailAllowed(String purpose, String email) {
    String key = "mail:" + purpose + ":" + Identifiers.normalize(email);
    RateLimit limit = "reset".equals(purpose) ? RESET_MAIL_LIMIT : MAIL_LIMIT;
    return stores.rateLimiter().acquire(key, limit, clock.instant()) instanceof RateDecision.Allowed;
  }

  /** Queues a message to {@code address}; an account without an address gets none. */
  private void notify(@Nullable String address, Function<String, MailMessage> message) {
    if (address != null) {
      send(message.apply(address));
    }
  }

  /** Queues the message: the request answers before any mail server is involved. */
  private void send(MailMessage message) {
    outbox.send(message);
  }

  /** What became of the mail sent so far. */
  long mailPending() {
    return outbox.pending();
  }

  MailStats mailStats() {
    return outbox.stats();
  }
}
