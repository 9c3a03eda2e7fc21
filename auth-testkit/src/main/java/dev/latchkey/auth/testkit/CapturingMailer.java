package dev.latchkey.auth.testkit;

import dev.latchkey.auth.core.mail.InMemoryMailer;
import dev.latchkey.auth.core.mail.MailMessage;
import dev.latchkey.auth.core.mail.Mailer;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Mailer} that keeps every message for the test to read. It is an {@link InMemoryMailer}, so {@code Auth}
 * hands it each message before the call that sent it returns: tests read mail without waiting. Thread-safe.
 *
 * <pre>{@code
 * auth.signUp(Registration.of("bob", "bob@example.com", password), ClientInfo.unknown());
 * assertThat(auth.verifyEmail(mailer.lastTokenTo("bob@example.com"))).isTrue();
 * }</pre>
 */
public final class CapturingMailer implements InMemoryMailer {
  private static final Pattern LINK = Pattern.compile("https?://[^\\s?]+\\?token=[^\\s]+");

  private final List<MailMessage> sent = new CopyOnWriteArrayList<>();

  /** Creates an empty mailbox. */
  public CapturingMailer() {}

  /** Keeps the message. */
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

  /**
   * The link in the newest message to {@code address} that carries one (an email verification, a password reset or
   * the confirmation of a new address), such as {@code http://localhost:8080/verify-email?token=…}.
   *
   * @throws AssertionError listing what was sent (recipients and subjects), when no message to the address has a link
   */
  public String lastLinkTo(String address) {
    return find(address, null);
  }

  /**
   * The link of {@code kind} in the newest message to {@code address} that carries one.
   *
   * @throws AssertionError listing what was sent (recipients and subjects), when no such message exists
   */
  public String lastLinkTo(String address, Link kind) {
    return find(address, kind);
  }

  /**
   * The one-time token of {@link #lastLinkTo(String)}, decoded, ready for {@code auth.verifyEmail(token)} or
   * {@code auth.resetPassword(token, …)}.
   *
   * @throws AssertionError listing what was sent, when no message to the address has a link
   */
  public String lastTokenTo(String address) {
    return tokenOf(find(address, null));
  }

  /**
   * The one-time token of {@link #lastLinkTo(String, Link)}, decoded.
   *
   * @throws AssertionError listing what was sent, when no such message exists
   */
  public String lastTokenTo(String address, Link kind) {
    return tokenOf(find(address, kind));
  }

  /** Forgets every message. */
  public void clear() {
    sent.clear();
  }

  private String find(String address, @Nullable Link kind) {
    List<MailMessage> mine = messagesTo(address);
    for (int i = mine.size() - 1; i >= 0; i--) {
      Matcher m = LINK.matcher(mine.get(i).body());
      while (m.find()) {
        String link = m.group();
        if (kind == null || URI.create(link).getPath().endsWith(kind.path())) {
          return link;
        }
      }
    }
    String wanted = kind == null ? "a link" : "a " + kind.path() + " link";
    List<MailMessage> all = messages();
    String listing = all.isEmpty() ? "nothing was sent" : all.size() + " message(s) were sent:\n" + all.stream()
        .map(msg -> "  to " + msg.to() + ": \"" + msg.subject() + "\"" + (LINK.matcher(msg.body()).find()
            ? " (with a link)" : ""))
        .collect(Collectors.joining("\n"));
    throw new AssertionError("No mail to " + address + " with " + wanted + "; " + listing);
  }

  private static String tokenOf(String link) {
    String query = URI.create(link).getRawQuery();
    for (String pair : query.split("&")) {
      if (pair.startsWith("token=")) {
        return URLDecoder.decode(pair.substring("token=".length()), StandardCharsets.UTF_8);
      }
    }
    throw new AssertionError("no token in " + link); // unreachable: LINK requires one
  }

  /** The kinds of link Latchkey mails, told apart by their path. */
  public enum Link {
    /** A sign-up's email verification, or the confirmation of a new address after an email change. */
    VERIFY_EMAIL("/verify-email"),
    /** A password reset. */
    RESET_PASSWORD("/reset-password");

    private final String path;

    Link(String path) {
      this.path = path;
    }

    /** The path the link ends with, before its query, such as {@code /verify-email}. */
    public String path() {
      return path;
    }
  }
}
