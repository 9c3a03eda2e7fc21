package dev.latchkey.auth.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.ClientInfo;
import dev.latchkey.auth.core.OAuthCallbackResult;
import dev.latchkey.auth.core.OAuthStart;
import dev.latchkey.auth.core.token.TokenVerification;
import dev.latchkey.auth.core.memory.InMemoryStores;
import dev.latchkey.auth.core.oauth.ClientSecretCipher;
import dev.latchkey.auth.core.oauth.OAuthAccount;
import dev.latchkey.auth.core.oauth.ProviderSettings;
import dev.latchkey.auth.core.user.User;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The whole login against a real OpenID Connect server running in-process (NAV's mock-oauth2-server): discovery,
 * authorization with PKCE S256 and nonce, code exchange, ID-token validation through its JWKS, and a signing-key
 * rotation in the middle.
 */
class MockOidcServerTest {
  private static final String ISSUER_ID = "corp";
  private static final String CLIENT_ID = "latchkey-test";

  /** A key provider whose one signing key the test replaces (the server publishes only the current key). */
  static final class RotatingKeys extends KeyProvider {
    final AtomicReference<RSAKey> current = new AtomicReference<>(newKey());

    static RSAKey newKey() {
      try {
        return new RSAKeyGenerator(2048).keyID(java.util.UUID.randomUUID().toString()).generate();
      } catch (JOSEException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public JWK signingKey(String issuerId) {
      return current.get();
    }
  }

  private final RotatingKeys keys = new RotatingKeys();
  private MockOAuth2Server server;
  private Auth auth;
  private String issuer;

  @BeforeEach
  void start() {
    server = new MockOAuth2Server(new OAuth2Config(false, null, null, false,
        new OAuth2TokenProvider(keys, (java.time.Instant) null)));
    server.start();
    issuer = server.issuerUrl(ISSUER_ID).toString();
    ProviderClient client = ProviderClient.builder().jwksRefetchInterval(Duration.ofMillis(1)).build();
    auth = Auth.builder().issuer("https://auth.example.test").audience("api").clock(Clock.systemUTC())
        .stores(InMemoryStores.create(Clock.systemUTC())).oauthClient(client)
        .oauthSecretKey(ClientSecretCipher.of(new byte[32])).build();
    auth.admin().createOAuthProvider(ProviderSettings.oidc("corp", "Corp SSO", issuer, CLIENT_ID, "s3cret")
        .withTrustEmailVerified(true).withLocal(true)); // the mock IdP runs on this host
  }

  @AfterEach
  void stop() {
    server.shutdown();
  }

  private OAuthCallbackResult login(String subject, Map<String, Object> claims) {
    server.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, subject, "JWT", List.of(CLIENT_ID), claims,
        3600));
    OAuthStart start = auth.oauth().start("corp");
    Map<String, String> callback = Browser.authorize(start.authorizationUrl());
    return auth.oauth().callback("corp", callback, start.browserBinding().reveal(), ClientInfo.unknown());
  }

  private RecordedRequest next() throws InterruptedException {
    return server.takeRequest(5, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("discovery, PKCE S256, nonce, code exchange and ID-token validation log a new user in")
  void fullFlow() throws Exception {
    var result = (OAuthCallbackResult.SignedIn) login("alice-sub", Map.of("email", "alice@corp.example",
        "email_verified", true, "name", "Alice"));
    User user = result.tokens().user();
    assertThat(user.email()).isEqualTo("alice@corp.example");
    assertThat(user.emailVerified()).isTrue();
    assertThat(user.hasPassword()).isFalse();
    assertThat(auth.verify(result.tokens().accessToken().token())).isInstanceOf(TokenVerification.Valid.class);
    List<OAuthAccount> links = auth.oauth().accounts(user.id());
    assertThat(links).singleElement().satisfies(a -> {
      assertThat(a.issuer()).isEqualTo(issuer);
      assertThat(a.subject()).isEqualTo("alice-sub");
    });

    RecordedRequest discovery = next();
    assertThat(discovery.getPath()).endsWith("/.well-known/openid-configuration");
    RecordedRequest authorize = next();
    Map<String, String> sent = Browser.query(URI.create(authorize.getRequestUrl().toString()));
    assertThat(sent).containsEntry("code_challenge_method", "S256").containsEntry("response_type", "code")
        .containsEntry("client_id", CLIENT_ID).containsKeys("state", "nonce", "code_challenge", "redirect_uri");
    assertThat(sent.get("scope").split(" ")).contains("openid", "email");
    RecordedRequest token = next();
    String form = token.getBody().readUtf8();
    assertThat(form).contains("grant_type=authorization_code").contains("code_verifier=");
    assertThat(token.getHeader("Authorization")).startsWith("Basic ");
  }

  @Test
  @DisplayName("after the provider rotates its signing key, the next login refetches the JWKS and succeeds")
  void keyRotation() {
    var first = (OAuthCallbackResult.SignedIn) login("bob-sub", Map.of("email", "bob@corp.example",
        "email_verified", true));
    keys.current.set(RotatingKeys.newKey());
    var second = (OAuthCallbackResult.SignedIn) login("bob-sub", Map.of("email", "bob@corp.example",
        "email_verified", true));
    assertThat(second.tokens().user().id()).isEqualTo(first.tokens().user().id());
  }

  @Test
  @DisplayName("the same subject logs into the same account; another subject with a fresh email gets its own")
  void identities() {
    var a = (OAuthCallbackResult.SignedIn) login("carol-sub", Map.of("email", "carol@corp.example",
        "email_verified", true));
    var b = (OAuthCallbackResult.SignedIn) login("carol-sub", Map.of("email", "carol.new@corp.example",
        "email_verified", true));
    var c = (OAuthCallbackResult.SignedIn) login("dave-sub", Map.of("email", "dave@corp.example",
        "email_verified", true));
    assertThat(b.tokens().user().id()).isEqualTo(a.tokens().user().id());
    assertThat(c.tokens().user().id()).isNotEqualTo(a.tokens().user().id());
  }
}
