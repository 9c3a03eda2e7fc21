package dev.latchkey.auth.http.javalin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.NewUser;
import dev.latchkey.auth.core.memory.InMemoryStores;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** X-Forwarded-For and X-Forwarded-Proto over HTTP: which address a session records, and when HSTS is sent. */
class ProxyHeadersHttpTest {
  private static final String PASSWORD = HttpApiTest.PASSWORD;
  private static final String HSTS = "max-age=31536000; includeSubDomains";
  private TestServer server;

  private void start(Consumer<AuthPlugin.Config> settings) {
    Auth auth = Auth.builder().issuer("https://auth.example.test").audience("latchkey")
        .stores(InMemoryStores.create(Clock.systemUTC())).build();
    auth.admin().createUser(new NewUser("alice", "alice@example.com", PASSWORD, null, false, Set.of()));
    server = new TestServer(auth, settings);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Logs in with these header lines and returns the address the new session recorded. */
  private String sessionAddress(String... headerLines) {
    HttpRequest.Builder login = HttpRequest.newBuilder(server.uri("/api/v1/auth/login"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
            "{\"login\":\"alice\",\"password\":\"" + PASSWORD + "\"}", StandardCharsets.UTF_8));
    for (int i = 0; i < headerLines.length; i += 2) {
      login.header(headerLines[i], headerLines[i + 1]);
    }
    HttpResponse<String> r = server.send(login);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    String token = (String) TestServer.map(r).get("access_token");
    List<?> sessions = read(server.get("/api/v1/auth/sessions", token));
    return (String) ((Map<?, ?>) sessions.stream().filter(s -> Boolean.TRUE.equals(((Map<?, ?>) s).get("current")))
        .findFirst().orElseThrow()).get("ip");
  }

  @Test
  @DisplayName("a client behind the trusted proxy cannot spoof its address with a forwarded-for line of its own")
  void spoofedFirstLine() {
    start(c -> c.trustedProxies(Set.of("127.0.0.1")));
    assertThat(sessionAddress("X-Forwarded-For", "6.6.6.6", "X-Forwarded-For", "198.51.100.7"))
        .isEqualTo("198.51.100.7");
    assertThat(sessionAddress("X-Forwarded-For", "6.6.6.6, 7.7.7.7", "X-Forwarded-For", "198.51.100.8"))
        .isEqualTo("198.51.100.8");
    assertThat(sessionAddress("X-Forwarded-For", "6.6.6.6, 198.51.100.9")).isEqualTo("198.51.100.9");
  }

  @Test
  @DisplayName("a trusted proxy named by host name (localhost, through the system resolver) is believed; its "
      + "refresh thread ends with the server")
  void hostName() throws Exception {
    assertThat(java.net.InetAddress.getAllByName("localhost")).as("this machine's localhost")
        .extracting(java.net.InetAddress::getHostAddress).contains("127.0.0.1");
    start(c -> c.trustedProxies(Set.of("localhost")));
    assertThat(sessionAddress("X-Forwarded-For", "6.6.6.6", "X-Forwarded-For", "198.51.100.7"))
        .isEqualTo("198.51.100.7");
    assertThat(server.send(HttpRequest.newBuilder(server.uri("/health")).header("X-Forwarded-Proto", "https"))
        .headers().firstValue("Strict-Transport-Security")).hasValue(HSTS);
    assertThat(refreshThreads()).as("refreshing while the server runs").isPositive();
    List<Thread> refreshing = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals(ProxyNames.THREAD_NAME)).toList();
    server.close();
    // The pool is terminated when close returns; its worker thread may still be running its last lines: join it.
    for (Thread thread : refreshing) {
      thread.join(5_000);
    }
    assertThat(refreshThreads()).as("stopped with the server").isZero();
  }

  private static long refreshThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().equals(ProxyNames.THREAD_NAME)).count();
  }

  @Test
  @DisplayName("without trusted proxies every forwarded-for line is ignored")
  void untrusted() {
    start(c -> { });
    assertThat(sessionAddress("X-Forwarded-For", "6.6.6.6", "X-Forwarded-For", "198.51.100.7"))
        .isEqualTo("127.0.0.1");
  }

  @Test
  @DisplayName("Strict-Transport-Security only when a trusted proxy says the request came over HTTPS")
  void hsts() {
    start(c -> c.trustedProxies(Set.of("127.0.0.1")));
    assertThat(server.send(HttpRequest.newBuilder(server.uri("/health")).header("X-Forwarded-Proto", "https"))
        .headers().firstValue("Strict-Transport-Security")).hasValue(HSTS);
    assertThat(server.send(HttpRequest.newBuilder(server.uri("/api/v1/nothing")).header("X-Forwarded-Proto",
        "https")).headers().firstValue("Strict-Transport-Security")).hasValue(HSTS);
    assertThat(server.get("/health", null).headers().firstValue("Strict-Transport-Security")).isEmpty();
    assertThat(server.send(HttpRequest.newBuilder(server.uri("/health")).header("X-Forwarded-Proto", "http"))
        .headers().firstValue("Strict-Transport-Security")).isEmpty();
  }

  @Test
  @DisplayName("an untrusted peer's X-Forwarded-Proto: https does not earn Strict-Transport-Security")
  void hstsFromUntrustedPeer() {
    start(c -> { });
    assertThat(server.send(HttpRequest.newBuilder(server.uri("/health")).header("X-Forwarded-Proto", "https"))
        .headers().firstValue("Strict-Transport-Security")).isEmpty();
  }

  private static List<?> read(HttpResponse<String> r) {
    try {
      return TestServer.JSON.readValue(r.body(), List.class);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
