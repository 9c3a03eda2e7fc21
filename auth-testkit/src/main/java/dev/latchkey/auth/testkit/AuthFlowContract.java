package dev.latchkey.auth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.AuthStats;
import dev.latchkey.auth.core.AuthTokens;
import dev.latchkey.auth.core.ClientInfo;
import dev.latchkey.auth.core.LoginPolicy;
import dev.latchkey.auth.core.LoginResult;
import dev.latchkey.auth.core.OAuthCallbackResult;
import dev.latchkey.auth.core.OAuthStart;
import dev.latchkey.auth.core.RefreshResult;
import dev.latchkey.auth.core.Registration;
import dev.latchkey.auth.core.Stores;
import dev.latchkey.auth.core.event.AuthEvent;
import dev.latchkey.auth.core.event.AuthEventType;
import dev.latchkey.auth.core.oauth.AuthorizationRequest;
import dev.latchkey.auth.core.oauth.ClientSecretCipher;
import dev.latchkey.auth.core.oauth.CodeExchange;
import dev.latchkey.auth.core.oauth.ExchangeResult;
import dev.latchkey.auth.core.oauth.ExternalIdentity;
import dev.latchkey.auth.core.oauth.OAuthClient;
import dev.latchkey.auth.core.oauth.OAuthProvider;
import dev.latchkey.auth.core.oauth.ProviderSettings;
import dev.latchkey.auth.core.token.Principal;
import dev.latchkey.auth.core.otp.OneTimeToken;
import dev.latchkey.auth.core.otp.TokenPurpose;
import dev.latchkey.auth.core.ratelimit.RateLimit;
import dev.latchkey.auth.core.token.RawToken;
import dev.latchkey.auth.core.token.TokenVerification;
import dev.latchkey.auth.core.user.User;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The security properties of the core's flows that depend on the stores' atomicity, run against a whole set of
 * stores: exact attempt counting under parallel logins, one surviving lineage under concurrent refreshes, reuse
 * detection, two {@link Auth} instances sharing one set of stores, single-use OAuth state across instances, and the
 * lives of one-time links (reset links die with a password or address change; a new address counts once verified).
 * Extend it and return fresh stores from {@link #createStores(MutableClock)}.
 */
public abstract class AuthFlowContract {
  /** The password of the user every test starts with ({@code alice}). */
  protected static final String PASSWORD = "correct horse battery staple";

  /** The clock the stores and instances share. */
  protected MutableClock clock;
  /** The stores under test. */
  protected Stores stores;
  /** An instance over {@link #stores}. */
  protected Auth auth;
  /** Every event {@link #auth} emitted. */
  protected final List<AuthEvent> events = new CopyOnWriteArrayList<>();

  /** Fresh stores (their own database schema, key prefix…) judging time by {@code clock}. */
  protected abstract Stores createStores(MutableClock clock);

  @BeforeEach
  void createFixture() {
    clock = MutableClock.standard();
    stores = createStores(clock);
    auth = instance();
    auth.register(Registration.of("alice", "alice@example.com", PASSWORD));
  }

  /** Another instance over the same stores, as a second server would be. */
  protected Auth instance() {
    return Auth.builder().issuer("https://auth.example.test").audience("api").clock(clock).stores(stores)
        .eventListener(events::add).build();
  }

  /** Logs alice in on {@code a}. */
  protected AuthTokens login(Auth a) {
    return ((LoginResult.Success) a.login("alice", PASSWORD, ClientInfo.unknown())).tokens();
  }

  @Nested
  @DisplayName("under concurrency")
  class Concurrency {
    @Test
    @DisplayName("20 threads refreshing one token: each gets a pair or a refusal, and exactly one token works after")
    void concurrentRefresh() {
      AuthTokens first = login(auth);
      List<RefreshResult> results = Race.run(20, i -> auth.refresh(first.refreshToken().reveal(),
          ClientInfo.unknown()));
      assertThat(results).allMatch(r -> r instanceof RefreshResult.Success || r instanceof RefreshResult.InvalidToken);
      long working = results.stream().filter(r -> r instanceof RefreshResult.Success)
          .map(r -> ((RefreshResult.Success) r).tokens())
          .filter(t -> auth.refresh(t.refreshToken().reveal(), ClientInfo.unknown()) instanceof RefreshResult.Success)
          .count();
      assertThat(working).isEqualTo(1);
    }

    @Test
    @DisplayName("100 parallel failed logins: exactly the threshold reach the password check")
    void parallelFailedLogins() {
      Race.run(100, i -> auth.login("alice", "wrong password number " + i, ClientInfo.unknown()));
      long checked = events.stream().filter(e -> e.type() == AuthEventType.LOGIN_FAILED)
          .filter(e -> "password".equals(e.details().get("reason"))).count();
      assertThat(checked).isEqualTo(10);
      assertThat(auth.login("alice", PASSWORD, ClientInfo.unknown()))
          .isInstanceOf(LoginResult.InvalidCredentials.class);
    }
  }

  @Nested
  @DisplayName("lockout accounting")
  class LockoutAccounting {
    @Test
    @DisplayName("10 guesses by username, then by email: the 11th in total is locked, and so is the right password")
    void oneBudgetPerAccount() {
      for (int i = 0; i < 10; i++) {
        auth.login(i % 2 == 0 ? "alice" : "ALICE@example.com", "wrong password number " + i, ClientInfo.unknown());
      }
      auth.login("alice@example.com", "wrong password again", ClientInfo.unknown());
      long checked = events.stream().filter(e -> e.type() == AuthEventType.LOGIN_FAILED)
          .filter(e -> "password".equals(e.details().get("reason"))).count();
      assertThat(checked).isEqualTo(10);
      assertThat(instance().login("alice", PASSWORD, ClientInfo.unknown()))
          .isInstanceOf(LoginResult.InvalidCredentials.class);
    }

    @Test
    @DisplayName("a completed reset ends the lockout at once, but the next lockout is as long as without it")
    void resetEndsLockoutKeepsEscalation() {
      for (int i = 0; i < 11; i++) {
        auth.login("alice", "wrong password number " + i, ClientInfo.unknown());
      }
      User alice = stores.users().findByUsername("alice").orElseThrow();
      RawToken link = RawToken.generate(new SecureRandom()); // as a reset mail would carry it
      stores.oneTimeTokens().save(new OneTimeToken(link.hash(), TokenPurpose.PASSWORD_RESET, alice.id(), Map.of(),
          clock.instant().plus(Duration.ofMinutes(30))));
      String chosen = "a fresh and different passphrase";
      assertThat(instance().resetPassword(link.reveal(), chosen)).isTrue();
      assertThat(auth.login("alice", chosen, ClientInfo.unknown())).isInstanceOf(LoginResult.Success.class);
      for (int i = 0; i < 11; i++) {
        auth.login("alice@example.com", "wrong password number " + i, ClientInfo.unknown());
      }
      clock.advance(Duration.ofMinutes(1));
      assertThat(auth.login("alice", chosen, ClientInfo.unknown())).isInstanceOf(LoginResult.InvalidCredentials.class);
      clock.advance(Duration.ofMinutes(1));
      assertThat(auth.login("alice", chosen, ClientInfo.unknown())).isInstanceOf(LoginResult.Success.class);
    }

    @Test
    @DisplayName("successful logins leave an address's failure budget whole; past it, every login gets RateLimited")
    void perAddressCountsFailures() {
      Auth limited = Auth.builder().issuer("https://auth.example.test").audience("api").clock(clock).stores(stores)
          .loginPolicy(new LoginPolicy(LoginPolicy.defaults().perAccount(), new RateLimit(3, Duration.ofMinutes(1),
              Duration.ofMinutes(1), Duration.ofMinutes(15)))).build();
      ClientInfo office = ClientInfo.ip("203.0.113.9");
      for (int i = 0; i < 6; i++) {
        assertThat(limited.login("alice", PASSWORD, office)).isInstanceOf(LoginResult.Success.class);
      }
      for (int i = 0; i < 3; i++) {
        limited.login("nobody" + i, "wrong password here", office);
      }
      assertThat(limited.login("alice", PASSWORD, office))
          .isEqualTo(new LoginResult.RateLimited(Duration.ofMinutes(1)));
      clock.advance(Duration.ofMinutes(1));
      assertThat(limited.login("alice", PASSWORD, office)).isInstanceOf(LoginResult.Success.class);
    }
  }

  @Nested
  @DisplayName("administration")
  class Administration {
    private void fail(String identifier, int times) {
      for (int i = 0; i < times; i++) {
        auth.login(identifier, "wrong password number " + i, ClientInfo.unknown());
      }
    }

    @Test
    @DisplayName("stats count users, the last day's logins and failures, live sessions and locked accounts")
    void stats() {
      auth.register(Registration.of("bob", "bob@example.com", PASSWORD));
      auth.register(Registration.of("carol", "carol@example.com", PASSWORD));
      AuthTokens first = login(auth);
      login(auth);
      fail("bob@example.com", 11);
      fail("carol", 11);
      fail("CAROL@example.com", 11);
      fail("nobody", 11); // an identifier without an account is locked too, but it is no account
      AuthStats stats = instance().admin().stats();
      assertThat(stats).isEqualTo(new AuthStats(3, 1, 2, 2, 44, 2));

      auth.logout(((TokenVerification.Valid) auth.verify(first.accessToken().token())).principal(),
          ClientInfo.unknown());
      clock.advance(Duration.ofHours(24).plusSeconds(1));
      assertThat(auth.admin().stats()).isEqualTo(new AuthStats(3, 0, 1, 0, 0, 0));
    }
  }

  @Nested
  @DisplayName("shared between instances")
  class Sharing {
    @Test
    @DisplayName("a token from one instance works on another, and a logout on one is refused on the other")
    void twoInstances() {
      Auth other = instance();
      AuthTokens fromA = login(auth);
      assertThat(other.verify(fromA.accessToken().token())).isInstanceOf(TokenVerification.Valid.class);
      AuthTokens onB = ((RefreshResult.Success) other.refresh(fromA.refreshToken().reveal(), ClientInfo.unknown()))
          .tokens();
      var principal = ((TokenVerification.Valid) auth.verify(onB.accessToken().token())).principal();
      auth.logout(principal, ClientInfo.unknown());
      assertThat(other.verify(onB.accessToken().token())).isInstanceOf(TokenVerification.Invalid.class);
      assertThat(other.refresh(onB.refreshToken().reveal(), ClientInfo.unknown()))
          .isInstanceOf(RefreshResult.InvalidToken.class);
    }

    @Test
    @DisplayName("reuse after the grace window on one instance revokes the newest token on the other")
    void reuseAcrossInstances() {
      Auth other = instance();
      AuthTokens first = login(auth);
      AuthTokens second = ((RefreshResult.Success) auth.refresh(first.refreshToken().reveal(), ClientInfo.unknown()))
          .tokens();
      clock.advance(Duration.ofSeconds(10));
      assertThat(other.refresh(first.refreshToken().reveal(), ClientInfo.unknown()))
          .isInstanceOf(RefreshResult.TokenReused.class);
      assertThat(auth.verify(second.accessToken().token())).isInstanceOf(TokenVerification.Invalid.class);
      assertThat(auth.refresh(second.refreshToken().reveal(), ClientInfo.unknown()))
          .isInstanceOf(RefreshResult.InvalidToken.class);
    }
  }

  @Nested
  @DisplayName("one-time links")
  class OneTimeLinks {
    private static final String NEW_PASSWORD = "an entirely different passphrase";
    private final CapturingMailer mailer = new CapturingMailer();
    private Auth links;

    @BeforeEach
    void build() {
      links = Auth.builder().issuer("https://auth.example.test").audience("api").clock(clock).stores(stores)
          .mailer(mailer).build();
    }

    private String lastLink(String to) {
      Matcher m = LINK_TOKEN.matcher(mailer.lastTo(to).orElseThrow().body());
      assertThat(m.find()).as("a link in the last mail to %s", to).isTrue();
      return URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
    }

    private String resetLink() {
      links.requestPasswordReset("alice@example.com");
      return lastLink("alice@example.com");
    }

    private Principal alice() {
      AuthTokens tokens = login(links);
      return ((TokenVerification.Valid) links.verify(tokens.accessToken().token())).principal();
    }

    @Test
    @DisplayName("a reset link requested before a password change is refused after it")
    void passwordChangeKillsResetLinks() {
      String link = resetLink();
      links.changePassword(alice(), PASSWORD, NEW_PASSWORD);
      assertThat(links.resetPassword(link, "the attacker's own passphrase")).isFalse();
      assertThat(links.login("alice", NEW_PASSWORD, ClientInfo.unknown())).isInstanceOf(LoginResult.Success.class);
    }

    @Test
    @DisplayName("completing a reset with one link refuses every link requested before it")
    void resetKillsEarlierLinks() {
      String first = resetLink();
      String second = resetLink();
      assertThat(links.resetPassword(second, NEW_PASSWORD)).isTrue();
      assertThat(links.resetPassword(first, "the attacker's own passphrase")).isFalse();
      assertThat(links.login("alice", NEW_PASSWORD, ClientInfo.unknown())).isInstanceOf(LoginResult.Success.class);
    }

    @Test
    @DisplayName("an unverified new address is no login and gets no reset link; the old address stays both")
    void unverifiedNewAddressIsNothing() {
      links.changeEmail(alice(), "attacker@evil.example", PASSWORD);
      assertThat(links.login("attacker@evil.example", PASSWORD, ClientInfo.unknown()))
          .isInstanceOf(LoginResult.InvalidCredentials.class);
      assertThat(links.login("alice@example.com", PASSWORD, ClientInfo.unknown()))
          .isInstanceOf(LoginResult.Success.class);
      int before = mailer.messagesTo("attacker@evil.example").size();
      links.requestPasswordReset("attacker@evil.example");
      assertThat(mailer.messagesTo("attacker@evil.example")).hasSize(before);
      assertThat(stores.users().findByUsername("alice").orElseThrow().email()).isEqualTo("alice@example.com");
    }

    @Test
    @DisplayName("a verified email change switches the address and refuses the reset links sent before it")
    void verifiedChangeKillsResetLinks() {
      String link = resetLink();
      links.changeEmail(alice(), "new@example.com", PASSWORD);
      assertThat(links.verifyEmail(lastLink("new@example.com"))).isTrue();
      var alice = stores.users().findByUsername("alice").orElseThrow();
      assertThat(alice.email()).isEqualTo("new@example.com");
      assertThat(alice.emailVerified()).isTrue();
      assertThat(links.resetPassword(link, "the attacker's own passphrase")).isFalse();
      assertThat(links.login("new@example.com", PASSWORD, ClientInfo.unknown()))
          .isInstanceOf(LoginResult.Success.class);
      assertThat(links.login("alice@example.com", PASSWORD, ClientInfo.unknown()))
          .isInstanceOf(LoginResult.InvalidCredentials.class);
    }

    @Test
    @DisplayName("an address taken between the change and its verification is refused; the account keeps its own")
    void addressTakenMeanwhile() {
      links.changeEmail(alice(), "new@example.com", PASSWORD);
      String link = lastLink("new@example.com");
      links.register(Registration.of("bob", "new@example.com", PASSWORD));
      assertThat(links.verifyEmail(link)).isFalse();
      assertThat(stores.users().findByUsername("alice").orElseThrow().email()).isEqualTo("alice@example.com");
    }
  }

  private static final Pattern LINK_TOKEN = Pattern.compile("[?&]token=([^\\s&]+)");

  /** Answers every code exchange with one identity and counts the exchanges, as a provider would see them. */
  private static final class CountingClient implements OAuthClient {
    final AtomicInteger exchanges = new AtomicInteger();
    final List<AuthorizationRequest> requests = new CopyOnWriteArrayList<>();
    volatile ExternalIdentity identity = new ExternalIdentity(ISSUER, "sub-1", "someone@idp.example", false, null);

    @Override
    public URI authorizationUrl(OAuthProvider provider, AuthorizationRequest request) {
      requests.add(request);
      return URI.create(ISSUER + "/authorize");
    }

    @Override
    public ExchangeResult exchange(OAuthProvider provider, CodeExchange exchange) {
      exchanges.incrementAndGet();
      return new ExchangeResult.Identity(identity);
    }
  }

  private static final String ISSUER = "https://idp.example.test";
  private static final URI APP = URI.create("https://app.example.test/done");

  @Nested
  @DisplayName("OAuth")
  class OAuth {
    private final CountingClient client = new CountingClient();
    private final ClientSecretCipher key = ClientSecretCipher.of(new byte[32]);
    private final CapturingMailer mailer = new CapturingMailer();

    private Auth oauthInstance() {
      return Auth.builder().issuer("https://auth.example.test").audience("api").clock(clock).stores(stores)
          .oauthClient(client).oauthSecretKey(key).mailer(mailer)
          .oauthPolicy(dev.latchkey.auth.core.oauth.OAuthPolicy.defaults("https://auth.example.test/cb/{provider}")
              .withAllowedRedirects(java.util.Set.of(APP)))
          .build();
    }

    private Map<String, String> callbackQuery() {
      return Map.of("code", "c", "state", client.requests.get(client.requests.size() - 1).state());
    }

    @Test
    @DisplayName("a login started on one instance completes exactly once, however many callbacks race on two")
    void stateIsSingleUse() {
      Auth a = oauthInstance();
      Auth b = oauthInstance();
      a.admin().createOAuthProvider(ProviderSettings.oidc("idp", "IdP", ISSUER, "client", "secret"));
      OAuthStart start = a.oauth().start("idp");
      Map<String, String> query = callbackQuery();
      List<OAuthCallbackResult> results = Race.run(10, i -> (i % 2 == 0 ? a : b).oauth()
          .callback("idp", query, start.browserBinding().reveal(), ClientInfo.unknown()));
      assertThat(results).filteredOn(r -> r instanceof OAuthCallbackResult.SignedIn).hasSize(1);
      assertThat(client.exchanges).hasValue(1);
      var account = stores.oauthAccounts().find(ISSUER, "sub-1").orElseThrow();
      assertThat(stores.users().findById(account.userId()).orElseThrow().lastLoginAt()).isEqualTo(clock.instant());
    }

    @Test
    @DisplayName("an unverified provider email never becomes an address; a completed reset drops unvouched links")
    void unverifiedEmails() {
      Auth a = oauthInstance();
      Auth b = oauthInstance();
      a.admin().createOAuthProvider(ProviderSettings.oidc("idp", "IdP", ISSUER, "client", "secret"));
      client.identity = new ExternalIdentity(ISSUER, "sub-x", "nobody@example.com", false, null);
      OAuthStart start = a.oauth().start("idp");
      var created = (OAuthCallbackResult.SignedIn) b.oauth().callback("idp", callbackQuery(),
          start.browserBinding().reveal(), ClientInfo.unknown());
      assertThat(stores.users().findById(created.tokens().user().id()).orElseThrow().email()).isNull();
      assertThat(stores.users().findByEmail("nobody@example.com")).isEmpty();
      var alice = stores.users().findByUsername("alice").orElseThrow();
      // A link as the flow made them before issue 15: the provider's unverified address, nobody's proof.
      stores.oauthAccounts().link(new dev.latchkey.auth.core.oauth.OAuthAccount(java.util.UUID.randomUUID(),
          alice.id(), "idp", ISSUER, "planted", "alice@example.com", false, clock.instant()));
      a.requestPasswordReset("alice@example.com");
      var link = java.util.regex.Pattern.compile("\\?token=([A-Za-z0-9_%-]+)")
          .matcher(mailer.lastTo("alice@example.com").orElseThrow().body());
      assertThat(link.find()).isTrue();
      assertThat(b.resetPassword(java.net.URLDecoder.decode(link.group(1), java.nio.charset.StandardCharsets.UTF_8),
          "a brand new long passphrase")).isTrue();
      assertThat(stores.oauthAccounts().listByUser(alice.id())).isEmpty();
      assertThat(stores.oauthAccounts().find(ISSUER, "planted")).isEmpty();
    }

    @Test
    @DisplayName("a login_code is bound to the app's PKCE challenge across instances, and burnt by a wrong verifier")
    void loginCodeBoundToTheApp() {
      Auth a = oauthInstance();
      Auth b = oauthInstance();
      a.admin().createOAuthProvider(ProviderSettings.oidc("idp", "IdP", ISSUER, "client", "secret"));
      String verifier = "the-apps-verifier-0123456789-0123456789-0123";
      String challenge = java.util.Base64.getUrlEncoder().withoutPadding()
          .encodeToString(dev.latchkey.auth.core.token.TokenHash.of(verifier).bytes());
      java.util.function.Supplier<String> loginCode = () -> {
        OAuthStart start = a.oauth().start("idp", APP, challenge);
        var issued = (OAuthCallbackResult.LoginCodeIssued) b.oauth().callback("idp", callbackQuery(),
            start.browserBinding().reveal(), ClientInfo.unknown());
        return issued.redirect().getQuery().substring("login_code=".length());
      };
      String planted = loginCode.get();
      assertThat(b.oauth().exchangeLoginCode(planted, verifier.replace('0', '1'), ClientInfo.unknown()))
          .isInstanceOf(OAuthCallbackResult.Refused.class);
      assertThat(a.oauth().exchangeLoginCode(planted, verifier, ClientInfo.unknown()))
          .isInstanceOf(OAuthCallbackResult.Refused.class);
      assertThat(a.oauth().exchangeLoginCode(loginCode.get(), verifier, ClientInfo.unknown()))
          .isInstanceOf(OAuthCallbackResult.SignedIn.class);
    }

    @Test
    @DisplayName("a link started on one instance completes on another; the last login method stays")
    void linkAcrossInstances() {
      Auth a = oauthInstance();
      Auth b = oauthInstance();
      a.admin().createOAuthProvider(ProviderSettings.oidc("idp", "IdP", ISSUER, "client", "secret"));
      var alice = stores.users().findByUsername("alice").orElseThrow();
      OAuthStart start = a.oauth().startLink(alice.id(), "idp", null);
      var linked = (OAuthCallbackResult.Linked) b.oauth().callback("idp", callbackQuery(),
          start.browserBinding().reveal(), ClientInfo.unknown());
      assertThat(linked.account().userId()).isEqualTo(alice.id());
      assertThat(b.oauth().accounts(alice.id())).hasSize(1);
      b.oauth().unlink(alice.id(), linked.account().id()); // alice has a password
      assertThat(a.oauth().accounts(alice.id())).isEmpty();
    }
  }
}
