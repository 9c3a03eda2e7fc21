package dev.latchkey.auth.core;

import dev.latchkey.auth.core.event.AuthEvent;
import dev.latchkey.auth.core.event.AuthEventType;
import dev.latchkey.auth.core.event.EventSink;
import dev.latchkey.auth.core.mail.MailMessage;
import dev.latchkey.auth.core.oauth.ExternalIdentity;
import dev.latchkey.auth.core.oauth.OAuthAccount;
import dev.latchkey.auth.core.oauth.OAuthProvider;
import dev.latchkey.auth.core.user.User;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Makes and removes links between provider identities and accounts, with their audit events and notice mails. Every
 * new link is recorded ({@code OAUTH_LINKED} with the provider and how it was made) and mailed to the account's
 * address when it has one, so an owner learns of a link they did not make. When an owner proves their address (a
 * completed password reset or email verification), links nobody vouched for are removed:
 * <ol>
 *   <li>links whose provider email was never verified (or came from a provider not trusted for it);</li>
 *   <li>after a password reset of an account whose own address had never been verified: every link, because
 *       whoever made them never proved they own the address the owner just recovered;</li>
 *   <li>never the links of an account without a password: they are its only way in, and its owner's.</li>
 * </ol>
 * Thread-safe (stateless beyond its collaborators).
 */
final class OAuthLinking {
  /** How a link was made, as the audit event records it. */
  enum How {
    /** A first login whose provider-verified email matched a verified local account. */
    AUTO_LINK_EMAIL,
    /** A signed-in user linked the provider from their account. */
    EXPLICIT,
    /** A first login created the account. */
    NEW_ACCOUNT;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Stores stores;
  private final EventSink events;
  private final Clock clock;
  private final Consumer<MailMessage> send;
  private final MailTemplates mail;

  /** {@code send} must not throw: the caller's mail path (it logs and drops failures). */
  OAuthLinking(Stores stores, EventSink events, Clock clock, Consumer<MailMessage> send, MailTemplates mail) {
    this.stores = stores;
    this.events = events;
    this.clock = clock;
    this.send = send;
    this.mail = mail;
  }

  /**
   * Links {@code identity} to {@code user}, records it and mails the owner.
   *
   * @param emailVerified whether the identity's email counts as verified (provider said so and is trusted)
   * @throws ConflictException when the identity is already linked (a concurrent first login)
   */
  OAuthAccount link(User user, OAuthProvider provider, ExternalIdentity identity, boolean emailVerified, How how) {
    OAuthAccount account = new OAuthAccount(UUID.randomUUID(), user.id(), provider.name(), identity.issuer(),
        identity.subject(), identity.email(), emailVerified, clock.instant());
    stores.oauthAccounts().link(account);
    events.emit(AuthEvent.of(AuthEventType.OAUTH_LINKED, clock.instant()).user(user.id())
        .with("provider", provider.name()).with("how", how.label()));
    if (user.hasEmail()) {
      String why = switch (how) {
        case AUTO_LINK_EMAIL -> "It was linked automatically because " + provider.displayName()
            + " confirmed it has the same email address.";
        case EXPLICIT -> "It was linked from your signed-in account.";
        case NEW_ACCOUNT -> "Your account was created with it.";
      };
      send.accept(mail.oauthLinks(user.email(), user.username(), "Your account can now be signed in to with "
          + provider.displayName() + ". " + why));
    }
    return account;
  }

  /**
   * Called when the owner of {@code user}'s address proved it (a password reset or email verification just
   * completed; {@code user} as it is now): removes the links the class comment lists and mails the owner which.
   */
  void ownershipProven(User user) {
    if (!user.hasPassword()) {
      return;
    }
    boolean everyLink = !user.emailVerified();
    List<OAuthAccount> removed = stores.oauthAccounts().listByUser(user.id()).stream()
        .filter(a -> everyLink || !a.emailVerified())
        .filter(a -> stores.oauthAccounts().unlink(a.id()))
        .toList();
    for (OAuthAccount account : removed) {
      events.emit(AuthEvent.of(AuthEventType.OAUTH_UNLINKED, clock.instant()).user(user.id())
          .with("provider", account.provider()).with("reason", "unverified_link"));
    }
    if (!removed.isEmpty() && user.hasEmail()) {
      send.accept(mail.oauthLinks(user.email(), user.username(), "Sign-in with "
          + String.join(", ", removed.stream().map(OAuthAccount::provider).distinct().toList())
          + " was removed from your account: the link was made without proof that its maker owns your email"
          + " address. If it was you, link the provider again from your account."));
    }
  }
}
