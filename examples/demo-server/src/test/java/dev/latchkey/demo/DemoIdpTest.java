package dev.latchkey.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.memory.InMemoryStores;
import dev.latchkey.auth.core.oauth.ClientSecretCipher;
import dev.latchkey.auth.core.oauth.OAuthProvider;
import dev.latchkey.auth.oauth.ProviderClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The demo OpenID provider of {@code LATCHKEY_DEMO_IDP=true}: how it is registered, re-registered and retired. */
class DemoIdpTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static Auth auth() {
    return Auth.builder().issuer("http://localhost:8080").audience("latchkey").clock(Clock.systemUTC())
        .stores(InMemoryStores.create(Clock.systemUTC())).oauthClient(ProviderClient.create())
        .oauthSecretKey(ClientSecretCipher.of(new byte[32])).build();
  }

  private static int discovery(String issuer) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(issuer + "/.well-known/openid-configuration")).GET().build(),
        HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  private static OAuthProvider demo(Auth auth) {
    return auth.admin().oauthProvider(DemoIdp.NAME).orElseThrow();
  }

  @Test
  @DisplayName("LATCHKEY_DEMO_IDP is off unless asked for; its port defaults to 8081; bad values name the variable")
  void config() {
    DemoConfig defaults = DemoConfig.fromEnv(java.util.Map.of());
    assertThat(defaults.demoIdp()).isFalse();
    assertThat(defaults.demoIdpPort()).isEqualTo(8081);
    DemoConfig on = DemoConfig.fromEnv(java.util.Map.of("LATCHKEY_DEMO_IDP", "true", "LATCHKEY_DEMO_IDP_PORT",
        "9090"));
    assertThat(on.demoIdp()).isTrue();
    assertThat(on.demoIdpPort()).isEqualTo(9090);
    assertThatThrownBy(() -> DemoConfig.fromEnv(java.util.Map.of("LATCHKEY_DEMO_IDP", "maybe")))
        .hasMessageContaining("LATCHKEY_DEMO_IDP must be true or false");
    assertThatThrownBy(() -> DemoConfig.fromEnv(java.util.Map.of("LATCHKEY_DEMO_IDP_PORT", "70000")))
        .hasMessageContaining("LATCHKEY_DEMO_IDP_PORT");
  }

  @Test
  @DisplayName("registered as a local OIDC provider \"Demo provider\" whose email_verified is not believed")
  void registers() throws Exception {
    Auth auth = auth();
    String issuer;
    try (DemoIdp idp = DemoIdp.start(0)) {
      issuer = idp.issuer();
      assertThat(issuer).matches("http://localhost:[0-9]+/demo");
      assertThat(discovery(issuer)).isEqualTo(200);
      idp.register(auth);
      idp.register(auth); // a restart finds it registered already
      OAuthProvider p = demo(auth);
      assertThat(p.displayName()).isEqualTo("Demo provider");
      assertThat(p.issuer()).isEqualTo(issuer);
      assertThat(p.local()).isTrue();
      assertThat(p.enabled()).isTrue();
      assertThat(p.trustEmailVerified()).as("its users type their own email claims").isFalse();
      assertThat(auth.oauth().providers()).extracting(OAuthProvider::name).containsExactly(DemoIdp.NAME);
    }
    assertThatThrownBy(() -> discovery(issuer)).as("stopped on close").isInstanceOf(IOException.class);
  }

  @Test
  @DisplayName("on another port it is updated; with the demo provider off, the leftover is disabled, not deleted")
  void movesAndRetires() {
    Auth auth = auth();
    try (DemoIdp first = DemoIdp.start(0)) {
      first.register(auth);
    }
    try (DemoIdp second = DemoIdp.start(0)) {
      second.register(auth);
      assertThat(demo(auth).issuer()).isEqualTo(second.issuer());
    }
    DemoIdp.disableLeftover(auth);
    assertThat(demo(auth).enabled()).isFalse();
    assertThat(auth.oauth().providers()).isEmpty();
  }
}
