package dev.latchkey.auth.testkit;

import dev.latchkey.auth.core.mail.InMemoryMailer;
import dev.latchkey.auth.core.mail.MailMessage;
import dev.latchkey.auth.core.mail.Mailer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link Mailer} that keeps every message for the test to read. It is an {@link InMemoryMailer}, so {@code Auth}
 * hands it each message before the call that sent it returns: tests read mail without waiting. Thread-safe.
 */
public final class CapturingMailer implements InMemoryMailer {
  private final List<MailMessage> sent = new CopyOnWriteArrayList<>();

  @Override
  public void send(MailMessage message) {
    sent.add(message);
  }

  /** Every message sent, oldest first. */
  public List<MailMessage> messages() {
    return List.copyOf(sent);
  }

  /** The messages sent to {@code address} (case-insensitively), oldest first. */
  public List<MailMessage> messagesTo(String address) {
    return sent.stream().filter(m -> m.to().equalsIgnoreCase(address)).toList();
  }

  /** The newest message sent to {@code address}, if any. */
  public Optional<MailMessage> lastTo(String address) {
    List<MailMessage> mine = messagesTo(address);
    return mine.isEmpty() ? Optional.empty() : Optional.of(mine.get(mine.size() - 1));
  }

  /** Forgets every message. */
  public void clear() {
    sent.clear();
  }
}
