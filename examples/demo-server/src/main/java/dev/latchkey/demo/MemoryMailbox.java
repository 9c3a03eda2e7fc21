package dev.latchkey.demo;

import dev.latchkey.auth.core.mail.MailMessage;
import dev.latchkey.auth.core.mail.InMemoryMailer;
import dev.latchkey.auth.http.javalin.DevMailbox;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mailer when no SMTP server is configured. With {@code LATCHKEY_DEV_MAILBOX=true} it keeps the last 100 messages
 * for {@code /api/v1/dev/mailbox} and logs the links they carry, so a developer can follow them; otherwise it keeps
 * nothing and logs each link with its token redacted ({@code token=[redacted]}): a live reset link in a log file is an
 * account takeover for whoever reads the log. Never anything else of the body. Thread-safe.
 */
final class MemoryMailbox implements InMemoryMailer, DevMailbox {
  private static final Logger LOG = LoggerFactory.getLogger(MemoryMailbox.class);
  private static final Pattern LINK = Pattern.compile("https?://\\S+");
  private static final Pattern TOKEN = Pattern.compile("([?&]token=)[^&\\s]*");
  private static final int KEEP = 100;

  private final Deque<Message> messages = new ArrayDeque<>();
  private final Clock clock;
  private final boolean devMailbox;

  /**
   * @param devMailbox whether {@code LATCHKEY_DEV_MAILBOX} is on: only then are messages kept and links logged whole
   */
  MemoryMailbox(Clock clock, boolean devMailbox) {
    this.clock = clock;
    this.devMailbox = devMailbox;
  }

  @Override
  public void send(MailMessage message) {
    if (devMailbox) {
      synchronized (messages) {
        messages.addFirst(new Message(message.to(), message.subject(), message.body(), clock.instant()));
        while (messages.size() > KEEP) {
          messages.removeLast();
        }
      }
    }
    Matcher links = LINK.matcher(message.body());
    List<String> found = new ArrayList<>();
    while (links.find()) {
      found.add(devMailbox ? links.group() : redact(links.group()));
    }
    LOG.info("dev mailbox: \"{}\" to {}{}", message.subject(), message.to(), found.isEmpty() ? ""
        : " with link " + String.join(" ", found));
  }

  /** The link with the value of every {@code token} parameter replaced by {@code [redacted]}. */
  static String redact(String link) {
    return TOKEN.matcher(link).replaceAll("$1[redacted]");
  }

  @Override
  public List<Message> latest(@Nullable String to) {
    synchronized (messages) {
      return messages.stream().filter(m -> to == null || m.to().equalsIgnoreCase(to)).toList();
    }
  }
}
