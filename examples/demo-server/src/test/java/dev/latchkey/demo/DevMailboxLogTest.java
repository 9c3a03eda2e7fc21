package dev.latchkey.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.mail.MailMessage;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the mailer without SMTP writes to the log (logback's console appender, which writes to {@code System.out}):
 * whole links only with {@code LATCHKEY_DEV_MAILBOX=true}, otherwise {@code token=[redacted]}.
 */
class DevMailboxLogTest {
  private static final String TOKEN = "Qm9vbSBnb2VzIHRoZSByZXNldCBsaW5r-abc_123";
  private static final MailMessage RESET = new MailMessage("dave@example.com", "Reset your password",
      "Hello dave,\n\nOpen this link:\n\nhttps://app.example.test/reset-password?token=" + TOKEN + "\n\nBye.\n");

  /** Runs {@code action} and returns what was written to {@code System.out} meanwhile (still passed through). */
  private static String stdoutOf(Runnable action) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    OutputStream both = new OutputStream() {
      @Override
      public void write(int b) {
        original.write(b);
        captured.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        original.write(b, off, len);
        captured.write(b, off, len);
      }
    };
    System.setOut(new PrintStream(both, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.out.flush();
      System.setOut(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("without LATCHKEY_DEV_MAILBOX the log shows the link with token=[redacted] and nothing is kept")
  void redactedByDefault() {
    MemoryMailbox mailbox = new MemoryMailbox(Clock.systemUTC(), false);
    String log = stdoutOf(() -> mailbox.send(RESET));
    assertThat(log).contains("INFO").contains("Reset your password")
        .contains("https://app.example.test/reset-password?token=[redacted]").doesNotContain(TOKEN);
    assertThat(mailbox.latest(null)).isEmpty();
  }

  @Test
  @DisplayName("with LATCHKEY_DEV_MAILBOX=true the log shows the whole link and the mailbox keeps the message")
  void wholeLinksWhenAskedFor() {
    MemoryMailbox mailbox = new MemoryMailbox(Clock.systemUTC(), true);
    String log = stdoutOf(() -> mailbox.send(RESET));
    assertThat(log).contains("https://app.example.test/reset-password?token=" + TOKEN);
    assertThat(mailbox.latest("dave@example.com")).singleElement()
        .satisfies(m -> assertThat(m.body()).contains(TOKEN));
  }

  @Test
  @DisplayName("redaction covers every token parameter and leaves the rest of the link")
  void redaction() {
    assertThat(MemoryMailbox.redact("https://x.test/verify-email?token=abc&next=%2F&token=def"))
        .isEqualTo("https://x.test/verify-email?token=[redacted]&next=%2F&token=[redacted]");
    assertThat(MemoryMailbox.redact("https://x.test/forgot-password")).isEqualTo("https://x.test/forgot-password");
  }

  @Test
  @DisplayName("the server without SMTP and without LATCHKEY_DEV_MAILBOX logs a reset link with its token redacted")
  void serverRedacts(@TempDir Path data) {
    // The embedded PostgreSQL in the data directory: this test needs no server of the machine's.
    Map<String, String> env = new HashMap<>(Map.of("PORT", "0", "LATCHKEY_DATA_DIR", data.toString(),
        "LATCHKEY_ADMIN_PASSWORD", "an admin passphrase for tests"));
    try (DemoServer server = DemoServer.start(DemoConfig.fromEnv(env))) {
      String log = stdoutOf(() -> assertThat(Http.post(server.port(), "/api/v1/auth/forgot-password",
          Map.of("email", "admin@localhost")).statusCode()).isEqualTo(202));
      assertThat(log).contains("dev mailbox").contains("reset-password?token=[redacted]")
          .doesNotContainPattern("token=[A-Za-z0-9_%-]{16,}");
    }
  }
}
