package dev.latchkey.auth.core;

import dev.latchkey.auth.core.OAuthCallbackResult.Reason;
import dev.latchkey.auth.core.event.AuthEvent;
import dev.latchkey.auth.core.event.AuthEventType;
import dev.latchkey.auth.core.event.EventSink;
import dev.latchkey.auth.core.oauth.ExternalIdentity;
import dev.latchkey.auth.core.oauth.OAuthPolicy;
import dev.latchkey.auth.core.oauth.OAuthProvider;
import dev.latchkey.auth.core.user.Identifiers;
import dev.latchkey.auth.core.user.User;
import dev.latchkey.auth.core.user.UserId;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * What the first login of an identity no account is linked to does, in this order:
 * <ol>
 *   <li>its email counts as verified only when the provider reports one, says it is verified, and is trusted for
 *       that ({@link OAuthProvider#trustEmailVerified()});</li>
 *   <li>when a local account has that email, the identity joins it only under
 *       {@link OAuthPolicy.Linking#AUTO_LINK_VERIFIED_EMAIL}, with both emails verified and the account active
 *       ({@link Reason#LINK_NOT_ALLOWED} otherwise, and never a second account with that address), and never when the
 *       account is an administrator's ({@link Reason#ADMIN_LINK_NOT_ALLOWED});</li>
 *   <li>otherwise a verified email makes a new account with that address; an unverified (or absent) one makes an
 *       account without any address, or is refused by {@link OAuthPolicy.UnverifiedEmail#REFUSE}
 *       ({@link Reason#EMAIL_REQUIRED}).</li>
 * </ol>
 * The link itself goes through {@link OAuthLinking} (audited, mailed). Thread-safe.
 */
final class FirstLogin {
  /** The outcome of {@link #join}. */
  sealed interface Outcome {}

  /** The identity is now linked to {@code user}. */
  record Joined(User user) implements Outcome {}

  /** Nothing was created or linked. */
  record Refused(Reason reason) implements Outcome {}

  private final Stores stores;
  private final OAuthPolicy policy;
  private final OAuthLinking linking;
  private final EventSink events;
  private final Clock clock;
  private final SecureRandom random;

  FirstLogin(Stores stores, OAuthPolicy policy, OAuthLinking linking, EventSink events, Clock clock,
      SecureRandom random) {
    this.stores = stores;
    this.policy = policy;
    this.linking = linking;
    this.events = events;
    this.clock = clock;
    this.random = random;
  }

  /** Whether an identity's email counts as verified: reported, said verified, by a provider trusted for it. */
  static boolean verified(OAuthProvider provider, ExternalIdentity identity) {
    return identity.email() != null && identity.emailVerified() && provider.trustEmailVerified();
  }

  /** Applies the rules of the class comment to an identity that no account is linked to yet. */
  Outcome join(OAuthProvider provider, ExternalIdentity identity) {
    boolean verified = verified(provider, identity);
    Optional<User> sameEmail = identity.email() == null ? Optional.empty()
        : stores.users().findByEmail(identity.email());
    User user;
    OAuthLinking.How how;
    if (sameEmail.isPresent()) {
      User local = sameEmail.get();
      boolean mayLink = policy.linking() == OAuthPolicy.Linking.AUTO_LINK_VERIFIED_EMAIL
          && verified && local.emailVerified() && local.active();
      if (!mayLink) {
        return new Refused(Reason.LINK_NOT_ALLOWED);
      }
      if (local.admin()) {
        return new Refused(Reason.ADMIN_LINK_NOT_ALLOWED);
      }
      user = local;
      how = OAuthLinking.How.AUTO_LINK_EMAIL;
    } else if (!verified && policy.unverifiedEmail() == OAuthPolicy.UnverifiedEmail.REFUSE) {
      return new Refused(Reason.EMAIL_REQUIRED);
    } else {
      user = createUser(identity, verified);
      how = OAuthLinking.How.NEW_ACCOUNT;
    }
    linking.link(user, provider, identity, verified, how);
    return new Joined(user);
  }

  /**
   * An account without a password, named after the verified email's local part or else the provider's display name
   * (made unique when taken); its address is the email only when {@code verified}, and none otherwise.
   */
  private User createUser(ExternalIdentity identity, boolean verified) {
    String email = verified ? Identifiers.validEmail(identity.email()) : null;
    String source = email != null ? email.substring(0, email.indexOf('@'))
        : identity.name() != null ? identity.name() : "";
    String base = source.replaceAll("[^A-Za-z0-9._-]", "").replaceFirst("^[._-]+", "");
    if (base.length() < 3) {
      base = "user" + base;
    }
    base = base.length() > 50 ? base.substring(0, 50) : base;
    String username = base;
    for (int attempt = 0; stores.users().findByUsername(username).isPresent(); attempt++) {
      byte[] suffix = new byte[3];
      random.nextBytes(suffix);
      username = base + "-" + HexFormat.of().formatHex(suffix);
      if (attempt > 10) {
        throw new ConflictException("could not find a free username");
      }
    }
    Instant now = clock.instant();
    User user = new User(UserId.random(), username, email, email != null,
        Identifiers.validName(identity.name()), null, true, false, null, false, now, null, 1);
    stores.users().create(user);
    events.emit(AuthEvent.of(AuthEventType.USER_REGISTERED, now).user(user.id()).with("via", "oauth"));
    return user;
  }
}
