package dev.latchkey.auth.http.javalin;

import dev.latchkey.auth.core.Auth;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToDoubleFunction;

/**
 * Exports {@link Auth#mailStats()} as {@code latchkey_mail_total{outcome="sent|failed|dropped"}}: mail leaves on a
 * background queue, so a full queue or a failing mail server shows here rather than in any request.
 */
final class MailMeters {
  private MailMeters() {}

  static void register(Auth auth, MeterRegistry registry) {
    counter(auth, registry, "sent", a -> a.mailStats().sent());
    counter(auth, registry, "failed", a -> a.mailStats().failed());
    counter(auth, registry, "dropped", a -> a.mailStats().dropped());
  }

  private static void counter(Auth auth, MeterRegistry registry, String outcome,
      ToDoubleFunction<Auth> count) {
    FunctionCounter.builder("latchkey.mail", auth, count).tag("outcome", outcome)
        .description("Mail handed to the mailer (sent), refused by it (failed), or dropped on a full queue")
        .register(registry);
  }
}
