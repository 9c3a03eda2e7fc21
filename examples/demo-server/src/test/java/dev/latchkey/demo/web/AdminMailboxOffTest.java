package dev.latchkey.demo.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.demo.TestServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With the dev mailbox off, its page does not exist for anyone, administrators included. */
class AdminMailboxOffTest {
  @TempDir static Path data;
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(data, Map.of("LATCHKEY_DEV_MAILBOX", "false"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  @DisplayName("the dev mailbox page is the 404 page, signed out and as admin, and no navigation links to it")
  void notFound() {
    assertThat(server.web().settings().devMailbox()).isNull();
    WebClient anonymous = new WebClient(server.port());
    WebClient.Page signedOut = anonymous.get("/dev/mailbox");
    assertThat(signedOut.status()).isEqualTo(404);
    assertThat(signedOut.heading()).isEqualTo("Page not found");
    WebClient admin = new WebClient(server.port());
    assertThat(admin.submit(admin.get("/login"), "form[action=/login]", Map.of("identifier", TestServer.ADMIN,
        "password", TestServer.ADMIN_PASSWORD)).status()).isEqualTo(303);
    WebClient.Page page = admin.get("/dev/mailbox");
    assertThat(page.status()).isEqualTo(404);
    assertThat(page.heading()).isEqualTo("Page not found");
    WebClient.Page overview = admin.get("/admin");
    assertThat(overview.status()).isEqualTo(200);
    assertThat(overview.doc().select("a[href=/dev/mailbox]")).isEmpty();
  }
}
