package dev.latchkey.demo.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.demo.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first administrator with a generated password (no {@code LATCHKEY_ADMIN_PASSWORD}): signing in with the logged
 * one-time password leads to the page that sets a new one, whose token travels only in the form.
 */
class ForcedPasswordChangeTest {
  private static final Pattern ONE_TIME = Pattern.compile("with the one-time password (\\S+)");

  @Test
  @DisplayName("the one-time password signs nobody in: it asks for a new password, which then signs in")
  void firstSignIn(@TempDir Path data) {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(new OutputStream() {
      @Override
      public void write(int b) {
        original.write(b);
        log.write(b);
      }
    }, true, StandardCharsets.UTF_8));
    TestServer server;
    try {
      server = TestServer.start(data, Map.of("LATCHKEY_ADMIN_PASSWORD", ""));
    } finally {
      System.setOut(original);
    }
    try (server) {
      Matcher generated = ONE_TIME.matcher(log.toString(StandardCharsets.UTF_8));
      assertThat(generated.find()).as("the generated password is logged once").isTrue();
      WebClient browser = new WebClient(server.port());
      WebClient.Page change = browser.submit(browser.get("/login"), "form[action=/login]",
          Map.of("identifier", TestServer.ADMIN, "password", generated.group(1)));
      assertThat(change.status()).isEqualTo(200);
      assertThat(change.heading()).isEqualTo("Choose a new password");
      assertThat(String.valueOf(change.header("set-cookie"))).as("no session yet").doesNotContain("latchkey=");
      assertThat(change.one("form[action=/reset-password] input[name=token]").attr("value")).isNotBlank();
      assertThat(browser.get("/dashboard").status()).as("not signed in yet").isEqualTo(303);

      WebClient.Page weak = browser.submit(change, "form[action=/reset-password]", Map.of("password", "password"));
      assertThat(weak.status()).isEqualTo(422);

      String mine = "quiet-harbour-lantern-meadow";
      WebClient.Page done = browser.follow(browser.submit(change, "form[action=/reset-password]",
          Map.of("password", mine)));
      assertThat(done.status()).isEqualTo(200);
      WebClient.Page again = browser.submit(browser.get("/login"), "form[action=/login]",
          Map.of("identifier", TestServer.ADMIN, "password", generated.group(1)));
      assertThat(again.status()).as("the one-time password is spent").isEqualTo(422);
      WebClient.Page in = browser.submit(browser.get("/login"), "form[action=/login]",
          Map.of("identifier", TestServer.ADMIN, "password", mine));
      assertThat(in.status()).isEqualTo(303);
      assertThat(browser.open("/dashboard").heading()).contains("Welcome");
    }
  }
}
