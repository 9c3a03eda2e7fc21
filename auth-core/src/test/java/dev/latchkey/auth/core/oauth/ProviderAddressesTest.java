package dev.latchkey.auth.core.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The address rules for administrator-configured provider URLs (server-side request forgery). */
class ProviderAddressesTest {

  @ParameterizedTest
  @ValueSource(strings = {"https://127.0.0.1/", "https://127.1.2.3:8443/x", "https://0.0.0.0/", "https://0.1.2.3/",
      "https://10.0.0.5/", "https://172.16.0.1/", "https://172.31.255.255/", "https://192.168.1.1/",
      "https://169.254.169.254/latest/meta-data", "https://100.64.0.1/", "https://100.127.255.255/",
      "https://192.0.0.8/", "https://198.18.0.1/", "https://224.0.0.1/", "https://240.0.0.1/",
      "https://255.255.255.255/", "https://[::1]/", "https://[::]/", "https://[fe80::1]/", "https://[fc00::1]/",
      "https://[fd12:3456::1]/", "https://[fec0::1]/", "https://[ff02::1]/", "https://[::ffff:127.0.0.1]/",
      "https://[::ffff:169.254.169.254]/", "https://[::ffff:a00:5]/", "https://[::127.0.0.1]/",
      "https://[64:ff9b::a9fe:a9fe]/", "https://[2002:7f00:1::]/", "https://localhost/", "https://LOCALHOST./",
      "https://idp.localhost/", "https://printer.local/", "https://metadata.google.internal/",
      "https://2130706433/", "https://0x7f.1/", "https://017700000001/", "https://127.1/",
      "http://idp.example.com/", "ftp://idp.example.com/", "https:///nohost"})
  @DisplayName("loopback, unspecified, link-local, private, CGNAT, reserved, multicast, mapped and local names are"
      + " refused for a provider that is not local")
  void refused(String url) {
    assertThat(ProviderAddresses.check(URI.create(url), false)).as(url).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://accounts.google.com", "https://login.microsoftonline.com/common/v2.0",
      "https://203.0.113.7/", "https://8.8.8.8/", "https://172.32.0.1/", "https://100.128.0.1/",
      "https://[2606:4700::1111]/", "https://[::ffff:8.8.8.8]/", "https://idp.example.com:8443/realms/x"})
  @DisplayName("public addresses and host names pass the configuration-time check")
  void allowed(String url) {
    assertThat(ProviderAddresses.check(URI.create(url), false)).as(url).isEmpty();
  }

  @Test
  @DisplayName("a provider marked local may use loopback and private addresses, and plain http")
  void local() {
    for (String url : new String[] {"http://127.0.0.1:8080", "http://localhost:9000/realms/dev",
        "https://10.0.0.5/", "https://[::1]/", "http://mock-idp:8080/"}) {
      assertThat(ProviderAddresses.check(URI.create(url), true)).as(url).isEmpty();
      assertThat(ProviderAddresses.resolveAndCheck(URI.create(url), true)).as(url).isEmpty();
    }
    assertThat(ProviderAddresses.check(URI.create("ftp://127.0.0.1/"), true)).isPresent();
  }

  @Test
  @DisplayName("resolution checks every address a name resolves to, so a name for this machine is refused")
  void resolved() throws Exception {
    assertThat(ProviderAddresses.resolveAndCheck(URI.create("https://127.0.0.1/"), false)).isPresent();
    assertThat(ProviderAddresses.resolveAndCheck(URI.create("https://203.0.113.7/"), false)).isEmpty();
    assertThat(ProviderAddresses.isPublic(InetAddress.getByName("::ffff:10.1.2.3"))).isFalse();
    assertThat(ProviderAddresses.isPublic(InetAddress.getByName("1.1.1.1"))).isTrue();
  }
}
