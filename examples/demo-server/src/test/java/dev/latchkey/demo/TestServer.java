package dev.latchkey.demo;

import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.http.javalin.DevMailbox;
import dev.latchkey.demo.web.Web;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reference server for the web-page tests: an embedded PostgreSQL in the test's directory, the dev mailbox on, a
 * first administrator {@value #ADMIN} with the password {@value #ADMIN_PASSWORD}, a free port. Extra environment
 * variables override those.
 */
public final class TestServer implements AutoCloseable {
  /** The bootstrap administrator's username. */
  public static final String ADMIN = "admin";
  /** The bootstrap administrator's password. */
  public static final String ADMIN_PASSWORD = "plaid-otter-marmalade-tuesday";
  private static final Pattern LINK = Pattern.compile("https?://\\S+");

  private final DemoServer server;

  private TestServer(DemoServer server) {
    this.server = server;
  }

  /** Starts a server whose data lives under {@code dir}. */
  public static TestServer start(Path dir, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>();
    // A free port chosen here rather than PORT=0, so that mailed links and callback URLs name the real one.
    int port = OwnStores.freePort();
    env.put("PORT", Integer.toString(port));
    env.put("LATCHKEY_BASE_URL", "http://localhost:" + port);
    env.put("LATCHKEY_DATA_DIR", dir.toString());
    env.put("LATCHKEY_DEV_MAILBOX", "true");
    env.put("LATCHKEY_ADMIN_PASSWORD", ADMIN_PASSWORD);
    env.put("LATCHKEY_ARGON2_MEMORY_KIB", "7168");
    env.put("LATCHKEY_ARGON2_ITERATIONS", "5");
    env.putAll(extra);
    return new TestServer(DemoServer.start(DemoConfig.fromEnv(env)));
  }

  /** Starts a server with the defaults. */
  public static TestServer start(Path dir) {
    return start(dir, Map.of());
  }

  /** Its port. */
  public int port() {
    return server.port();
  }

  /** {@code http://localhost:<port>}. */
  public String url() {
    return "http://localhost:" + port();
  }

  /** The facade it serves. */
  public Auth auth() {
    return server.auth();
  }

  /** The web pages' toolbox. */
  public Web web() {
    return server.web();
  }

  /** The messages in the dev mailbox for this address, newest first. */
  public List<DevMailbox.Message> mail(String to) {
    return server.mailbox().latest(to);
  }

  /** The first link of the newest message to this address whose subject contains {@code subject}. */
  public String link(String to, String subject) {
    for (DevMailbox.Message m : mail(to)) {
      if (m.subject().contains(subject)) {
        Matcher link = LINK.matcher(m.body());
        if (link.find()) {
          return link.group();
        }
      }
    }
    throw new AssertionError("no mail \"" + subject + "\" with a link to " + to + " in " + mail(to));
  }

  @Override
  public void close() {
    server.close();
  }
}
