package dev.latchkey.auth.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.auth.core.OAuthCallbackResult.Reason;
import dev.latchkey.auth.core.memory.InMemoryStores;
import dev.latchkey.auth.core.oauth.AuthorizationRequest;
import dev.latchkey.auth.core.oauth.CodeExchange;
import dev.latchkey.auth.core.oauth.ExchangeResult;
import dev.latchkey.auth.core.oauth.ExternalIdentity;
import dev.latchkey.auth.core.oauth.OAuthClient;
import dev.latchkey.auth.core.oauth.OAuthPolicy;
import dev.latchkey.auth.core.oauth.OAuthProvider;
import dev.latchkey.auth.core.oauth.ProviderType;
import dev.latchkey.auth.core.token.TokenHash;
import dev.latchkey.auth.core.user.User;
import dev.latchkey.auth.testkit.MutableClock;
import dev.latchkey.auth.testkit.Race;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The OAuth login flow of the core against a scripted {@link OAuthClient}: state, browser binding, PKCE, iss and the
 * linking rules. The real client (ScribeJava, Nimbus) and its provider tests belong to the auth-oauth module.
 */
class OAuthLoginTest {
  private static final String ISSUER = "https://accounts.example.test";
  private static final URI APP = URI.create("https://app.example.test/welcome");

  private MutableClock clock;
  private Stores stores;
  private Auth auth;
  private final ScriptedClient client = new ScriptedClient();

  /** Records requests and answers exchanges with a scripted identity. */
  static final class ScriptedClient implements OAuthClient {
    final List<AuthorizationRequest> requests = new CopyOnWriteArrayList<>();
    final List<CodeExchange> exchanges = new CopyOnWriteArrayList<>();
    ExchangeResult answer = new ExchangeResult.Identity(
        new ExternalIdentity(ISSUER, "sub-1", "alice@example.com", true, "Alice"));

    @Override
    public URI authorizationUrl(OAuthProvider provider, AuthorizationRequest request) {
      requests.add(request);
      return URI.create("https://accounts.example.test/authorize?state=" + request.state());
    }

    @Override
    public ExchangeResult exchange(OAuthProvider provider, CodeExchange exchange) {
      exchanges.add(exchange);
      return answer;
    }
  }

  @BeforeEach
  void setUp() {
    clock = MutableClock.standard();
    stores = InMemoryStores.create(clock);
    build(OAuthPolicy.Linking.AUTO_LINK_VERIFIED_EMAIL);
    stores.oauthProviders().create(new OAuthProvider("corp", "Corp SSO", ProviderType.OIDC, "client",
        "v1:ciphertext", ISSUER, Set.of("openid", "email"), true, clock.instant()));
  }

  private void build(OAuthPolicy.Linking linking) {
    auth = Auth.builder().issuer("https://auth.example.test").audience("api").clock(clock).stores(stores)
        .oauthClient(client)
        .oauthPolicy(OAuthPolicy.defaults("https://auth.example.test/oauth/{provider}/callback")
            .withAllowedRedirects(Set.of(APP)).withLinking(linking))
        .build();
  }

  private OAuthStart start() {
    return auth.oauth().start("corp", APP);
  }

  private String lastState() {
    return client.requests.get(client.requests.size() - 1).state();
  }

  private Map<String, String> query(String state) {
    Map<String, String> q = new HashMap<>();
    q.put("code", "the-code");
    q.put("state", state);
    q.put("iss", ISSUER);
    return q;
  }

  private OAuthCallbackResult callback(Map<String, String> query, OAuthStart start) {
    return auth.oauth().callback("corp", query, start.browserBinding().reveal(), ClientInfo.unknown());
  }

  @Nested
  @DisplayName("start")
  class Start {
    @Test
    @DisplayName("asks with a fresh 256-bit state and nonce, a PKCE S256 challenge and the exact callback")
    void request() {
      OAuthStart s = start();
      AuthorizationRequest r = client.requests.get(0);
      assertThat(Base64.getUrlDecoder().decode(r.state())).hasSize(32);
      assertThat(Base64.getUrlDecoder().decode(r.nonce())).hasSize(32);
      assertThat(r.redirectUri()).isEqualTo(URI.create("https://auth.example.test/oauth/corp/callback"));
      assertThat(AuthorizationRequest.CODE_CHALLENGE_METHOD).isEqualTo("S256");
      callback(query(r.state()), s);
      String verifier = client.exchanges.get(0).codeVerifier();
      assertThat(r.codeChallenge()).isEqualTo(Base64.getUrlEncoder().withoutPadding()
          .encodeToString(TokenHash.of(verifier).bytes()));
      assertThat(r.codeChallenge()).isNotEqualTo(verifier);
      assertThat(client.exchanges.get(0).nonce()).isEqualTo(r.nonce());
      assertThat(s.toString()).doesNotContain(s.browserBinding().reveal());
    }

    @Test
    @DisplayName("post-login redirects must be on the allow-list, compared exactly; unknown providers are not found")
    void redirects() {
      assertThatThrownBy(() -> auth.oauth().start("corp", URI.create("https://app.example.test/welcome/")))
          .isInstanceOf(ValidationException.class);
      assertThatThrownBy(() -> auth.oauth().start("corp", URI.create("https://evil.example/welcome")))
          .isInstanceOf(ValidationException.class);
      assertThatThrownBy(() -> auth.oauth().start("nope", null)).isInstanceOf(NotFoundException.class);
    }
  }

  @Nested
  @DisplayName("callback checks, all before any code is exchanged")
  class Checks {
    @Test
    @DisplayName("a missing, unknown or replayed state is refused")
    void state() {
      OAuthStart s = start();
      Map<String, String> noState = query(lastState());
      noState.remove("state");
      assertThat(callback(noState, s)).isEqualTo(new OAuthCallbackResult.Refused(Reason.INVALID_STATE));
      assertThat(callback(query("forged-state"), s)).isEqualTo(new OAuthCallbackResult.Refused(Reason.INVALID_STATE));
      String state = lastState();
      assertThat(callback(query(state), s)).isInstanceOf(OAuthCallbackResult.SignedIn.class);
      assertThat(callback(query(state), s)).isEqualTo(new OAuthCallbackResult.Refused(Reason.INVALID_STATE));
      assertThat(client.exchanges).hasSize(1);
    }

    @Test
    @DisplayName("state from another browser (wrong or missing binding) is refused and burnt")
    void binding() {
      OAuthStart s = start();
      String state = lastState();
      assertThat(auth.oauth().callback("corp", query(state), "someone-elses-cookie", ClientInfo.unknown()))
          .isEqualTo(new OAuthCallbackResult.Refused(Reason.INVALID_STATE));
      assertThat(callback(query(state), s)).isEqualTo(new OAuthCallbackResult.Refused(Reason.INVALID_STATE));
      start();
      assertThat(auth.oauth().callback("corp", query(lastState()), null, ClientInfo.unknown()))
          .isEqualTo(new OAuthCallbackResult.Refused(Reason.INVALID_STATE));
      assertThat(client.exchanges).isEmpty();
    }

    @Test
    @DisplayName("expired state is refused")
    void expired() {
      OAuthStart s = start();
      clock.advance(Duration.ofMinutes(10));
      assertThat(callback(query(lastState()), s)).isEqualTo(new OAuthCallbackResult.Refused(Reason.INVALID_STATE));
    }

    @Test
    @DisplayName("error=access_denied is refused; a mix-up iss is refused; neither exchanges a code")
    void errorAndMixUp() {
      OAuthStart s = start();
      Map<String, String> denied = query(lastState());
      denied.put("error", "access_denied");
      assertThat(callback(denied, s)).isEqualTo(new OAuthCallbackResult.Refused(Reason.PROVIDER_ERROR));
      OAuthStart t = start();
      Map<String, String> mixUp = query(lastState());
      mixUp.put("iss", "https://attacker.example");
      assertThat(callback(mixUp, t)).isEqualTo(new OAuthCallbackResult.Refused(Reason.ISSUER_MISMATCH));
      assertThat(client.exchanges).isEmpty();
    }

    @Test
    @DisplayName("a failed exchange (bad ID token, wrong nonce…) is refused")
    void exchangeFails() {
      client.answer = new ExchangeResult.Failed("nonce mismatch");
      OAuthStart s = start();
      assertThat(callback(query(lastState()), s)).isEqualTo(new OAuthCallbackResult.Refused(Reason.EXCHANGE_FAILED));
      assertThat(stores.userDirectory().search(new dev.latchkey.auth.core.user.UserQuery(null, 1, 10)).total())
          .isZero();
    }

    @Test
    @DisplayName("of concurrent callbacks with one state exactly one exchanges a code")
    void concurrentCallbacks() {
      OAuthStart s = start();
      String state = lastState();
      List<OAuthCallbackResult> results = Race.run(10, i -> callback(query(state), s));
      assertThat(results).filteredOn(r -> r instanceof OAuthCallbackResult.SignedIn).hasSize(1);
      assertThat(client.exchanges).hasSize(1);
    }
  }

  @Nested
  @DisplayName("accounts")
  class Accounts {
    private OAuthCallbackResult login() {
      OAuthStart s = start();
      return callback(query(lastState()), s);
    }

    @Test
    @DisplayName("a new identity gets an account without a password; the next login finds it by issuer and subject")
    void newAccount() {
      var first = (OAuthCallbackResult.SignedIn) login();
      User user = first.tokens().user();
      assertThat(user.hasPassword()).isFalse();
      assertThat(user.emailVerified()).isTrue();
      assertThat(first.redirect()).isEqualTo(APP);
      client.answer = new ExchangeResult.Identity(new ExternalIdentity(ISSUER, "sub-1", "changed@example.com", true,
          null));
      var second = (OAuthCallbackResult.SignedIn) login();
      assertThat(second.tokens().user().id()).isEqualTo(user.id());
      assertThat(auth.login(user.username(), "", ClientInfo.unknown())).isInstanceOf(LoginResult.InvalidCredentials.class);
    }

    @Test
    @DisplayName("a provider-verified email joins the local account with the same verified email")
    void autoLink() {
      User local = auth.admin().createUser(new NewUser("alice", "alice@example.com", "correct horse battery staple",
          null, false, Set.of()));
      var result = (OAuthCallbackResult.SignedIn) login();
      assertThat(result.tokens().user().id()).isEqualTo(local.id());
      assertThat(stores.oauthAccounts().listByUser(local.id())).hasSize(1);
    }

    @Test
    @DisplayName("an unverified provider email never links, and neither does an unverified local email")
    void noLinkWithoutVerification() {
      User local = auth.admin().createUser(new NewUser("alice", "alice@example.com", "correct horse battery staple",
          null, false, Set.of()));
      client.answer = new ExchangeResult.Identity(new ExternalIdentity(ISSUER, "sub-9", "alice@example.com", false,
          null));
      assertThat(login()).isEqualTo(new OAuthCallbackResult.Refused(Reason.LINK_NOT_ALLOWED));
      auth.register(Registration.of("bob", "bob@example.com", "correct horse battery staple")); // unverified
      client.answer = new ExchangeResult.Identity(new ExternalIdentity(ISSUER, "sub-8", "BOB@example.com", true,
          null));
      assertThat(login()).isEqualTo(new OAuthCallbackResult.Refused(Reason.LINK_NOT_ALLOWED));
      assertThat(stores.oauthAccounts().listByUser(local.id())).isEmpty();
    }

    @Test
    @DisplayName("with linking set to require login, a matching email is refused")
    void requireLogin() {
      build(OAuthPolicy.Linking.REQUIRE_LOGIN);
      auth.admin().createUser(new NewUser("alice", "alice@example.com", "correct horse battery staple", null, false,
          Set.of()));
      assertThat(login()).isEqualTo(new OAuthCallbackResult.Refused(Reason.LINK_NOT_ALLOWED));
    }

    @Test
    @DisplayName("a disabled provider and a disabled account are refused")
    void disabled() {
      var first = (OAuthCallbackResult.SignedIn) login();
      auth.admin().createUser(new NewUser("root", "root@example.com", "correct horse battery staple", null, true,
          Set.of()));
      auth.admin().disableUser(first.tokens().user().id());
      assertThat(login()).isEqualTo(new OAuthCallbackResult.Refused(Reason.ACCOUNT_DISABLED));
      OAuthStart s = start();
      OAuthProvider corp = stores.oauthProviders().find("corp").orElseThrow();
      stores.oauthProviders().update(new OAuthProvider("corp", corp.displayName(), corp.type(), corp.clientId(),
          corp.encryptedClientSecret(), corp.issuer(), corp.scopes(), false, corp.createdAt()));
      assertThat(callback(query(lastState()), s)).isEqualTo(new OAuthCallbackResult.Refused(Reason.PROVIDER_DISABLED));
    }

    @Test
    @DisplayName("a taken username gets a unique suffix; an identity without email is refused")
    void usernames() {
      auth.register(Registration.of("alice", "someone@example.com", "correct horse battery staple"));
      var result = (OAuthCallbackResult.SignedIn) login();
      assertThat(result.tokens().user().username()).startsWith("alice-");
      client.answer = new ExchangeResult.Identity(new ExternalIdentity(ISSUER, "sub-2", null, false, null));
      assertThat(login()).isEqualTo(new OAuthCallbackResult.Refused(Reason.EMAIL_REQUIRED));
      List<String> names = new ArrayList<>();
      names.add(result.tokens().user().username());
      assertThat(names).doesNotHaveDuplicates();
    }
  }
}
