package dev.latchkey.auth.core;

import dev.latchkey.auth.core.event.AuthEventListener;
import dev.latchkey.auth.core.event.EventSink;
import dev.latchkey.auth.core.mail.Mailer;
import dev.latchkey.auth.core.oauth.ClientSecretCipher;
import dev.latchkey.auth.core.oauth.OAuthClient;
import dev.latchkey.auth.core.oauth.OAuthPolicy;
import dev.latchkey.auth.core.memory.InMemorySessionStore;
import dev.latchkey.auth.core.memory.InMemorySigningKeyStore;
import dev.latchkey.auth.core.memory.InMemoryStores;
import dev.latchkey.auth.core.memory.InMemoryUserStore;
import dev.latchkey.auth.core.password.HashingPolicy;
import dev.latchkey.auth.core.password.PasswordHasher;
import dev.latchkey.auth.core.password.PasswordPolicy;
import dev.latchkey.auth.core.session.RefreshPolicy;
import dev.latchkey.auth.core.token.AccessTokens;
import dev.latchkey.auth.core.token.SigningAlgorithm;
import dev.latchkey.auth.core.token.TokenPolicy;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configures an {@link Auth}. Every setting has a secure default except the issuer and audience. {@link #build()}
 * validates, copies and returns an immutable instance; the builder may be reused. Not thread-safe.
 */
public final class AuthBuilder {
  private static final Logger LOG = LoggerFactory.getLogger(AuthBuilder.class);
  private @Nullable String issuer;
  private @Nullable String audience;
  private @Nullable TokenPolicy tokenPolicy;
  private @Nullable SigningAlgorithm algorithm;
  private @Nullable Stores stores;
  private Clock clock = Clock.systemUTC();
  private @Nullable SecureRandom random;
  private PasswordPolicy passwordPolicy = PasswordPolicy.defaults();
  private HashingPolicy hashingPolicy = HashingPolicy.defaults();
  private LoginPolicy loginPolicy = LoginPolicy.defaults();
  private RefreshPolicy refreshPolicy = RefreshPolicy.defaults();
  private AccountPolicy accountPolicy = AccountPolicy.defaults();
  private Mailer mailer = Mailer.NONE;
  private @Nullable Executor mailExecutor;
  private AuthEventListener listener = AuthEventListener.NONE;
  private @Nullable OAuthClient oauthClient;
  private @Nullable OAuthPolicy oauthPolicy;
  private @Nullable ClientSecretCipher oauthSecretKey;
  /** Set only through {@link TestKitOnly}: Argon2id below OWASP's minimums. */
  boolean testOnlyFastHashing;
  /** Set only through {@link TestKitOnly}: no warnings about development settings. */
  boolean testOnlyQuiet;

  AuthBuilder() {}

  /** The {@code iss} of access tokens; required unless {@link #tokenPolicy} is given. */
  public AuthBuilder issuer(String issuer) {
    this.issuer = issuer;
    return this;
  }

  /** The {@code aud} of access tokens; required unless {@link #tokenPolicy} is given. */
  public AuthBuilder audience(String audience) {
    this.audience = audience;
    return this;
  }

  /** The signing algorithm (default RS256); for HS256 use {@link #tokenPolicy} with a secret. */
  public AuthBuilder signingAlgorithm(SigningAlgorithm algorithm) {
    this.algorithm = algorithm;
    return this;
  }

  /** The whole token policy; overrides {@link #issuer}, {@link #audience} and {@link #signingAlgorithm}. */
  public AuthBuilder tokenPolicy(TokenPolicy policy) {
    this.tokenPolicy = policy;
    return this;
  }

  /** The stores (default: fresh in-memory stores on this builder's clock). */
  public AuthBuilder stores(Stores stores) {
    this.stores = stores;
    return this;
  }

  /** The clock every expiry is judged by (default: system UTC). */
  public AuthBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /** The source of tokens, ids and keys (default: a new {@link SecureRandom}). */
  public AuthBuilder random(SecureRandom random) {
    this.random = Objects.requireNonNull(random, "random");
    return this;
  }

  /** Rules for new passwords (default {@link PasswordPolicy#defaults()}). */
  public AuthBuilder passwordPolicy(PasswordPolicy policy) {
    this.passwordPolicy = Objects.requireNonNull(policy, "passwordPolicy");
    return this;
  }

  /** Hashing cost and concurrency (default {@link HashingPolicy#defaults()}). */
  public AuthBuilder hashingPolicy(HashingPolicy policy) {
    this.hashingPolicy = Objects.requireNonNull(policy, "hashingPolicy");
    return this;
  }

  /** Login throttling (default {@link LoginPolicy#defaults()}). */
  public AuthBuilder loginPolicy(LoginPolicy policy) {
    this.loginPolicy = Objects.requireNonNull(policy, "loginPolicy");
    return this;
  }

  /** Refresh-token lifetimes and reuse detection (default {@link RefreshPolicy#defaults()}). */
  public AuthBuilder refreshPolicy(RefreshPolicy policy) {
    this.refreshPolicy = Objects.requireNonNull(policy, "refreshPolicy");
    return this;
  }

  /** Registration, verification, reset, session-limit and first-admin rules (default {@link AccountPolicy#defaults()}). */
  public AuthBuilder accountPolicy(AccountPolicy policy) {
    this.accountPolicy = Objects.requireNonNull(policy, "accountPolicy");
    return this;
  }

  /** Where outbound mail goes (default: dropped). */
  public AuthBuilder mailer(Mailer mailer) {
    this.mailer = Objects.requireNonNull(mailer, "mailer");
    return this;
  }

  /**
   * Where mail is handed to the {@link #mailer} (default: a pool owned by the instance, of 2 daemon threads that end
   * when idle and 1,000 queued messages). Requests never wait for mail: a message the executor rejects is dropped with
   * a warning and counted in {@link Auth#mailStats()}. An {@link dev.latchkey.auth.core.mail.InMemoryMailer} is called
   * on the request thread instead. Pass {@code Runnable::run} to send on the request thread (and pay its latency).
   */
  public AuthBuilder mailExecutor(Executor executor) {
    this.mailExecutor = Objects.requireNonNull(executor, "mailExecutor");
    return this;
  }

  /** Talks to identity providers for {@link Auth#oauth()} (the {@code auth-oauth} module provides one). */
  public AuthBuilder oauthClient(OAuthClient client) {
    this.oauthClient = Objects.requireNonNull(client, "oauthClient");
    return this;
  }

  /**
   * The key that encrypts provider client secrets at rest (AES-256-GCM); needed to configure providers and to log in
   * with them. Keep it in configuration, not in the database: {@code ClientSecretCipher.fromBase64(env)}.
   */
  public AuthBuilder oauthSecretKey(ClientSecretCipher cipher) {
    this.oauthSecretKey = Objects.requireNonNull(cipher, "oauthSecretKey");
    return this;
  }

  /**
   * OAuth login rules (default: callback at {@code baseUrl + /api/v1/auth/oauth/{provider}/callback}, no post-login
   * redirects, auto-link only verified emails).
   */
  public AuthBuilder oauthPolicy(OAuthPolicy policy) {
    this.oauthPolicy = Objects.requireNonNull(policy, "oauthPolicy");
    return this;
  }

  /** Who hears audit events (default: nobody). */
  public AuthBuilder eventListener(AuthEventListener listener) {
    this.listener = Objects.requireNonNull(listener, "eventListener");
    return this;
  }

  /**
   * Validates the configuration and builds the instance: loads or generates signing keys and computes the dummy
   * password hash (about one hash of work). Logs a warning when the instance would lose its state at restart
   * (in-memory user, session or signing-key stores) or mail links to a loopback host ({@link AccountPolicy#baseUrl()}
   * on {@code localhost} or {@code 127.x}), which suit development and tests only.
   *
   * @throws IllegalArgumentException naming the setting that is missing or invalid
   */
  public Auth build() {
    TokenPolicy tokens = resolveTokenPolicy();
    SecureRandom rnd = random != null ? random : new SecureRandom();
    Stores st = stores != null ? stores : InMemoryStores.create(clock);
    EventSink events = new EventSink(listener, st.eventLog());
    AccessTokens accessTokens = new AccessTokens(tokens, st.signingKeys(), clock, rnd, events);
    warnAboutDevelopmentSettings(st);
    PasswordHasher hasher = testOnlyFastHashing ? PasswordHasher.testOnlyFastHasher(hashingPolicy, rnd)
        : new PasswordHasher(hashingPolicy, rnd);
    SessionFlow sessions = new SessionFlow(st, accessTokens, refreshPolicy, accountPolicy, events, clock, rnd);
    LoginFlow logins = new LoginFlow(st, hasher, passwordPolicy, loginPolicy, sessions, events, clock, rnd,
        accountPolicy.requireEmailVerification());
    MailOutbox outbox = new MailOutbox(mailer, mailExecutor != null ? mailExecutor
        : MailOutbox.boundedExecutor(MailOutbox.DEFAULT_THREADS, MailOutbox.DEFAULT_QUEUE));
    OAuthLinking links = new OAuthLinking(st, events, clock, outbox::send, new MailTemplates(accountPolicy.baseUrl()));
    AccountFlow accounts = new AccountFlow(st, hasher, passwordPolicy, accountPolicy, logins, sessions, events, clock,
        rnd, outbox, links);
    AccessControl access = new AccessControl(st, sessions, accessTokens, events, clock, rnd);
    OAuthPolicy oauth = oauthPolicy != null ? oauthPolicy : OAuthPolicy.defaults(
        accountPolicy.baseUrl().toString().replaceAll("/+$", "") + "/api/v1/auth/oauth/{provider}/callback");
    OAuthLogin oauthLogin = new OAuthLogin(st, oauthClient, oauthSecretKey, oauth, sessions, events, clock, rnd,
        links);
    ProviderAdministration providerAdmin = new ProviderAdministration(st, oauthSecretKey, events, clock);
    AdminOperations admin = new AdminOperations(st, logins, accounts, sessions, access, oauthLogin, providerAdmin,
        hasher, passwordPolicy, events, clock);
    AccountPolicy.AdminBootstrap bootstrap = accountPolicy.adminBootstrap();
    if (bootstrap != null) {
      admin.bootstrap(bootstrap, rnd);
    }
    return new Auth(logins, sessions, accounts, accessTokens, st.users(), admin, access, oauthLogin);
  }

  private void warnAboutDevelopmentSettings(Stores st) {
    if (testOnlyQuiet) {
      return;
    }
    if (st.users() instanceof InMemoryUserStore || st.sessions() instanceof InMemorySessionStore
        || st.signingKeys() instanceof InMemorySigningKeyStore) {
      LOG.warn("Latchkey runs on in-memory stores: users, sessions and signing keys are lost at restart and not "
          + "shared between instances. Give AuthBuilder.stores(...) a persistent adapter outside development.");
    }
    URI baseUrl = accountPolicy.baseUrl();
    String host = baseUrl.getHost() == null ? "" : baseUrl.getHost().toLowerCase(Locale.ROOT);
    if (host.equals("localhost") || host.endsWith(".localhost") || host.startsWith("127.") || host.equals("[::1]")) {
      LOG.warn("Mailed links point at {} (AccountPolicy.baseUrl): set the service's public URL outside development.",
          baseUrl);
    }
  }

  private TokenPolicy resolveTokenPolicy() {
    if (tokenPolicy != null) {
      return tokenPolicy;
    }
    if (issuer == null || audience == null) {
      throw new IllegalArgumentException("issuer and audience are required (or give a tokenPolicy)");
    }
    TokenPolicy policy = TokenPolicy.defaults(issuer, audience);
    return algorithm == null ? policy : policy.withAlgorithm(algorithm);
  }
}
