package dev.latchkey.auth.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.ClientInfo;
import dev.latchkey.auth.core.OAuthCallbackResult;
import dev.latchkey.auth.core.OAuthStart;
import dev.latchkey.auth.core.oauth.ClientSecretCipher;
import dev.latchkey.auth.core.oauth.OAuthPolicy;
import dev.latchkey.auth.core.oauth.ProviderSettings;
import dev.latchkey.auth.oauth.Browser;
import dev.latchkey.auth.oauth.ProviderClient;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.Test;

/** Runs README.md's OAuth example against an OpenID Connect server in-process. */
class OAuthExampleTest {

  @Test
  void oauthExampleRuns() {
    MockOAuth2Server server = new MockOAuth2Server();
    server.start();
    try {
      String issuer = server.issuerUrl("corp").toString();
      String clientId = "my-client";
      String clientSecret = "my-client-secret";
      String secretKey = Base64.getEncoder().encodeToString(new byte[32]); // in a service: from configuration
      server.enqueueCallback(new DefaultOAuth2TokenCallback("corp", "alice-at-corp", "JWT", List.of(clientId),
          Map.of("email", "alice@corp.example", "email_verified", true), 3600));
      // README:oauth:start
      Auth auth = Auth.builder().issuer("https://auth.example.com").audience("my-api")
          .oauthClient(ProviderClient.create())
          .oauthSecretKey(ClientSecretCipher.fromBase64(secretKey)) // 32 random bytes from your configuration
          .oauthPolicy(OAuthPolicy.defaults("https://auth.example.com/oauth/{provider}/callback"))
          .build();
      auth.admin().createOAuthProvider(ProviderSettings.oidc("corp", "Corp SSO", issuer, clientId, clientSecret)
          .withLocal(true)); // the example IdP runs on this host; a real one is https on a public address

      // GET /oauth/corp/start: keep the binding in an HttpOnly cookie and redirect to the provider
      OAuthStart start = auth.oauth().start("corp");
      // GET /oauth/corp/callback?code&state[&iss]: pass the query and the cookie back
      Map<String, String> query = Browser.authorize(start.authorizationUrl()); // the provider's redirect
      OAuthCallbackResult result = auth.oauth().callback("corp", query, start.browserBinding().reveal(),
          ClientInfo.unknown());
      assertThat(result).isInstanceOf(OAuthCallbackResult.SignedIn.class);
      // README:oauth:end
    } finally {
      server.shutdown();
    }
  }
}
