package dev.latchkey.auth.http.javalin;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The last messages a development server "sent", for {@code GET /api/v1/dev/mailbox?to=} (admins only). Never wire it
 * in production: the messages carry live verification and reset links.
 */
@FunctionalInterface
public interface DevMailbox {

  /** The newest messages first, only those to {@code to} when given. */
  List<Message> latest(@Nullable String to);

  /**
   * One message.
   *
   * @param to the recipient
   * @param subject the subject
   * @param body the plain-text body
   * @param sentAt when it was sent
   */
  record Message(String to, String subject, String body, Instant sentAt) {}
}
