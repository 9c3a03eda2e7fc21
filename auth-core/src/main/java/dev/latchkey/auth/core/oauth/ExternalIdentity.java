package dev.latchkey.auth.core.oauth;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Who the provider says signed in, after the code exchange and (for OIDC) ID-token validation.
 *
 * @param issuer the issuer asserting the subject
 * @param subject the provider's stable id for the person
 * @param email the email the provider reported, if any
 * @param emailVerified whether the provider asserts that email is verified
 * @param name a display name, if any
 */
public record ExternalIdentity(
    String issuer, String subject, @Nullable String email, boolean emailVerified, @Nullable String name) {
  /** Requires issuer and subject. */
  public ExternalIdentity {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(subject, "subject");
  }
}
