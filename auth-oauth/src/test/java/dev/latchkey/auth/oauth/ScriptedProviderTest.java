package dev.latchkey.auth.oauth;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.ClientInfo;
import dev.latchkey.auth.core.NewUser;
import dev.latchkey.auth.core.OAuthCallbackResult;
import dev.latchkey.auth.core.OAuthCallbackResult.Reason;
import dev.latchkey.auth.core.oauth.OAuthProvider;
import dev.latchkey.auth.core.OAuthStart;
import dev.latchkey.auth.core.StoreUnavailableException;
import dev.latchkey.auth.core.Stores;
import dev.latchkey.auth.core.memory.InMemoryStores;
import dev.latchkey.auth.core.oauth.ClientSecretCipher;
import dev.latchkey.auth.core.oauth.ProviderSettings;
import dev.latchkey.auth.core.oauth.ProviderType;
import dev.latchkey.auth.core.user.User;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@link ProviderClient} against WireMock-scripted providers: the GitHub and Discord API shapes, and an OpenID Connect
 * issuer misbehaving in every way the client must refuse.
 */
class ScriptedProviderTest {
  private static final String PASSWORD = "correct horse battery staple";

  private WireMockServer wm;
  private ScriptedIssuer oidc;
  private Stores stores;
  private Auth auth;

  @BeforeEach
  void setUp() {
    wm = new WireMockServer(options().dynamicPort());
    wm.start();
    oidc = new ScriptedIssuer(wm);
    URI base = URI.create(wm.baseUrl());
    ProviderClient client = ProviderClient.builder().timeout(Duration.ofSeconds(3))
        .endpoints(ProviderType.GITHUB, new ProviderEndpoints(base.resolve("/github/login/oauth/authorize"),
            base.resolve("/github/login/oauth/access_token"), base.resolve("/github-api")))
        .endpoints(ProviderType.DISCORD, new ProviderEndpoints(base.resolve("/discord/oauth2/authorize"),
            base.resolve("/discord/api/oauth2/token"), base.resolve("/discord/api/v10")))
        .build();
    stores = InMemoryStores.create(Clock.systemUTC());
    auth = Auth.builder().issuer("https://auth.example.test").audience("api").stores(stores).oauthClient(client)
        .oauthSecretKey(ClientSecretCipher.of(new byte[32])).build();
    auth.admin().createOAuthProvider(ProviderSettings.oidc("corp", "Corp", oidc.issuer, "client-1", "secret-1")
        .withTrustEmailVerified(true).withLocal(true)); // a WireMock IdP on this host
    auth.admin().createOAuthProvider(ProviderSettings.github("gh-client", "gh-secret").withLocal(true));
    auth.admin().createOAuthProvider(ProviderSettings.discord("dc-client", "dc-secret").withLocal(true));
  }

  @AfterEach
  void tearDown() {
    wm.stop();
  }

  /** A started login: what the browser holds and what the provider was asked. */
  record Started(OAuthStart start, Map<String, String> sent) {
    String state() {
      return sent.get("state");
    }

    String nonce() {
      return sent.get("nonce");
    }
  }

  private Started start(String provider) {
    OAuthStart s = auth.oauth().start(provider);
    return new Started(s, Browser.query(s.authorizationUrl()));
  }

  private OAuthCallbackResult callback(String provider, Started started, Map<String, String> query) {
    return auth.oauth().callback(provider, query, started.start().browserBinding().reveal(), ClientInfo.unknown());
  }

  private Map<String, String> codeFor(Started started) {
    Map<String, String> q = new HashMap<>();
    q.put("code", "code-123");
    q.put("state", started.state());
    return q;
  }

  /** One OIDC login whose ID token is built from the nonce the provider was sent. */
  private OAuthCallbackResult oidcLogin(Function<String, String> idTokenForNonce) {
    Started started = start("corp");
    oidc.answerToken(idTokenForNonce.apply(started.nonce()));
    return callback("corp", started, codeFor(started));
  }

  private int tokenRequests(String path) {
    return wm.findAll(postRequestedFor(urlPathEqualTo(path))).size();
  }

  @Nested
  @DisplayName("OpenID Connect")
  class Oidc {
    @BeforeEach
    void publish() {
      oidc.publish();
    }

    @Test
    @DisplayName("a valid ID token logs in; the code, verifier and client credentials went to the token endpoint")
    void valid() {
      var result = (OAuthCallbackResult.SignedIn) oidcLogin(n -> oidc.sign(oidc.claims("erin", n).build()));
      assertThat(result.tokens().user().email()).isEqualTo("erin@corp.example");
      wm.verify(postRequestedFor(urlPathEqualTo("/oidc/token"))
          .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("code=code-123"))
          .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("code_verifier="))
          .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.matching("Basic .+")));
    }

    @Test
    @DisplayName("the ID token must carry the nonce that was sent")
    void wrongNonce() {
      assertThat(oidcLogin(n -> oidc.sign(oidc.claims("erin", "another-nonce").build())))
          .isEqualTo(new OAuthCallbackResult.Refused(Reason.EXCHANGE_FAILED));
      assertThat(oidcLogin(n -> oidc.sign(oidc.claims("erin", n).claim("nonce", null).build())))
          .isEqualTo(new OAuthCallbackResult.Refused(Reason.EXCHANGE_FAILED));
    }

    @Test
    @DisplayName("a wrong issuer or audience, or a foreign authorized party, is refused")
    void wrongIssuerOrAudience() {
      assertThat(oidcLogin(n -> oidc.sign(oidc.claims("erin", n).issuer("https://evil.example").build())))
          .isEqualTo(new OAuthCallbackResult.Refused(Reason.EXCHANGE_FAILED));
      assertThat(oidcLogin(n -> oidc.sign(oidc.claims("erin", n).audience("another-client").build())))
          .isEqualTo(new OAuthCallbackResult.Refused(Reason.EXCHANGE_FAILED));
      assertThat(oidcLogin(n -> oidc.sign(oidc.claims("erin", n).audience(List.of("client-1", "other")).build())))
          .isEqualTo(new OAuthCallbackResult.Refused(Reason.EXCHANGE_FAILED));
      assertThat(oidcLogin(n -> oidc.sign(oidc.claims("erin", n).claim("azp", "other").build())))
          .isEqualTo(new OAuthCallbackResult.Refused(Reason.EXCHANGE_FAILED));
      assertThat(oidcLogin(n -> oidc.sign(oidc.claims("erin", n).audience(List.of("client-1", "other"))
          .claim("azp", "client-1").build()))).isInstanceOf(OAuthCallbackResult.SignedIn.class);
    }

    @Test
    @DisplayName("alg none, an HMAC keyed with the client secret, and a key not in the JWKS are refused")
    void signatures() {
      assertThat(oidcLogin(n -> ScriptedIssuer.unsigned(oidc.claims("erin", n).build())))
          .isEqualTo(new OAuthCallbackResult.Refused(Reason.EXCHANGE_FAILED));
      assertThat(oidcLogin(n -> ScriptedIssuer.hmac("secret-1", oidc.claims("erin", n).build())))
          .isEqualTo(new OAuthCallbackResult.Refused(Reason.EXCHANGE_FAILED));
      assertThat(oidcLogin(n -> ScriptedIssuer.sign(ScriptedIssuer.rsa("k1"), oidc.claims("erin", n).build())))
          .isEqualTo(new OAuthCallbackResult.Refused(Reason.EXCHANGE_FAILED));
      String valid = oidc.sign(oidc.claims("erin", "x").build());
      String[] parts = valid.split("\\.");
      String tampered = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
          oidc.claims("mallory", "x").build().toString().getBytes()) + "." + parts[2];
      assertThat(oidcLogin(n -> tampered)).isEqualTo(new OAuthCallbackResult.Refused(Reason.EXCHANGE_FAILED));
      assertThat(stores.oauthAccounts().find(oidc.issuer, "erin")).isEmpty();
    }

    @Test
    @DisplayName("an expired ID token, or one issued in the future or long ago, is refused")
    void times() {
      Instant now = Instant.now();
      assertThat(oidcLogin(n -> oidc.sign(oidc.claims("erin", n).issueTime(Date.from(now.minusSeconds(600)))
          .expirationTime(Date.from(now.minusSeconds(120))).build())))
          .isEqualTo(new OAuthCallbackResult.Refused(Reason.EXCHANGE_FAILED));
      assertThat(oidcLogin(n -> oidc.sign(oidc.claims("erin", n).issueTime(Date.from(now.plusSeconds(600)))
          .build()))).isEqualTo(new OAuthCallbackResult.Refused(Reason.EXCHANGE_FAILED));
      assertThat(oidcLogin(n -> oidc.sign(oidc.claims("erin", n).issueTime(Date.from(now.minusSeconds(7200)))
          .expirationTime(Date.from(now.plusSeconds(600))).build())))
          .isEqualTo(new OAuthCallbackResult.Refused(Reason.EXCHANGE_FAILED));
    }

    @Test
    @DisplayName("error=access_denied, a wrong or replayed state and a mix-up iss never reach the token endpoint")
    void refusedBeforeExchange() {
      Started denied = start("corp");
      Map<String, String> q = codeFor(denied);
      q.remove("code");
      q.put("error", "access_denied");
      assertThat(callback("corp", denied, q)).isEqualTo(new OAuthCallbackResult.Refused(Reason.PROVIDER_ERROR));
      Started wrong = start("corp");
      Map<String, String> forged = codeFor(wrong);
      forged.put("state", "forged");
      assertThat(callback("corp", wrong, forged)).isEqualTo(new OAuthCallbackResult.Refused(Reason.INVALID_STATE));
      Started mixUp = start("corp");
      Map<String, String> other = codeFor(mixUp);
      other.put("iss", "https://other-issuer.example");
      assertThat(callback("corp", mixUp, other)).isEqualTo(new OAuthCallbackResult.Refused(Reason.ISSUER_MISMATCH));
      assertThat(tokenRequests("/oidc/token")).isZero();

      Started once = start("corp");
      oidc.answerToken(oidc.sign(oidc.claims("erin", once.nonce()).build()));
      assertThat(callback("corp", once, codeFor(once))).isInstanceOf(OAuthCallbackResult.SignedIn.class);
      assertThat(callback("corp", once, codeFor(once))).isEqualTo(new OAuthCallbackResult.Refused(
          Reason.INVALID_STATE));
      assertThat(tokenRequests("/oidc/token")).isEqualTo(1);
    }

    @Test
    @DisplayName("a token endpoint error is a refused login, and an unreachable provider is reported as such")
    void tokenEndpoint() {
      Started started = start("corp");
      oidc.answerTokenError("invalid_grant");
      assertThat(callback("corp", started, codeFor(started)))
          .isEqualTo(new OAuthCallbackResult.Refused(Reason.EXCHANGE_FAILED));
      Started next = start("corp");
      wm.stubFor(post(urlPathEqualTo("/oidc/token")).willReturn(aResponse().withFault(
          com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER)));
      assertThatThrownBy(() -> callback("corp", next, codeFor(next))).isInstanceOf(StoreUnavailableException.class)
          .hasMessageNotContaining("code-123").hasMessageNotContaining("secret-1");
    }

    @Test
    @DisplayName("userinfo completes an ID token without email, and must name the same subject")
    void userinfo() {
      wm.stubFor(get(urlPathEqualTo("/oidc/userinfo"))
          .withHeader("Authorization", equalTo("Bearer provider-access-token-xyz"))
          .willReturn(okJson("{\"sub\":\"frank\",\"email\":\"frank@corp.example\",\"email_verified\":true}")));
      var ok = (OAuthCallbackResult.SignedIn) oidcLogin(n -> oidc.sign(oidc.claims("frank", n).claim("email", null)
          .claim("email_verified", null).build()));
      assertThat(ok.tokens().user().email()).isEqualTo("frank@corp.example");
      assertThat(oidcLogin(n -> oidc.sign(oidc.claims("grace", n).claim("email", null).build())))
          .isEqualTo(new OAuthCallbackResult.Refused(Reason.EXCHANGE_FAILED));
    }

    @Test
    @DisplayName("an unverified provider email does not join the local account with that email")
    void unverifiedEmail() {
      User local = auth.admin().createUser(new NewUser("erin", "erin@corp.example", PASSWORD, null, false,
          Set.of()));
      assertThat(oidcLogin(n -> oidc.sign(oidc.claims("erin", n).claim("email_verified", false).build())))
          .isEqualTo(new OAuthCallbackResult.Refused(Reason.LINK_NOT_ALLOWED));
      assertThat(auth.oauth().accounts(local.id())).isEmpty();
      var linked = (OAuthCallbackResult.SignedIn) oidcLogin(n -> oidc.sign(oidc.claims("erin", n).build()));
      assertThat(linked.tokens().user().id()).isEqualTo(local.id());
    }

    @Test
    @DisplayName("unknown key ids refetch the JWKS at most once per interval, however many tokens name them")
    void jwksRefetchIsRateLimited() {
      oidcLogin(n -> oidc.sign(oidc.claims("erin", n).build()));
      int before = wm.findAll(getRequestedFor(urlPathEqualTo("/oidc/jwks"))).size();
      for (int i = 0; i < 10; i++) {
        assertThat(oidcLogin(n -> ScriptedIssuer.sign(ScriptedIssuer.rsa("forged-" + Math.random()),
            oidc.claims("erin", n).build()))).isEqualTo(new OAuthCallbackResult.Refused(Reason.EXCHANGE_FAILED));
      }
      int after = wm.findAll(getRequestedFor(urlPathEqualTo("/oidc/jwks"))).size();
      assertThat(after - before).isLessThanOrEqualTo(1);
    }
  }

  @Nested
  @DisplayName("OpenID Connect metadata")
  class Metadata {
    @Test
    @DisplayName("a discovery document naming another issuer is refused before the browser is sent anywhere")
    void issuerMismatch() {
      oidc.publish(d -> {
        d.put("issuer", "https://impostor.example");
        return d;
      });
      assertThatThrownBy(() -> auth.oauth().start("corp")).isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("impostor");
    }

    @Test
    @DisplayName("a provider offering only plain PKCE, or only HS256 ID tokens, is refused")
    void downgrades() {
      oidc.publish(d -> {
        d.put("code_challenge_methods_supported", List.of("plain"));
        return d;
      });
      assertThatThrownBy(() -> auth.oauth().start("corp")).isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("S256");
    }

    @Test
    @DisplayName("symmetric-only ID-token algorithms and http endpoints are refused")
    void weakMetadata() {
      oidc.publish(d -> {
        d.put("id_token_signing_alg_values_supported", List.of("HS256", "none"));
        return d;
      });
      assertThatThrownBy(() -> auth.oauth().start("corp")).isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    @DisplayName("when the metadata announces RFC 9207, a callback without iss is refused before the exchange")
    void issParameterRequired() {
      oidc.publish(d -> {
        d.put("authorization_response_iss_parameter_supported", true);
        return d;
      });
      Started started = start("corp");
      assertThat(callback("corp", started, codeFor(started)))
          .isEqualTo(new OAuthCallbackResult.Refused(Reason.ISSUER_MISMATCH));
      assertThat(tokenRequests("/oidc/token")).isZero();
      Started again = start("corp");
      oidc.answerToken(oidc.sign(oidc.claims("erin", again.nonce()).build()));
      Map<String, String> q = codeFor(again);
      q.put("iss", oidc.issuer);
      assertThat(callback("corp", again, q)).isInstanceOf(OAuthCallbackResult.SignedIn.class);
    }
  }

  @Nested
  @DisplayName("server-side request forgery")
  class Addresses {
    /** The provider as if configured before the address rules, or its host now resolves (is rebound) locally. */
    private void notLocal(String name) {
      OAuthProvider p = stores.oauthProviders().find(name).orElseThrow();
      stores.oauthProviders().update(new OAuthProvider(p.name(), p.displayName(), p.type(), p.clientId(),
          p.encryptedClientSecret(), p.issuer(), p.scopes(), true, p.trustEmailVerified(), false, p.createdAt()));
    }

    @Test
    @DisplayName("discovery is not fetched from a loopback issuer unless the provider is marked local")
    void loopbackIssuerNotFetched() {
      notLocal("corp");
      assertThatThrownBy(() -> auth.oauth().start("corp")).isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("issuer");
      assertThat(wm.getAllServeEvents()).isEmpty();
    }

    @Test
    @DisplayName("a host name that resolves to this machine (DNS rebinding) is refused before any connection")
    void resolvedAddressesChecked() throws Exception {
      String host = java.net.InetAddress.getLocalHost().getHostName();
      assertThat(java.net.InetAddress.getAllByName(host)).as("this machine's name resolves locally")
          .noneMatch(dev.latchkey.auth.core.oauth.ProviderAddresses::isPublic);
      assertThat(dev.latchkey.auth.core.oauth.ProviderAddresses.check(URI.create("https://" + host + "/"), false))
          .as("the name alone looks public").isEmpty();
      assertThat(dev.latchkey.auth.core.oauth.ProviderAddresses.resolveAndCheck(URI.create("https://" + host
          + "/"), false)).hasValueSatisfying(r -> assertThat(r).contains("resolves to"));
      assertThat(dev.latchkey.auth.core.oauth.ProviderAddresses.resolveAndCheck(URI.create("https://" + host
          + "/"), true)).isEmpty();
    }

    @Test
    @DisplayName("GitHub's token endpoint on a loopback address is not called for a provider not marked local")
    void tokenEndpointNotCalled() {
      notLocal("github");
      Started started = start("github");
      assertThat(callback("github", started, codeFor(started)))
          .isEqualTo(new OAuthCallbackResult.Refused(Reason.EXCHANGE_FAILED));
      assertThat(tokenRequests("/github/login/oauth/access_token")).isZero();
    }

    @Test
    @DisplayName("a discovery document naming an endpoint on a private address is refused for a non-local provider")
    void privateEndpointInDiscovery() throws Exception {
      Map<String, Object> doc = new java.util.HashMap<>(Map.of("token_endpoint", "https://10.0.0.5/token"));
      assertThatThrownBy(() -> Discovery.endpoint(doc, "token_endpoint", true, false))
          .isInstanceOf(ProviderFailure.class).hasMessageContaining("token_endpoint");
      for (String url : List.of("https://169.254.169.254/latest", "https://[::1]/t", "https://localhost/t",
          "https://[::ffff:10.0.0.5]/t", "http://idp.example.com/t")) {
        doc.put("token_endpoint", url);
        assertThatThrownBy(() -> Discovery.endpoint(doc, "token_endpoint", true, false)).as(url)
            .isInstanceOf(ProviderFailure.class);
        assertThat(Discovery.endpoint(doc, "token_endpoint", true, true)).as(url).isEqualTo(URI.create(url));
      }
      doc.put("token_endpoint", "https://idp.example.com/token");
      assertThat(Discovery.endpoint(doc, "token_endpoint", true, false))
          .isEqualTo(URI.create("https://idp.example.com/token"));
    }
  }

  @Nested
  @DisplayName("GitHub")
  class GitHub {
    private void script(String emails) {
      wm.stubFor(post(urlPathEqualTo("/github/login/oauth/access_token")).willReturn(aResponse().withStatus(200)
          .withHeader("Content-Type", "application/x-www-form-urlencoded")
          .withBody("access_token=gho_providertoken&scope=read%3Auser%2Cuser%3Aemail&token_type=bearer")));
      wm.stubFor(get(urlPathEqualTo("/github-api/user")).withHeader("Authorization", equalTo("Bearer gho_providertoken"))
          .willReturn(okJson("{\"login\":\"octocat\",\"id\":583231,\"name\":\"The Octocat\",\"email\":null}")));
      wm.stubFor(get(urlPathEqualTo("/github-api/user/emails"))
          .withHeader("Authorization", equalTo("Bearer gho_providertoken")).willReturn(okJson(emails)));
    }

    private OAuthCallbackResult login() {
      Started started = start("github");
      assertThat(started.sent()).containsEntry("code_challenge_method", "S256").containsEntry("client_id",
          "gh-client").doesNotContainKey("nonce");
      assertThat(started.start().authorizationUrl().getPath()).isEqualTo("/github/login/oauth/authorize");
      return callback("github", started, codeFor(started));
    }

    @Test
    @DisplayName("the verified primary email from /user/emails joins the local account; the id is the subject")
    void verifiedPrimary() {
      User local = auth.admin().createUser(new NewUser("octo", "octo@github.example", PASSWORD, null, false,
          Set.of()));
      script("[{\"email\":\"public@github.example\",\"primary\":false,\"verified\":true},"
          + "{\"email\":\"octo@github.example\",\"primary\":true,\"verified\":true,\"visibility\":\"private\"}]");
      var result = (OAuthCallbackResult.SignedIn) login();
      assertThat(result.tokens().user().id()).isEqualTo(local.id());
      assertThat(stores.oauthAccounts().find("https://github.com", "583231")).isPresent();
      wm.verify(postRequestedFor(urlPathEqualTo("/github/login/oauth/access_token"))
          .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("client_secret=gh-secret"))
          .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("code_verifier=")));
    }

    @Test
    @DisplayName("an unverified primary email must not link")
    void unverifiedPrimary() {
      auth.admin().createUser(new NewUser("octo", "octo@github.example", PASSWORD, null, false, Set.of()));
      script("[{\"email\":\"octo@github.example\",\"primary\":true,\"verified\":false}]");
      assertThat(login()).isEqualTo(new OAuthCallbackResult.Refused(Reason.LINK_NOT_ALLOWED));
      assertThat(stores.oauthAccounts().find("https://github.com", "583231")).isEmpty();
    }

    @Test
    @DisplayName("GitHub's 200 error body for a bad code is a refused login")
    void badCode() {
      wm.stubFor(post(urlPathEqualTo("/github/login/oauth/access_token")).willReturn(aResponse().withStatus(200)
          .withHeader("Content-Type", "application/x-www-form-urlencoded")
          .withBody("error=bad_verification_code&error_description=The+code+passed+is+incorrect+or+expired.")));
      assertThat(login()).isEqualTo(new OAuthCallbackResult.Refused(Reason.EXCHANGE_FAILED));
    }
  }

  @Nested
  @DisplayName("Discord")
  class Discord {
    private void script(boolean verified) {
      wm.stubFor(post(urlPathEqualTo("/discord/api/oauth2/token")).willReturn(okJson(
          "{\"access_token\":\"dc-provider-token\",\"token_type\":\"Bearer\",\"expires_in\":604800,"
              + "\"refresh_token\":\"dc-refresh\",\"scope\":\"identify email\"}")));
      wm.stubFor(get(urlPathEqualTo("/discord/api/v10/users/@me"))
          .withHeader("Authorization", equalTo("Bearer dc-provider-token"))
          .willReturn(okJson("{\"id\":\"80351110224678912\",\"username\":\"nelly\",\"global_name\":\"Nelly\","
              + "\"email\":\"nelly@discord.example\",\"verified\":" + verified + "}")));
    }

    private OAuthCallbackResult login() {
      Started started = start("discord");
      return callback("discord", started, codeFor(started));
    }

    @Test
    @DisplayName("Discord is not trusted for verified by default; once trusted, a verified email joins the account")
    void verified() {
      User local = auth.admin().createUser(new NewUser("nelly", "nelly@discord.example", PASSWORD, null, false,
          Set.of()));
      script(true);
      assertThat(login()).isEqualTo(new OAuthCallbackResult.Refused(Reason.LINK_NOT_ALLOWED));
      auth.admin().updateOAuthProvider(ProviderSettings.discord("dc-client", null).withLocal(true)
          .withTrustEmailVerified(true));
      var result = (OAuthCallbackResult.SignedIn) login();
      assertThat(result.tokens().user().id()).isEqualTo(local.id());
      assertThat(stores.oauthAccounts().find("https://discord.com", "80351110224678912")).isPresent();
      wm.verify(postRequestedFor(urlPathEqualTo("/discord/api/oauth2/token"))
          .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.matching("Basic .+")));
    }

    @Test
    @DisplayName("verified=false must not link; a new account is created without the unverified address")
    void unverified() {
      auth.admin().updateOAuthProvider(ProviderSettings.discord("dc-client", null).withLocal(true)
          .withTrustEmailVerified(true));
      auth.admin().createUser(new NewUser("nelly", "nelly@discord.example", PASSWORD, null, false, Set.of()));
      script(false);
      assertThat(login()).isEqualTo(new OAuthCallbackResult.Refused(Reason.LINK_NOT_ALLOWED));
      auth.admin().deleteUser(auth.admin().listUsers(new dev.latchkey.auth.core.user.UserQuery("nelly", 1, 10))
          .items().get(0).id());
      var created = (OAuthCallbackResult.SignedIn) login();
      assertThat(created.tokens().user().email()).isNull();
      assertThat(created.tokens().user().emailVerified()).isFalse();
      assertThat(stores.oauthAccounts().find("https://discord.com", "80351110224678912").orElseThrow().email())
          .isEqualTo("nelly@discord.example");
    }
  }

  @Test
  @DisplayName("provider tokens, codes and client secrets never reach logs, events, stores or results")
  void secretsStayInside() {
    oidc.publish();
    java.io.PrintStream err = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
    List<Object> results = new java.util.ArrayList<>();
    try {
      results.add(oidcLogin(n -> oidc.sign(oidc.claims("erin", n).build())));
      results.add(oidcLogin(n -> oidc.sign(oidc.claims("erin", "wrong").build())));
      Started started = start("corp");
      oidc.answerTokenError("invalid_grant");
      results.add(callback("corp", started, codeFor(started)));
    } finally {
      System.setErr(err);
    }
    StringBuilder everything = new StringBuilder(captured.toString(java.nio.charset.StandardCharsets.UTF_8));
    results.forEach(r -> everything.append(r));
    stores.eventLog().query(new dev.latchkey.auth.core.event.EventQuery(null, null, 100))
        .forEach(e -> everything.append(e));
    stores.oauthAccounts().find(oidc.issuer, "erin").ifPresent(everything::append);
    stores.oauthProviders().list().forEach(p -> everything.append(p.encryptedClientSecret()));
    assertThat(everything.toString()).contains("refused").doesNotContain("provider-access-token-xyz")
        .doesNotContain("code-123").doesNotContain("secret-1").doesNotContain("gh-secret");
  }
}
