package dev.latchkey.auth.core.mail;

import java.util.Objects;

/**
 * A plain-text message to one recipient. The body may carry a one-time link, so {@link #toString()} leaves it out.
 *
 * @param to the recipient's address
 * @param subject the subject line
 * @param body the plain-text body
 */
public record MailMessage(String to, String subject, String body) {
  /** Requires every part. */
  public MailMessage {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(body, "body");
  }

  @Override
  public String toString() {
    return "MailMessage[to=" + to + ", subject=" + subject + ", body=redacted]";
  }
}
