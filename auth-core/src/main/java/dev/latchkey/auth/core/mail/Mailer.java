package dev.latchkey.auth.core.mail;

/**
 * Sends outbound mail (verification links, reset links, security notices). Implementations are thread-safe and must
 * not log message bodies, which carry one-time links.
 */
@FunctionalInterface
public interface Mailer {

  /** A mailer that drops every message; for services that send no mail. */
  Mailer NONE = (InMemoryMailer) message -> { };

  /**
   * Sends one message.
   *
   * @throws dev.latchkey.auth.core.StoreUnavailableException when the mail service cannot be reached
   */
  void send(MailMessage message);
}
