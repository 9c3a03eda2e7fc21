package dev.latchkey.auth.http.javalin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Whose X-Forwarded-For is believed (addresses, blocks, host names), and which hop is the client. */
class ClientAddressesTest {
  private final ClientAddresses proxies = new ClientAddresses(Set.of("10.0.0.0/8", "::1"));

  @Test
  @DisplayName("an untrusted peer's X-Forwarded-For is ignored: the peer is the client")
  void untrusted() {
    assertThat(resolve("203.0.113.9", "198.51.100.1")).isEqualTo("203.0.113.9");
    assertThat(new ClientAddresses(Set.of()).resolve("127.0.0.1", List.of("198.51.100.1"))).isEqualTo("127.0.0.1");
  }

  @Test
  @DisplayName("behind trusted proxies, the right-most untrusted hop is the client; forged left hops are ignored")
  void trusted() {
    assertThat(resolve("10.1.2.3", "198.51.100.7")).isEqualTo("198.51.100.7");
    assertThat(resolve("10.1.2.3", "6.6.6.6, 198.51.100.7, 10.9.9.9")).isEqualTo("198.51.100.7");
    assertThat(resolve("::1", "198.51.100.7")).isEqualTo("198.51.100.7");
    assertThat(resolve("10.1.2.3", "not-an-ip")).isEqualTo("10.1.2.3");
    assertThat(resolve("11.0.0.1", "198.51.100.7")).isEqualTo("11.0.0.1");
  }

  private String resolve(String peer, String forwardedFor) {
    return proxies.resolve(peer, List.of(forwardedFor));
  }

  @Test
  @DisplayName("every X-Forwarded-For line counts, in order: a client's own first line cannot name its address")
  void everyLine() {
    assertThat(proxies.resolve("10.1.2.3", List.of("6.6.6.6", "198.51.100.7"))).isEqualTo("198.51.100.7");
    assertThat(proxies.resolve("10.1.2.3", List.of("6.6.6.6, 7.7.7.7", "198.51.100.7, 10.0.0.9")))
        .isEqualTo("198.51.100.7");
    assertThat(proxies.resolve("10.1.2.3", List.of("198.51.100.7", "10.0.0.9"))).isEqualTo("198.51.100.7");
    assertThat(proxies.resolve("10.1.2.3", List.of())).isEqualTo("10.1.2.3");
    assertThat(proxies.resolve("10.1.2.3", List.of("6.6.6.6", "garbage"))).isEqualTo("10.1.2.3");
  }

  @Test
  @DisplayName("HTTPS is the request's own scheme, or a trusted proxy's X-Forwarded-Proto; others' header is ignored")
  void https() {
    assertThat(proxies.https("https", "203.0.113.9", List.of())).isTrue();
    assertThat(proxies.https("http", "203.0.113.9", List.of("https"))).isFalse();
    assertThat(proxies.https("http", "10.1.2.3", List.of("https"))).isTrue();
    assertThat(proxies.https("http", "10.1.2.3", List.of("HTTPS"))).isTrue();
    assertThat(proxies.https("http", "10.1.2.3", List.of("http"))).isFalse();
    assertThat(proxies.https("http", "10.1.2.3", List.of())).isFalse();
    assertThat(proxies.https("http", "10.1.2.3", List.of("https", "http"))).isFalse();
    assertThat(proxies.https("http", "10.1.2.3", List.of("http, https"))).isTrue();
  }

  @Test
  @DisplayName("bad addresses, blocks and host names are refused at configuration time with a clear message")
  void invalid() {
    for (String bad : List.of("-nginx", "nginx-", "ngi_nx", "a..b", ".nginx", "nginx.", "a".repeat(64) + ".example",
        "1.2.3.999", "example.123", "http://nginx", "nginx:80", "", " ", "proxy example", "ngïnx",
        ("a".repeat(60) + ".").repeat(5) + "com")) {
      assertThatThrownBy(() -> new ClientAddresses(Set.of(bad), dns)).as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("is not an IP address, CIDR block or host name");
    }
    for (String bad : List.of("10.0.0.0/33", "10.0.0.0/abc", "10.0.0.0/", "10.0.0.0/+8", "::1/129")) {
      assertThatThrownBy(() -> new ClientAddresses(Set.of(bad), dns)).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid prefix length");
    }
    for (String bad : List.of("nginx/24", "proxy.example.com/32")) {
      assertThatThrownBy(() -> new ClientAddresses(Set.of(bad), dns)).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a host name takes no prefix length");
    }
    assertThat(dns.lookups).as("validation resolves nothing").hasValue(0);
  }

  @Test
  @DisplayName("host names (RFC 1123) are accepted next to addresses and blocks")
  void hostNamesAccepted() {
    for (String name : List.of("nginx", "NGINX", "proxy.example.com", "a-b.c1", "1nginx", "xn--bcher-kva.example",
        "a".repeat(63))) {
      ClientAddresses.validate(Set.of(name));
    }
    new ClientAddresses(Set.of("nginx", "10.0.0.0/8", "::1"), dns);
  }

  // Host names: resolved off the request path, from a resolver the test answers (no DNS).

  private final Dns dns = new Dns();

  /** A resolver answering from a map the test changes; counts its lookups. */
  static final class Dns implements ProxyNames.Resolver {
    final Map<String, List<String>> answers = new ConcurrentHashMap<>();
    final AtomicInteger lookups = new AtomicInteger();

    @Override
    public InetAddress[] all(String name) throws UnknownHostException {
      lookups.incrementAndGet();
      List<String> found = answers.get(name);
      if (found == null) {
        throw new UnknownHostException(name + ": Name or service not known");
      }
      InetAddress[] addresses = new InetAddress[found.size()];
      for (int i = 0; i < addresses.length; i++) {
        addresses[i] = InetAddress.getByAddress(name, ClientAddresses.literal(found.get(i)));
      }
      return addresses;
    }
  }

  @Test
  @DisplayName("a host name that resolves to the peer makes its X-Forwarded-For believed; requests never resolve")
  void hostName() {
    dns.answers.put("nginx", List.of("172.18.0.5", "fd00::5"));
    ClientAddresses named = new ClientAddresses(Set.of("nginx"), dns);
    assertThat(named.resolve("172.18.0.5", List.of("198.51.100.7"))).isEqualTo("198.51.100.7");
    assertThat(named.resolve("[fd00::5]", List.of("198.51.100.7"))).isEqualTo("198.51.100.7");
    assertThat(named.resolve("172.18.0.6", List.of("198.51.100.7"))).isEqualTo("172.18.0.6");
    assertThat(named.resolve("172.18.0.5", List.of("6.6.6.6, 198.51.100.7, 172.18.0.5"))).isEqualTo("198.51.100.7");
    assertThat(named.https("http", "172.18.0.5", List.of("https"))).isTrue();
    assertThat(named.https("http", "172.18.0.6", List.of("https"))).isFalse();
    // A name in the header is never looked up: the hop is not an address, so the peer is the client.
    assertThat(named.resolve("172.18.0.5", List.of("198.51.100.7, nginx"))).isEqualTo("172.18.0.5");
    assertThat(dns.lookups).as("one lookup, at construction").hasValue(1);
  }

  @Test
  @DisplayName("stale trust: once the name resolves elsewhere, its old address is an ordinary client again")
  void reResolved() {
    dns.answers.put("nginx", List.of("172.18.0.5"));
    ClientAddresses named = new ClientAddresses(Set.of("nginx"), dns);
    dns.answers.put("nginx", List.of("172.18.0.9"));
    assertThat(named.resolve("172.18.0.5", List.of("198.51.100.7"))).as("no refresh yet: the snapshot holds")
        .isEqualTo("198.51.100.7");
    named.refresh();
    assertThat(named.resolve("172.18.0.5", List.of("6.6.6.6"))).isEqualTo("172.18.0.5");
    assertThat(named.https("http", "172.18.0.5", List.of("https"))).isFalse();
    assertThat(named.resolve("172.18.0.9", List.of("198.51.100.7"))).isEqualTo("198.51.100.7");
  }

  @Test
  @DisplayName("an unresolvable name trusts nobody's X-Forwarded-For until it resolves; losing it drops the trust")
  void unresolvable() {
    ClientAddresses named = new ClientAddresses(Set.of("nginx"), dns);
    for (String peer : List.of("172.18.0.5", "127.0.0.1", "203.0.113.9", "::1", "0.0.0.0")) {
      assertThat(named.resolve(peer, List.of("6.6.6.6"))).as(peer).isEqualTo(peer);
      assertThat(named.https("http", peer, List.of("https"))).as(peer).isFalse();
    }
    dns.answers.put("nginx", List.of("172.18.0.5"));
    named.refresh();
    assertThat(named.resolve("172.18.0.5", List.of("198.51.100.7"))).isEqualTo("198.51.100.7");
    dns.answers.remove("nginx");
    named.refresh();
    assertThat(named.resolve("172.18.0.5", List.of("6.6.6.6"))).isEqualTo("172.18.0.5");
  }

  @Test
  @DisplayName("one name failing leaves the other entries trusted")
  void mixed() {
    dns.answers.put("nginx", List.of("172.18.0.5"));
    ClientAddresses named = new ClientAddresses(Set.of("nginx", "missing", "10.0.0.0/8"), dns);
    assertThat(named.resolve("172.18.0.5", List.of("198.51.100.7"))).isEqualTo("198.51.100.7");
    assertThat(named.resolve("10.1.2.3", List.of("198.51.100.8"))).isEqualTo("198.51.100.8");
  }

  @Test
  @DisplayName("names are re-resolved every 30 s, every 5 s while one does not resolve")
  void cadence() {
    ClientAddresses named = new ClientAddresses(Set.of("nginx"), dns);
    assertThat(named.nextRefresh()).isEqualTo(Duration.ofSeconds(5));
    dns.answers.put("nginx", List.of("172.18.0.5"));
    named.refresh();
    assertThat(named.nextRefresh()).isEqualTo(Duration.ofSeconds(30));
    dns.answers.remove("nginx");
    named.refresh();
    assertThat(named.nextRefresh()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  @DisplayName("the log says what a name resolved to once per change, warns once on failure and once on recovery")
  void logged() {
    dns.answers.put("nginx", List.of("172.18.0.5"));
    ClientAddresses[] named = new ClientAddresses[1];
    assertThat(lines(() -> named[0] = new ClientAddresses(Set.of("nginx"), dns)))
        .singleElement().asString().contains("INFO").contains("nginx").contains("172.18.0.5");
    assertThat(lines(() -> {
      named[0].refresh();
      named[0].resolve("172.18.0.5", List.of("198.51.100.7"));
      named[0].resolve("203.0.113.9", List.of("198.51.100.7"));
    })).as("nothing changed, nothing per request").isEmpty();
    dns.answers.put("nginx", List.of("172.18.0.9", "172.18.0.5"));
    assertThat(lines(named[0]::refresh)).singleElement().asString().contains("INFO").contains("172.18.0.5")
        .contains("172.18.0.9");
    dns.answers.remove("nginx");
    assertThat(lines(named[0]::refresh)).singleElement().asString().contains("WARN").contains("nginx")
        .contains("Name or service not known");
    assertThat(lines(named[0]::refresh)).isEmpty();
    dns.answers.put("nginx", List.of("172.18.0.5"));
    assertThat(lines(named[0]::refresh)).singleElement().asString().contains("WARN").contains("nginx")
        .contains("172.18.0.5");
    assertThat(lines(named[0]::refresh)).isEmpty();
    assertThat(lines(() -> new ClientAddresses(Set.of("other"), dns))).singleElement().asString()
        .contains("WARN").contains("other");
  }

  /** The lines this class logged (slf4j-simple writes to whatever System.err is at the time) while running. */
  private static List<String> lines(Runnable action) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains(ProxyNames.class.getName()))
        .toList();
  }

  @Test
  @DisplayName("the background refresh runs only for names, on one daemon thread, until closed")
  void lifecycle() throws Exception {
    ClientAddresses plain = new ClientAddresses(Set.of("10.0.0.0/8"), dns);
    plain.start();
    assertThat(plain.refreshing()).isFalse();
    plain.close();
    dns.answers.put("nginx", List.of("172.18.0.5"));
    ClientAddresses named = new ClientAddresses(Set.of("nginx"), dns);
    named.start();
    named.start();
    assertThat(named.refreshing()).isTrue();
    named.close();
    assertThat(named.refreshing()).isFalse();
    named.start();
    assertThat(named.refreshing()).as("closed for good").isFalse();
  }

  @Test
  @DisplayName("the background thread re-resolves on its own: a moved name stops trusting its old address")
  void backgroundRefresh() throws Exception {
    dns.answers.put("nginx", List.of("172.18.0.5"));
    CountDownLatch refreshed = new CountDownLatch(1);
    ProxyNames.Resolver moving = name -> {
      InetAddress[] found = dns.all(name);
      if (dns.lookups.get() >= 3) {
        refreshed.countDown();
      }
      return found;
    };
    try (ProxyNames names = new ProxyNames(List.of("nginx"), moving, Duration.ofMillis(10), Duration.ofMillis(10))) {
      assertThat(names.contains(ClientAddresses.literal("172.18.0.5"))).isTrue();
      dns.answers.put("nginx", List.of("172.18.0.9"));
      names.start();
      assertThat(refreshed.await(10, TimeUnit.SECONDS)).as("two background lookups").isTrue();
      assertThat(names.contains(ClientAddresses.literal("172.18.0.5"))).isFalse();
      assertThat(names.contains(ClientAddresses.literal("172.18.0.9"))).isTrue();
    }
  }
}
