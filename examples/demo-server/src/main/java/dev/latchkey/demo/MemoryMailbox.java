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
 * The development mailer: keeps the last 100 messages for {@code /api/v1/dev/mailbox} and logs the links they carry
 * (never anything else of the body). Thread-safe.
 */
final class MemoryMailbox implements InMemoryMailer, DevMailbox {
  private static final Logger LOG = LoggerFactory.getLogger(MemoryMailbox.class);
  private static final Pattern LINK = Pattern.compile("https?://\\S+");
  private static final int KEEP = 100;

  private final Deque<Message> messages = new ArrayDeque<>();
  private final Clock clock;

  MemoryMailbox(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void send(MailMessage message) {
    synchronized (messages) {
      messages.addFirst(new Message(message.to(), message.subject(), message.body(), clock.instant()));
      while (messages.size() > KEEP) {
        messages.removeLast();
      }
    }
    Matcher links = LINK.matcher(message.body());
    List<String> found = new ArrayList<>();
    while (links.find()) {
      found.add(links.group());
    }
    LOG.info("dev mailbox: \"{}\" to {}{}", message.subject(), message.to(), found.isEmpty() ? ""
        : " with link " + String.join(" ", found));
  }

  @Override
  public List<Message> latest(@Nullable String to) {
    synchronized (messages) {
      return messages.stream().filter(m -> to == null || m.to().equalsIgnoreCase(to)).toList();
    }
  }
}
