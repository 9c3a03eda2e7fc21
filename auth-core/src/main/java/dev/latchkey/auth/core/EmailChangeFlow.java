package dev.latchkey.auth.core;

import dev.latchkey.auth.core.event.AuthEvent;
import dev.latchkey.auth.core.event.AuthEventType;
import dev.latchkey.auth.core.event.EventSink;
import dev.latchkey.auth.core.otp.OneTimeToken;
import dev.latchkey.auth.core.otp.TokenPurpose;
import dev.latchkey.auth.core.token.RawToken;
import dev.latchkey.auth.core.token.TokenHash;
import dev.latchkey.auth.core.user.Identifiers;
import dev.latchkey.auth.core.user.User;
import dev.latchkey.auth.core.user.UserId;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A self-service email change, which takes effect only when the new address proves itself:
 * <ol>
 *   <li>{@link #request}: the account keeps its address (and it stays the login and the target of reset links); the new
 *       address gets a link ({@link TokenPurpose#EMAIL_CHANGE}, bound to the user, the new address and the current
 *       one); the current address gets a notice. One change is pending at a time: a new request replaces the link.</li>
 *   <li>{@link #confirm}: if the account still has the address the link was sent from and the new address is still
 *       free, the address switches and counts as verified; reset links and verification links sent before die, and
 *       the old address is told.</li>
 *   <li>{@link #cancel}: a password change or reset, or an administrator's change, drops the pending change (whoever
 *       requested it knew the old password).</li>
 * </ol>
 */
final class EmailChangeFlow {
  private static final String NEW_EMAIL = "new_email";
  private static final String FROM_EMAIL = "email";

  private final Stores stores;
  private final AccountPolicy policy;
  private final MailTemplates mail;
  private final MailOutbox outbox;
  private final EventSink events;
  private final Clock clock;
  private final SecureRandom random;
  private final BiPredicate<String, String> mailAllowed;
  private final BiFunction<UserId, Function<User, @Nullable User>, Optional<User>> updateUser;

  EmailChangeFlow(Stores stores, AccountPolicy policy, MailTemplates mail, MailOutbox outbox, EventSink events,
      Clock clock, SecureRandom random, BiPredicate<String, String> mailAllowed,
      BiFunction<UserId, Function<User, @Nullable User>, Optional<User>> updateUser) {
    this.stores = stores;
    this.policy = policy;
    this.mail = mail;
    this.outbox = outbox;
    this.events = events;
    this.clock = clock;
    this.random = random;
    this.mailAllowed = mailAllowed;
    this.updateUser = updateUser;
  }

  /**
   * Starts a change to {@code email} (validated, another than the user's) after the password was checked.
   *
   * @throws ConflictException when another account has the address
   */
  AccountUpdate request(User user, String email) {
    if (stores.users().findByEmail(email).filter(u -> !u.id().equals(user.id())).isPresent()) {
      throw new ConflictException("the email is taken");
    }
    Instant now = clock.instant();
    cancel(user.id());
    RawToken token = RawToken.generate(random);
    String from = user.email();
    stores.oneTimeTokens().save(new OneTimeToken(token.hash(), TokenPurpose.EMAIL_CHANGE, user.id(),
        from == null ? Map.of(NEW_EMAIL, email) : Map.of(NEW_EMAIL, email, FROM_EMAIL, Identifiers.normalize(from)),
        now.plus(policy.verificationTtl())));
    if (mailAllowed.test("change", email)) {
      outbox.send(mail.emailChangeVerification(email, user.username(), token));
    }
    if (from != null) {
      outbox.send(mail.emailChangeRequested(from, user.username(), email));
    }
    events.emit(AuthEvent.of(AuthEventType.EMAIL_VERIFICATION_SENT, now).user(user.id())
        .with("purpose", TokenPurpose.EMAIL_CHANGE.name()));
    return new AccountUpdate.EmailChangePending(user, email);
  }

  /** Drops the user's pending change, if any. */
  void cancel(UserId userId) {
    stores.oneTimeTokens().deleteByUser(userId, TokenPurpose.EMAIL_CHANGE);
  }

  /** Consumes a change link; the user with the new address, or empty when the link or the change is no longer good. */
  Optional<User> confirm(TokenHash hash) {
    Optional<OneTimeToken> consumed = stores.oneTimeTokens().consume(hash, TokenPurpose.EMAIL_CHANGE);
    if (consumed.isEmpty() || consumed.get().userId() == null || consumed.get().attributes().get(NEW_EMAIL) == null) {
      return Optional.empty();
    }
    UserId userId = consumed.get().userId();
    String email = consumed.get().attributes().get(NEW_EMAIL);
    String from = consumed.get().attributes().get(FROM_EMAIL);
    if (stores.users().findByEmail(email).filter(u -> !u.id().equals(userId)).isPresent()) {
      return Optional.empty(); // taken since the request: the account keeps its address
    }
    String[] previous = new String[1];
    Optional<User> switched;
    try {
      switched = updateUser.apply(userId, u -> {
        String current = u.email() == null ? null : Identifiers.normalize(u.email());
        if (!Objects.equals(from, current) || !u.active()) {
          return null; // the address changed another way since the link was sent, or the account is disabled
        }
        previous[0] = u.email();
        return u.withEmail(email, true);
      });
    } catch (ConflictException e) {
      return Optional.empty(); // taken at this very moment by a concurrent registration
    }
    switched.ifPresent(u -> {
      stores.oneTimeTokens().deleteByUser(u.id(), TokenPurpose.PASSWORD_RESET);
      stores.oneTimeTokens().deleteByUser(u.id(), TokenPurpose.EMAIL_VERIFICATION);
      if (previous[0] != null) {
        outbox.send(mail.emailChanged(previous[0], u.username(), email));
      }
      events.emit(AuthEvent.of(AuthEventType.EMAIL_CHANGED, clock.instant()).user(u.id()));
    });
    return switched;
  }
}
