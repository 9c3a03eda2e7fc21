package dev.latchkey.auth.http.javalin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Whose X-Forwarded-For is believed, and which hop is the client. */
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
  @DisplayName("host names and bad blocks are refused at configuration time")
  void invalid() {
    assertThatThrownBy(() -> new ClientAddresses(Set.of("proxy.example.com"))).isInstanceOf(
        IllegalArgumentException.class);
    assertThatThrownBy(() -> new ClientAddresses(Set.of("10.0.0.0/33"))).isInstanceOf(
        IllegalArgumentException.class);
  }
}
