package dev.latchkey.auth.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.auth.core.OAuthCallbackResult.Reason;
import dev.latchkey.auth.core.memory.InMemoryStores;
import dev.latchkey.auth.core.oauth.AuthorizationRequest;
import dev.latchkey.auth.core.oauth.ClientSecretCipher;
import dev.latchkey.auth.core.oauth.CodeExchange;
import dev.latchkey.auth.core.oauth.ExchangeResult;
import dev.latchkey.auth.core.oauth.ExternalIdentity;
import dev.latchkey.auth.core.oauth.OAuthClient;
import dev.latchkey.auth.core.oauth.OAuthPolicy;
import dev.latchkey.auth.core.oauth.OAuthProvider;
import dev.latchkey.auth.core.oauth.OAuthAccount;
import dev.latchkey.auth.core.oauth.ProviderSettings;
import dev.latchkey.auth.core.oauth.ProviderType;
import dev.latchkey.auth.core.user.UserId;
import java.util.UUID;
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
  private static final ClientSecretCipher KEY = ClientSecretCipher.of(new byte[32]);
  /** The app's PKCE verifier for a login that returns to it, and its S256 challenge. */
  private static final String VERIFIER = "app-verifier-0123456789-0123456789-0123456789";
  private static final String CHALLENGE = Base64.getUrlEncoder().withoutPadding()
      .encodeToString(TokenHash.of(VERIFIER).bytes());

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
    boolean sendsIss;

    @Override
    public boolean sendsIssuerParameter(OAuthProvider provider) {
      return sendsIss;
    }

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
    // A generic OIDC provider is not trusted for email_verified by default; most tests here trust it.
    auth.admin().createOAuthProvider(ProviderSettings.oidc("corp", "Corp SSO", ISSUER, "client", "the-secret")
        .withTrustEmailVerified(true));
  }

  private void build(OAuthPolicy.Linking linking) {
    auth = Auth.builder().issuer("https://auth.example.test").audience("api").clock(clock).stores(stores)
        .oauthClient(client).oauthSecretKey(KEY)
        .oauthPolicy(OAuthPolicy.defaults("https://auth.example.test/oauth/{provider}/callback")
            .withAllowedRedirects(Set.of(APP)).withLinking(linking))
        .build();
  }

  private OAuthStart start() {
    return auth.oauth().start("corp");
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
      assertThat(client.exchanges.get(0).clientSecret()).isEqualTo("the-secret");
      assertThat(client.exchanges.get(0).toString()).doesNotContain("the-secret").doesNotContain(verifier);
      assertThat(s.toString()).doesNotContain(s.browserBinding().reveal());
    }

    @Test
    @DisplayName("post-login redirects must be on the allow-list, compared exactly; unknown providers are not found")
    void redirects() {
      assertThatThrownBy(() -> auth.oauth().start("corp", URI.create("https://app.example.test/welcome/"), CHALLENGE))
          .isInstanceOf(ValidationException.class);
      assertThatThrownBy(() -> auth.oauth().start("corp", URI.create("https://evil.example/welcome"), CHALLENGE))
          .isInstanceOf(ValidationException.class);
      assertThatThrownBy(() -> auth.oauth().start("nope")).isInstanceOf(NotFoundException.class);
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
    @DisplayName("when the provider announces RFC 9207 iss, a callback without iss is refused")
    void issRequired() {
      client.sendsIss = true;
      OAuthStart s = start();
      Map<String, String> noIss = query(lastState());
      noIss.remove("iss");
      assertThat(callback(noIss, s)).isEqualTo(new OAuthCallbackResult.Refused(Reason.ISSUER_MISMATCH));
      OAuthStart t = start();
      assertThat(callback(query(lastState()), t)).isInstanceOf(OAuthCallbackResult.SignedIn.class);
      assertThat(client.exchanges).hasSize(1);
      client.sendsIss = false;
      OAuthStart u = start();
      Map<String, String> without = query(lastState());
      without.remove("iss");
      assertThat(callback(without, u)).isInstanceOf(OAuthCallbackResult.SignedIn.class);
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
      assertThat(first.redirect()).isNull();
      client.answer = new ExchangeResult.Identity(new ExternalIdentity(ISSUER, "sub-1", "changed@example.com", true,
          null));
      var second = (OAuthCallbackResult.SignedIn) login();
      assertThat(second.tokens().user().id()).isEqualTo(user.id());
      assertThat(auth.login(user.username(), "", ClientInfo.unknown()))
          .isInstanceOf(LoginResult.InvalidCredentials.class);
    }

    @Test
    @DisplayName("a login returning to an app gets a one-minute single-use login_code; the session starts at exchange")
    void loginCode() {
      OAuthStart s = auth.oauth().start("corp", APP, CHALLENGE);
      var issued = (OAuthCallbackResult.LoginCodeIssued) callback(query(lastState()), s);
      assertThat(issued.redirect().toString()).startsWith(APP + "?login_code=");
      String code = issued.redirect().getQuery().substring("login_code=".length());
      assertThat(stores.sessions().listByUser(stores.users().findByEmail("alice@example.com").orElseThrow().id()))
          .isEmpty();
      var signedIn = (OAuthCallbackResult.SignedIn) auth.oauth().exchangeLoginCode(code, VERIFIER, ClientInfo.unknown());
      assertThat(signedIn.tokens().user().email()).isEqualTo("alice@example.com");
      assertThat(auth.oauth().exchangeLoginCode(code, VERIFIER, ClientInfo.unknown()))
          .isEqualTo(new OAuthCallbackResult.Refused(Reason.INVALID_STATE));
      OAuthStart t = auth.oauth().start("corp", APP, CHALLENGE);
      var late = (OAuthCallbackResult.LoginCodeIssued) callback(query(lastState()), t);
      clock.advance(Duration.ofSeconds(61));
      assertThat(auth.oauth().exchangeLoginCode(late.redirect().getQuery().substring(11), VERIFIER,
          ClientInfo.unknown()))
          .isEqualTo(new OAuthCallbackResult.Refused(Reason.INVALID_STATE));
      assertThat(auth.oauth().exchangeLoginCode("forged", VERIFIER, ClientInfo.unknown()))
          .isEqualTo(new OAuthCallbackResult.Refused(Reason.INVALID_STATE));
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
      stores.oauthProviders().update(corp.withEnabled(false));
      assertThat(callback(query(lastState()), s)).isEqualTo(new OAuthCallbackResult.Refused(Reason.PROVIDER_DISABLED));
    }

    @Test
    @DisplayName("a taken username gets a unique suffix; an identity without email gets an account without one")
    void usernames() {
      auth.register(Registration.of("alice", "someone@example.com", "correct horse battery staple"));
      var result = (OAuthCallbackResult.SignedIn) login();
      assertThat(result.tokens().user().username()).startsWith("alice-");
      client.answer = new ExchangeResult.Identity(new ExternalIdentity(ISSUER, "sub-2", null, false, "Bob Smith"));
      var noEmail = (OAuthCallbackResult.SignedIn) login();
      assertThat(noEmail.tokens().user().email()).isNull();
      assertThat(noEmail.tokens().user().username()).isEqualTo("BobSmith");
      assertThat(noEmail.tokens().user().id()).isNotEqualTo(result.tokens().user().id());
    }

    @Test
    @DisplayName("with unverified emails refused by policy, an unverified or missing email is refused")
    void refuseUnverified() {
      auth = Auth.builder().issuer("https://auth.example.test").audience("api").clock(clock).stores(stores)
          .oauthClient(client).oauthSecretKey(KEY)
          .oauthPolicy(OAuthPolicy.defaults("https://auth.example.test/oauth/{provider}/callback")
              .withUnverifiedEmail(OAuthPolicy.UnverifiedEmail.REFUSE))
          .build();
      client.answer = new ExchangeResult.Identity(new ExternalIdentity(ISSUER, "sub-3", "x@example.com", false,
          null));
      assertThat(login()).isEqualTo(new OAuthCallbackResult.Refused(Reason.EMAIL_REQUIRED));
      client.answer = new ExchangeResult.Identity(new ExternalIdentity(ISSUER, "sub-3", null, false, null));
      assertThat(login()).isEqualTo(new OAuthCallbackResult.Refused(Reason.EMAIL_REQUIRED));
      assertThat(stores.userDirectory().search(new dev.latchkey.auth.core.user.UserQuery(null, 1, 10)).total())
          .isZero();
    }
  }

  @Nested
  @DisplayName("linking and unlinking")
  class Linking {
    private User passwordUser() {
      return auth.admin().createUser(new NewUser("carol", "carol@example.com", "correct horse battery staple", null,
          false, Set.of()));
    }

    private OAuthCallbackResult linkFor(UserId user) {
      OAuthStart s = auth.oauth().startLink(user, "corp", APP);
      return callback(query(lastState()), s);
    }

    @Test
    @DisplayName("a signed-in user links a provider whatever its email says; the link logs them in afterwards")
    void link() {
      User carol = passwordUser();
      client.answer = new ExchangeResult.Identity(new ExternalIdentity(ISSUER, "carol-sub", "other@example.org",
          false, null));
      var linked = (OAuthCallbackResult.Linked) linkFor(carol.id());
      assertThat(linked.account().userId()).isEqualTo(carol.id());
      assertThat(linked.redirect()).isEqualTo(APP);
      assertThat(auth.oauth().accounts(carol.id())).extracting(OAuthAccount::subject).containsExactly("carol-sub");
      OAuthStart s = start();
      var signedIn = (OAuthCallbackResult.SignedIn) callback(query(lastState()), s);
      assertThat(signedIn.tokens().user().id()).isEqualTo(carol.id());
    }

    @Test
    @DisplayName("an identity linked to someone else cannot be linked again")
    void alreadyLinked() {
      var other = (OAuthCallbackResult.SignedIn) callback(query(stateOf(start())), lastStart);
      User carol = passwordUser();
      assertThat(linkFor(carol.id())).isEqualTo(new OAuthCallbackResult.Refused(Reason.ALREADY_LINKED));
      assertThat(auth.oauth().accounts(carol.id())).isEmpty();
      assertThat(auth.oauth().accounts(other.tokens().user().id())).hasSize(1);
    }

    @Test
    @DisplayName("the last login method of an account without a password cannot be unlinked")
    void lastLoginMethod() {
      var signedIn = (OAuthCallbackResult.SignedIn) callback(query(stateOf(start())), lastStart);
      UserId id = signedIn.tokens().user().id();
      OAuthAccount only = auth.oauth().accounts(id).get(0);
      assertThatThrownBy(() -> auth.oauth().unlink(id, only.id())).isInstanceOf(LastLoginMethodException.class)
          .extracting(e -> ((AuthException) e).code()).isEqualTo("last_login_method");
      client.answer = new ExchangeResult.Identity(new ExternalIdentity(ISSUER, "second-sub", null, false, null));
      assertThat(linkFor(id)).isInstanceOf(OAuthCallbackResult.Linked.class);
      auth.oauth().unlink(id, only.id());
      OAuthAccount second = auth.oauth().accounts(id).get(0);
      assertThatThrownBy(() -> auth.admin().unlinkOAuthAccount(id, second.id()))
          .isInstanceOf(LastLoginMethodException.class);
      assertThatThrownBy(() -> auth.oauth().unlink(id, UUID.randomUUID())).isInstanceOf(NotFoundException.class);
      User carol = passwordUser();
      assertThatThrownBy(() -> auth.oauth().unlink(carol.id(), second.id())).isInstanceOf(NotFoundException.class);
    }

    @Test
    @DisplayName("a password-less account is deleted only from a session that began with a provider login < 10 min ago")
    void deleteWithoutPassword() {
      var signedIn = (OAuthCallbackResult.SignedIn) callback(query(stateOf(start())), lastStart);
      var principal = ((dev.latchkey.auth.core.token.TokenVerification.Valid) auth.verify(
          signedIn.tokens().accessToken().token())).principal();
      clock.advance(Duration.ofMinutes(11));
      var refreshed = (RefreshResult.Success) auth.refresh(signedIn.tokens().refreshToken().reveal(),
          ClientInfo.unknown());
      var stale = ((dev.latchkey.auth.core.token.TokenVerification.Valid) auth.verify(
          refreshed.tokens().accessToken().token())).principal();
      assertThat(auth.deleteAccount(stale, null)).isEqualTo(new AccountUpdate.ReauthenticationRequired());
      assertThat(auth.deleteAccount(stale, "guess")).isEqualTo(new AccountUpdate.ReauthenticationRequired());
      assertThat(auth.user(stale.userId())).isPresent();
      var again = (OAuthCallbackResult.SignedIn) callback(query(stateOf(start())), lastStart);
      var fresh = ((dev.latchkey.auth.core.token.TokenVerification.Valid) auth.verify(
          again.tokens().accessToken().token())).principal();
      assertThat(auth.deleteAccount(fresh, null)).isInstanceOf(AccountUpdate.Done.class);
      assertThat(auth.user(fresh.userId())).isEmpty();
      assertThat(principal.userId()).isEqualTo(fresh.userId());
    }

    @Test
    @DisplayName("an account with a password still needs it to be deleted, even right after a provider login")
    void deleteWithPassword() {
      User carol = passwordUser();
      linkFor(carol.id());
      OAuthStart s = start();
      var signedIn = (OAuthCallbackResult.SignedIn) callback(query(lastState()), s);
      var principal = ((dev.latchkey.auth.core.token.TokenVerification.Valid) auth.verify(
          signedIn.tokens().accessToken().token())).principal();
      assertThat(principal.userId()).isEqualTo(carol.id());
      assertThat(auth.deleteAccount(principal, null)).isEqualTo(new AccountUpdate.WrongPassword());
      assertThat(auth.user(carol.id())).isPresent();
    }

    @Test
    @DisplayName("two concurrent unlinks of a password-less account's last two links never leave it without a login")
    void concurrentUnlinks() {
      for (int round = 0; round < 20; round++) {
        client.answer = new ExchangeResult.Identity(new ExternalIdentity(ISSUER, "race-a-" + round,
            "race" + round + "@example.org", false, null));
        var signedIn = (OAuthCallbackResult.SignedIn) callback(query(stateOf(start())), lastStart);
        UserId id = signedIn.tokens().user().id();
        client.answer = new ExchangeResult.Identity(new ExternalIdentity(ISSUER, "race-b-" + round, null, false,
            null));
        assertThat(linkFor(id)).isInstanceOf(OAuthCallbackResult.Linked.class);
        List<OAuthAccount> links = auth.oauth().accounts(id);
        Race.run(2, i -> {
          try {
            auth.oauth().unlink(id, links.get(i).id());
            return "unlinked";
          } catch (LastLoginMethodException e) {
            return "refused";
          }
        });
        assertThat(auth.oauth().accounts(id)).as("round %d", round).isNotEmpty();
      }
    }

    @Test
    @DisplayName("an account with a password can unlink its only provider")
    void unlinkWithPassword() {
      User carol = passwordUser();
      linkFor(carol.id());
      auth.oauth().unlink(carol.id(), auth.oauth().accounts(carol.id()).get(0).id());
      assertThat(auth.oauth().accounts(carol.id())).isEmpty();
    }

    private OAuthStart lastStart;

    private String stateOf(OAuthStart s) {
      lastStart = s;
      return lastState();
    }
  }

  @Nested
  @DisplayName("provider configuration")
  class Providers {
    @Test
    @DisplayName("the client secret is stored only AES-GCM encrypted, bound to the provider, and never returned")
    void encrypted() {
      OAuthProvider stored = stores.oauthProviders().find("corp").orElseThrow();
      assertThat(stored.encryptedClientSecret()).startsWith("v1.").doesNotContain("the-secret");
      assertThat(KEY.open(stored)).isEqualTo("the-secret");
      assertThat(stored.toString()).doesNotContain(stored.encryptedClientSecret());
      assertThatThrownBy(() -> KEY.open("other", stored.encryptedClientSecret()))
          .isInstanceOf(IllegalStateException.class).hasMessageNotContaining("the-secret");
      assertThatThrownBy(() -> ClientSecretCipher.of(new byte[] {1, 2, 3}))
          .isInstanceOf(IllegalArgumentException.class);
      ClientSecretCipher otherKey = ClientSecretCipher.fromBase64(Base64.getEncoder().encodeToString(new byte[32])
          .replace('A', 'B'));
      assertThatThrownBy(() -> otherKey.open(stored)).isInstanceOf(IllegalStateException.class);
      String sealedTwice = KEY.seal("corp", "the-secret");
      assertThat(sealedTwice).isNotEqualTo(stored.encryptedClientSecret());
    }

    @Test
    @DisplayName("templates fill issuer and scopes; update keeps the secret unless a new one is given")
    void templatesAndUpdate() {
      OAuthProvider google = auth.admin().createOAuthProvider(ProviderSettings.google("gid", "gsecret"));
      assertThat(google.issuer()).isEqualTo("https://accounts.google.com");
      assertThat(google.scopes()).containsExactlyInAnyOrder("openid", "email", "profile");
      OAuthProvider github = auth.admin().createOAuthProvider(ProviderSettings.github("hid", "hsecret"));
      assertThat(github.issuer()).isNull();
      assertThat(github.scopes()).containsExactlyInAnyOrder("read:user", "user:email");
      OAuthProvider ms = auth.admin().createOAuthProvider(ProviderSettings.microsoft("contoso.onmicrosoft.com",
          "mid", "msecret"));
      assertThat(ms.issuer()).isEqualTo("https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0");
      assertThat(auth.admin().createOAuthProvider(ProviderSettings.discord("did", "dsecret")).scopes())
          .containsExactlyInAnyOrder("identify", "email");
      OAuthProvider renamed = auth.admin().updateOAuthProvider(new ProviderSettings("google", "Google Workspace",
          ProviderType.GOOGLE, "gid2", null, null, Set.of(), false));
      assertThat(renamed.displayName()).isEqualTo("Google Workspace");
      assertThat(KEY.open(renamed)).isEqualTo("gsecret");
      assertThat(renamed.createdAt()).isEqualTo(google.createdAt());
      assertThat(auth.oauth().providers()).extracting(OAuthProvider::name)
          .containsExactly("corp", "discord", "github", "microsoft");
      OAuthProvider rekeyed = auth.admin().updateOAuthProvider(ProviderSettings.google("gid", "new-secret"));
      assertThat(KEY.open(rekeyed)).isEqualTo("new-secret");
      assertThatThrownBy(() -> auth.admin().updateOAuthProvider(ProviderSettings.google("x", "y").withName("nope")))
          .isInstanceOf(NotFoundException.class);
    }

    @Test
    @DisplayName("bad settings are validation errors; a taken name is a conflict")
    void invalid() {
      assertThatThrownBy(() -> auth.admin().createOAuthProvider(ProviderSettings.oidc("corp", "Again", ISSUER, "c",
          "s"))).isInstanceOf(ConflictException.class);
      assertThatThrownBy(() -> auth.admin().createOAuthProvider(ProviderSettings.oidc("x", "X",
          "http://idp.example.com", "c", "s"))).isInstanceOf(ValidationException.class);
      assertThatThrownBy(() -> auth.admin().createOAuthProvider(ProviderSettings.oidc("x", "X",
          "https://idp.example.com?a=b", "c", "s"))).isInstanceOf(ValidationException.class);
      assertThatThrownBy(() -> auth.admin().createOAuthProvider(new ProviderSettings("x", "X", ProviderType.OIDC, "c",
          "s", null, Set.of(), true))).isInstanceOf(ValidationException.class);
      assertThatThrownBy(() -> auth.admin().createOAuthProvider(ProviderSettings.github("c", "s")
          .withIssuer(ISSUER))).isInstanceOf(ValidationException.class);
      assertThatThrownBy(() -> auth.admin().createOAuthProvider(ProviderSettings.github("c", "s").withName("Bad Name")))
          .isInstanceOf(ValidationException.class);
      assertThatThrownBy(() -> auth.admin().createOAuthProvider(new ProviderSettings("y", "Y", ProviderType.GITHUB,
          "c", null, null, Set.of(), true))).isInstanceOf(ValidationException.class);
      assertThatThrownBy(() -> auth.admin().createOAuthProvider(new ProviderSettings("y", "Y", ProviderType.GITHUB,
          "c", "s", null, Set.of("a b"), true))).isInstanceOf(ValidationException.class);
      assertThat(ProviderSettings.github("c", "s").toString()).doesNotContain("=s,").doesNotContain("=s]");
      assertThat(auth.admin().oauthProviders()).hasSize(1);
    }

    @Test
    @DisplayName("a provider with linked accounts is deleted only when forced; the links survive for a re-created one")
    void delete() {
      OAuthStart s = start();
      var signedIn = (OAuthCallbackResult.SignedIn) callback(query(lastState()), s);
      assertThatThrownBy(() -> auth.admin().deleteOAuthProvider("corp", false)).isInstanceOf(ConflictException.class);
      assertThat(auth.admin().oauthProvider("corp")).isPresent();
      assertThat(auth.admin().deleteOAuthProvider("corp", true)).isTrue();
      assertThat(auth.admin().deleteOAuthProvider("corp", true)).isFalse();
      assertThatThrownBy(() -> auth.oauth().start("corp")).isInstanceOf(NotFoundException.class);
      auth.admin().createOAuthProvider(ProviderSettings.oidc("corp", "Corp SSO", ISSUER, "client", "the-secret"));
      OAuthStart again = start();
      var back = (OAuthCallbackResult.SignedIn) callback(query(lastState()), again);
      assertThat(back.tokens().user().id()).isEqualTo(signedIn.tokens().user().id());
      auth.admin().createOAuthProvider(ProviderSettings.github("c", "s"));
      assertThat(auth.admin().deleteOAuthProvider("github", false)).isTrue();
    }

    @Test
    @DisplayName("without a client-secret key providers cannot be configured")
    void noKey() {
      Auth keyless = Auth.builder().issuer("https://auth.example.test").audience("api").clock(clock)
          .stores(InMemoryStores.create(clock)).oauthClient(client).build();
      assertThatThrownBy(() -> keyless.admin().createOAuthProvider(ProviderSettings.github("c", "s")))
          .isInstanceOf(ConflictException.class).hasMessageContaining("oauthSecretKey");
    }
  }

  /** Attacks: each must fail against the hardened flow. */
  @Nested
  @DisplayName("attacks")
  class Attacks {
    private final dev.latchkey.auth.testkit.CapturingMailer mailer = new dev.latchkey.auth.testkit.CapturingMailer();
    private static final java.util.regex.Pattern TOKEN =
        java.util.regex.Pattern.compile("\\?token=([A-Za-z0-9_%-]+)");

    @BeforeEach
    void withMailer() {
      auth = Auth.builder().issuer("https://auth.example.test").audience("api").clock(clock).stores(stores)
          .oauthClient(client).oauthSecretKey(KEY).mailer(mailer)
          .oauthPolicy(OAuthPolicy.defaults("https://auth.example.test/oauth/{provider}/callback")
              .withAllowedRedirects(Set.of(APP)))
          .build();
      corpTrusted(false); // the default for a generic OIDC provider
    }

    private void corpTrusted(boolean trust) {
      auth.admin().updateOAuthProvider(ProviderSettings.oidc("corp", "Corp SSO", ISSUER, "client", null)
          .withTrustEmailVerified(trust));
    }

    private OAuthCallbackResult loginAs(ExternalIdentity identity) {
      client.answer = new ExchangeResult.Identity(identity);
      OAuthStart s = auth.oauth().start("corp");
      return callback(query(lastState()), s);
    }

    private String resetLinkToken(String address) {
      var m = TOKEN.matcher(mailer.lastTo(address).orElseThrow().body());
      assertThat(m.find()).isTrue();
      return java.net.URLDecoder.decode(m.group(1), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The account the victim reaches with a password after recovering (or, when none exists, creating) it. */
    private UserId victimRecovers(String address) {
      mailer.clear();
      auth.requestPasswordReset(address);
      if (mailer.lastTo(address).isPresent()) {
        assertThat(auth.resetPassword(resetLinkToken(address), "victim's new long passphrase")).isTrue();
      } else {
        auth.register(Registration.of("the-victim", address, "victim's new long passphrase"));
      }
      var in = (LoginResult.Success) auth.login(address, "victim's new long passphrase", ClientInfo.unknown());
      return in.tokens().user().id();
    }

    @Test
    @DisplayName("pre-account takeover: an unverified provider email does not give its sender the victim's account")
    void unverifiedEmailPreAccountTakeover() {
      ExternalIdentity attacker = new ExternalIdentity(ISSUER, "attacker-sub", "victim@corp.com", false, "Victim");
      var first = (OAuthCallbackResult.SignedIn) loginAs(attacker);
      UserId victim = victimRecovers("victim@corp.com");
      var again = loginAs(attacker);
      assertThat(again).isInstanceOf(OAuthCallbackResult.SignedIn.class);
      assertThat(((OAuthCallbackResult.SignedIn) again).tokens().user().id()).isNotEqualTo(victim);
      assertThat(first.tokens().user().email()).isNull();
      assertThat(stores.oauthAccounts().listByUser(victim)).isEmpty();
    }

    @Test
    @DisplayName("pre-account takeover through an explicit link: a reset of a never-verified account drops its links")
    void explicitLinkPreAccountTakeover() {
      User planted = auth.register(Registration.of("victim", "victim@corp.com", "attacker's long passphrase"));
      client.answer = new ExchangeResult.Identity(new ExternalIdentity(ISSUER, "attacker-sub", "mallory@evil.test",
          true, null));
      OAuthStart s = auth.oauth().startLink(planted.id(), "corp", null);
      assertThat(callback(query(lastState()), s)).isInstanceOf(OAuthCallbackResult.Linked.class);
      UserId victim = victimRecovers("victim@corp.com");
      assertThat(victim).isEqualTo(planted.id());
      assertThat(stores.oauthAccounts().listByUser(victim)).isEmpty();
      var attackerLogin = loginAs(new ExternalIdentity(ISSUER, "attacker-sub", "mallory@evil.test", true, null));
      assertThat(attackerLogin).isInstanceOf(OAuthCallbackResult.SignedIn.class);
      assertThat(((OAuthCallbackResult.SignedIn) attackerLogin).tokens().user().id()).isNotEqualTo(victim);
    }

    @Test
    @DisplayName("a reset removes an old link whose email was never verified, and mails the owner")
    void resetRemovesUnverifiedLinks() {
      User owner = auth.admin().createUser(new NewUser("dora", "dora@corp.com", "correct horse battery staple", null,
          false, Set.of()));
      stores.oauthAccounts().link(new OAuthAccount(UUID.randomUUID(), owner.id(), "corp", ISSUER, "old-sub",
          "dora@corp.com", false, clock.instant()));
      stores.oauthAccounts().link(new OAuthAccount(UUID.randomUUID(), owner.id(), "corp", ISSUER, "good-sub",
          "dora@corp.com", true, clock.instant()));
      victimRecovers("dora@corp.com");
      assertThat(stores.oauthAccounts().listByUser(owner.id())).extracting(OAuthAccount::subject)
          .containsExactly("good-sub");
      assertThat(mailer.messagesTo("dora@corp.com")).anyMatch(m -> m.body().contains("removed"));
    }

    @Test
    @DisplayName("a generic OIDC provider is not trusted for email_verified: no automatic link")
    void untrustedProviderDoesNotAutoLink() {
      User local = auth.admin().createUser(new NewUser("erin", "erin@corp.com", "correct horse battery staple", null,
          false, Set.of()));
      assertThat(loginAs(new ExternalIdentity(ISSUER, "tenant-sub", "erin@corp.com", true, null)))
          .isEqualTo(new OAuthCallbackResult.Refused(Reason.LINK_NOT_ALLOWED));
      assertThat(stores.oauthAccounts().listByUser(local.id())).isEmpty();
    }

    @Test
    @DisplayName("an administrator is never linked automatically, even by a trusted provider")
    void adminNeverAutoLinked() {
      trustCorp();
      User admin = auth.admin().createUser(new NewUser("root", "root@corp.com", "correct horse battery staple", null,
          true, Set.of()));
      assertThat(loginAs(new ExternalIdentity(ISSUER, "root-sub", "root@corp.com", true, null)))
          .isEqualTo(new OAuthCallbackResult.Refused(Reason.valueOf("ADMIN_LINK_NOT_ALLOWED")));
      assertThat(stores.oauthAccounts().listByUser(admin.id())).isEmpty();
    }

    @Test
    @DisplayName("every link is audited with how it was made and mailed to the account's address")
    void linksAuditedAndMailed() {
      trustCorp();
      User local = auth.admin().createUser(new NewUser("fay", "fay@corp.com", "correct horse battery staple", null,
          false, Set.of()));
      mailer.clear();
      assertThat(loginAs(new ExternalIdentity(ISSUER, "fay-sub", "fay@corp.com", true, null)))
          .isInstanceOf(OAuthCallbackResult.SignedIn.class);
      assertThat(mailer.messagesTo("fay@corp.com")).hasSize(1);
      assertThat(mailer.messagesTo("fay@corp.com").get(0).body()).contains("Corp SSO");
      var linked = stores.eventLog().query(new dev.latchkey.auth.core.event.EventQuery(local.id(),
          dev.latchkey.auth.core.event.AuthEventType.OAUTH_LINKED, 10));
      assertThat(linked).singleElement().satisfies(e -> assertThat(e.details())
          .containsEntry("provider", "corp").containsEntry("how", "auto_link_email"));
    }

    @Test
    @DisplayName("a provider-verified email of an unverified local account neither links nor makes a second account")
    void verifiedEmailOfUnverifiedLocalAccount() {
      trustCorp();
      auth.register(Registration.of("gus", "gus@corp.com", "correct horse battery staple"));
      assertThat(loginAs(new ExternalIdentity(ISSUER, "gus-sub", "gus@corp.com", true, null)))
          .isEqualTo(new OAuthCallbackResult.Refused(Reason.LINK_NOT_ALLOWED));
      assertThat(stores.userDirectory().search(new dev.latchkey.auth.core.user.UserQuery(null, 1, 10)).total())
          .isEqualTo(1);
    }

    @Test
    @DisplayName("login CSRF: a login_code obtained by an attacker and planted in the victim's app is refused")
    void plantedLoginCode() {
      client.answer = new ExchangeResult.Identity(new ExternalIdentity(ISSUER, "attacker-sub", "mallory@evil.test",
          true, null));
      String attackersVerifier = "attacker-verifier-0123456789-0123456789-0123";
      OAuthStart s = auth.oauth().start("corp", APP, Base64.getUrlEncoder().withoutPadding()
          .encodeToString(TokenHash.of(attackersVerifier).bytes()));
      var issued = (OAuthCallbackResult.LoginCodeIssued) callback(query(lastState()), s);
      String planted = issued.redirect().getQuery().substring("login_code=".length());
      // The victim's app exchanges the planted code with its own verifier (or none): refused, and the code is burnt.
      assertThat(auth.oauth().exchangeLoginCode(planted, VERIFIER, ClientInfo.unknown()))
          .isEqualTo(new OAuthCallbackResult.Refused(Reason.INVALID_STATE));
      assertThat(auth.oauth().exchangeLoginCode(planted, attackersVerifier, ClientInfo.unknown()))
          .isEqualTo(new OAuthCallbackResult.Refused(Reason.INVALID_STATE));
      OAuthStart t = auth.oauth().start("corp", APP, CHALLENGE);
      var second = (OAuthCallbackResult.LoginCodeIssued) callback(query(lastState()), t);
      assertThat(auth.oauth().exchangeLoginCode(second.redirect().getQuery().substring(11), null,
          ClientInfo.unknown())).isEqualTo(new OAuthCallbackResult.Refused(Reason.INVALID_STATE));
      assertThat(stores.sessions().listByUser(stores.oauthAccounts().find(ISSUER, "attacker-sub").orElseThrow()
          .userId())).isEmpty();
    }

    @Test
    @DisplayName("a login that returns to an app cannot start without a well-formed S256 code_challenge")
    void redirectNeedsChallenge() {
      for (String bad : new String[] {null, "", "short", CHALLENGE + "x", CHALLENGE.substring(1) + "="}) {
        assertThatThrownBy(() -> auth.oauth().start("corp", APP, bad)).isInstanceOf(ValidationException.class)
            .extracting(e -> ((ValidationException) e).getMessage()).asString().contains("code_challenge");
      }
      assertThat(client.requests).isEmpty();
    }

    @Test
    @DisplayName("SSRF: issuers on loopback, link-local, private or local-name hosts are refused")
    void privateIssuers() {
      for (String issuer : List.of("http://127.0.0.1:8080", "https://169.254.169.254/", "https://10.0.0.5/",
          "https://[::1]/", "https://localhost/realms/x", "https://[::ffff:127.0.0.1]/", "https://100.64.0.1/",
          "https://[fd00::1]/", "https://0.0.0.0/", "https://2130706433/")) {
        assertThatThrownBy(() -> auth.admin().createOAuthProvider(ProviderSettings.oidc("ssrf", "S", issuer, "c",
            "s"))).as(issuer).isInstanceOf(ValidationException.class)
            .extracting(e -> ((ValidationException) e).getMessage()).asString().contains("issuer");
        assertThat(auth.admin().createOAuthProvider(ProviderSettings.oidc("ssrf", "S", issuer, "c", "s")
            .withLocal(true)).local()).as(issuer).isTrue();
        auth.admin().deleteOAuthProvider("ssrf", true);
      }
      assertThatThrownBy(() -> auth.admin().createOAuthProvider(ProviderSettings.oidc("ssrf", "S",
          "http://idp.example.com", "c", "s"))).isInstanceOf(ValidationException.class);
      assertThat(auth.admin().createOAuthProvider(ProviderSettings.oidc("pub", "P", "https://203.0.113.7/x", "c",
          "s")).local()).isFalse();
    }

    @Test
    @DisplayName("trust in email_verified defaults to true only for Google, Microsoft and GitHub")
    void trustDefaults() {
      assertThat(auth.admin().createOAuthProvider(ProviderSettings.google("g", "s")).trustEmailVerified()).isTrue();
      assertThat(auth.admin().createOAuthProvider(ProviderSettings.microsoft("common", "m", "s"))
          .trustEmailVerified()).isTrue();
      assertThat(auth.admin().createOAuthProvider(ProviderSettings.github("h", "s")).trustEmailVerified()).isTrue();
      assertThat(auth.admin().createOAuthProvider(ProviderSettings.discord("d", "s")).trustEmailVerified())
          .isFalse();
      assertThat(auth.admin().createOAuthProvider(ProviderSettings.oidc("o", "O", ISSUER, "c", "s"))
          .trustEmailVerified()).isFalse();
    }

    private void trustCorp() {
      corpTrusted(true);
    }
  }
}
