package dev.latchkey.auth.core.oauth;

import dev.latchkey.auth.core.user.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An external identity linked to a user, keyed by (issuer, subject): the provider's stable id, never its email.
 *
 * @param id this link's id
 * @param userId the local user
 * @param provider the provider's name
 * @param issuer the issuer that asserts the subject
 * @param subject the provider's id for the person
 * @param email the email the provider reported, if any
 * @param emailVerified whether the provider said that email is verified
 * @param linkedAt when the link was made
 */
public record OAuthAccount(
    UUID id,
    UserId userId,
    String provider,
    String issuer,
    String subject,
    @Nullable String email,
    boolean emailVerified,
    Instant linkedAt) {

  /** Requires every part but the email. */
  public OAuthAccount {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(linkedAt, "linkedAt");
  }
}
