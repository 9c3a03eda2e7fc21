package dev.latchkey.auth.testkit;

import dev.latchkey.auth.core.AccountPolicy;
import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.AuthBuilder;
import dev.latchkey.auth.core.LoginPolicy;
import dev.latchkey.auth.core.Stores;
import dev.latchkey.auth.core.TestKitOnly;
import dev.latchkey.auth.core.memory.InMemoryStores;
import dev.latchkey.auth.core.password.HashingPolicy;
import dev.latchkey.auth.core.password.PasswordPolicy;
import dev.latchkey.auth.core.session.RefreshPolicy;
import dev.latchkey.auth.core.token.SigningAlgorithm;
import dev.latchkey.auth.core.token.TokenPolicy;
import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands each test method a fresh, isolated in-memory {@link Auth} with its {@link MutableClock},
 * {@link CapturingMailer} and {@link Stores}, all wired together.
 *
 * <p>Register it with the defaults and ask for any of them as test-method (or constructor) parameters:
 *
 * <pre>{@code
 * @ExtendWith(LatchkeyExtension.class)
 * class SignupTest {
 *   @Test
 *   void tokensExpire(Auth auth, MutableClock clock) { ... }
 * }
 * }</pre>
 *
 * <p>or configure it, and reach the same objects (and the {@link #givenUser seeding helper}) through the field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static LatchkeyExtension latchkey = LatchkeyExtension.builder()
 *     .requireEmailVerification(true)
 *     .clockAt("2031-06-01T09:00:00Z")
 *     .build();
 *
 * @Test
 * void editorsEdit() {
 *   SignedInUser alice = latchkey.givenUser("alice").withRole("editor", "notes:write").signedIn();
 *   assertThat(latchkey.auth().verify(alice.accessToken())).isInstanceOf(TokenVerification.Valid.class);
 * }
 * }</pre>
 *
 * <p>By default the instance issues tokens for issuer {@value #ISSUER} and audience {@value #AUDIENCE}, signs with
 * RS256, mails links under {@code http://localhost:8080}, and <b>hashes passwords with fast, test-only Argon2id
 * parameters</b> (m=256 KiB, t=1: about a hundredth of the production cost) that no production {@code Auth.builder()}
 * accepts; {@link Builder#productionHashing()} restores the real cost. Mail reaches the {@link CapturingMailer} before
 * the call that sent it returns. Every test method gets new stores, a new clock and a new mailbox; the instance is
 * built on first use, so a test that asks for nothing pays nothing.
 *
 * <p>The accessors ({@link #auth()}, {@link #clock()}, …) answer for the test running on the calling thread, or, on
 * another thread (a server's, a pool's), for the test that started last: with JUnit's parallel execution, hand the
 * objects to other threads rather than calling the accessors there.
 */
public final class LatchkeyExtension implements ParameterResolver, BeforeEachCallback, AfterEachCallback {
  /** The default issuer of the tokens the provided {@link Auth} issues. */
  public static final String ISSUER = "https://latchkey.test";
  /** The default audience of the tokens the provided {@link Auth} issues. */
  public static final String AUDIENCE = "latchkey-test";

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LatchkeyExtension.class);
  private static final Set<Class<?>> PROVIDED = Set.of(Auth.class, MutableClock.class, CapturingMailer.class,
      Stores.class);

  private final Builder settings;
  private final ThreadLocal<Fixture> onThisThread = new ThreadLocal<>();
  private volatile @Nullable Fixture latest;

  /** The extension with the default settings, as {@code @ExtendWith(LatchkeyExtension.class)} creates it. */
  public LatchkeyExtension() {
    this(new Builder());
  }

  private LatchkeyExtension(Builder settings) {
    this.settings = settings.copy();
  }

  /** Starts configuring an extension to register with {@code @RegisterExtension}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The {@link Auth} of the current test, built on first use. */
  public Auth auth() {
    return current().auth();
  }

  /** The clock of the current test; {@link #auth()} judges every expiry by it. */
  public MutableClock clock() {
    return current().clock();
  }

  /** The mailbox of the current test: every message {@link #auth()} sent. */
  public CapturingMailer mailer() {
    return current().mailer();
  }

  /** The in-memory stores of the current test, for looking behind {@link #auth()}'s back. */
  public Stores stores() {
    return current().stores();
  }

  /**
   * Starts seeding a user of the current test's {@link #auth()}: by default with a verified {@code
   * <username>@example.com} and a password the helper knows.
   *
   * @see GivenUser
   */
  public GivenUser givenUser(String username) {
    return GivenUser.in(auth(), username);
  }

  /** Prepares this test method's fresh state (built lazily). */
  @Override
  public void beforeEach(ExtensionContext context) {
    Fixture fixture = fixture(context);
    onThisThread.set(fixture);
    latest = fixture;
  }

  /** Forgets this test method's state. */
  @Override
  public void afterEach(ExtensionContext context) {
    Fixture fixture = onThisThread.get();
    onThisThread.remove();
    if (latest == fixture) {
      latest = null;
    }
  }

  /** Whether the parameter is an {@link Auth}, {@link MutableClock}, {@link CapturingMailer} or {@link Stores}. */
  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return PROVIDED.contains(parameter.getParameter().getType());
  }

  /** The current test's object of the parameter's type; one test method sees the same objects everywhere. */
  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Fixture fixture = fixture(context);
    Class<?> type = parameter.getParameter().getType();
    if (type == Auth.class) {
      return fixture.auth();
    }
    if (type == MutableClock.class) {
      return fixture.clock();
    }
    if (type == CapturingMailer.class) {
      return fixture.mailer();
    }
    return fixture.stores();
  }

  /** Constructor parameters resolve in the test method's context too, so they are fresh per test like the rest. */
  @Override
  public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
    return ExtensionContextScope.TEST_METHOD;
  }

  private Fixture fixture(ExtensionContext context) {
    // The method's own store (the constructor of a per-method test instance resolves in it too): fresh per test.
    return context.getStore(NAMESPACE).getOrComputeIfAbsent(Fixture.class, k -> new Fixture(settings),
        Fixture.class);
  }

  private Fixture current() {
    Fixture fixture = onThisThread.get();
    if (fixture == null) {
      fixture = latest;
    }
    if (fixture == null) {
      throw new IllegalStateException("no test is running: register the extension with @RegisterExtension and call "
          + "it from a test method, @BeforeEach or @AfterEach (not from @BeforeAll or a static initialiser)");
    }
    return fixture;
  }

  /** One test method's state; the {@link Auth} is built on first use. */
  private static final class Fixture {
    private final Builder settings;
    private final MutableClock clock;
    private final CapturingMailer mailer = new CapturingMailer();
    private final Stores stores;
    private @Nullable Auth auth;

    Fixture(Builder settings) {
      this.settings = settings;
      this.clock = MutableClock.at(settings.start);
      this.stores = InMemoryStores.create(clock);
    }

    synchronized Auth auth() {
      if (auth == null) {
        auth = settings.build(clock, stores, mailer);
      }
      return auth;
    }

    MutableClock clock() {
      return clock;
    }

    CapturingMailer mailer() {
      return mailer;
    }

    Stores stores() {
      return stores;
    }
  }

  /**
   * Configures a {@link LatchkeyExtension}. Unset policies are Latchkey's defaults; the stores are always in memory,
   * the clock a {@link MutableClock} and the mailer a {@link CapturingMailer}. Not thread-safe; {@link #build()}
   * copies it.
   */
  public static final class Builder {
    private String issuer = ISSUER;
    private String audience = AUDIENCE;
    private @Nullable SigningAlgorithm algorithm;
    private @Nullable TokenPolicy tokenPolicy;
    private @Nullable LoginPolicy loginPolicy;
    private @Nullable PasswordPolicy passwordPolicy;
    private @Nullable RefreshPolicy refreshPolicy;
    private @Nullable HashingPolicy hashingPolicy;
    private AccountPolicy accountPolicy = AccountPolicy.defaults();
    private @Nullable Boolean requireEmailVerification;
    private @Nullable URI baseUrl;
    private Instant start = Instant.parse("2030-01-01T00:00:00Z");
    private boolean fastHashing = true;
    private Consumer<AuthBuilder> customizer = b -> { };

    private Builder() {}

    private Builder copy() {
      Builder c = new Builder();
      c.issuer = issuer;
      c.audience = audience;
      c.algorithm = algorithm;
      c.tokenPolicy = tokenPolicy;
      c.loginPolicy = loginPolicy;
      c.passwordPolicy = passwordPolicy;
      c.refreshPolicy = refreshPolicy;
      c.hashingPolicy = hashingPolicy;
      c.accountPolicy = accountPolicy;
      c.requireEmailVerification = requireEmailVerification;
      c.baseUrl = baseUrl;
      c.start = start;
      c.fastHashing = fastHashing;
      c.customizer = customizer;
      return c;
    }

    /** The {@code iss} of access tokens (default {@value LatchkeyExtension#ISSUER}). */
    public Builder issuer(String value) {
      this.issuer = Objects.requireNonNull(value, "issuer");
      return this;
    }

    /** The {@code aud} of access tokens (default {@value LatchkeyExtension#AUDIENCE}). */
    public Builder audience(String value) {
      this.audience = Objects.requireNonNull(value, "audience");
      return this;
    }

    /** The signing algorithm (default RS256). */
    public Builder signingAlgorithm(SigningAlgorithm value) {
      this.algorithm = Objects.requireNonNull(value, "signingAlgorithm");
      return this;
    }

    /** The whole token policy; overrides {@link #issuer}, {@link #audience} and {@link #signingAlgorithm}. */
    public Builder tokenPolicy(TokenPolicy value) {
      this.tokenPolicy = Objects.requireNonNull(value, "tokenPolicy");
      return this;
    }

    /** Login throttling (default {@link LoginPolicy#defaults()}). */
    public Builder loginPolicy(LoginPolicy value) {
      this.loginPolicy = Objects.requireNonNull(value, "loginPolicy");
      return this;
    }

    /** Rules for new passwords (default {@link PasswordPolicy#defaults()}). */
    public Builder passwordPolicy(PasswordPolicy value) {
      this.passwordPolicy = Objects.requireNonNull(value, "passwordPolicy");
      return this;
    }

    /** Refresh-token lifetimes and reuse detection (default {@link RefreshPolicy#defaults()}). */
    public Builder refreshPolicy(RefreshPolicy value) {
      this.refreshPolicy = Objects.requireNonNull(value, "refreshPolicy");
      return this;
    }

    /**
     * Hashing concurrency and wait (default {@link HashingPolicy#defaults()}). Its Argon2 cost applies only with
     * {@link #productionHashing()}; otherwise the fast test-only cost replaces it.
     */
    public Builder hashingPolicy(HashingPolicy value) {
      this.hashingPolicy = Objects.requireNonNull(value, "hashingPolicy");
      return this;
    }

    /**
     * Registration, verification, reset and session rules (default {@link AccountPolicy#defaults()});
     * {@link #requireEmailVerification} and {@link #baseUrl}, when given, apply on top of it.
     */
    public Builder accountPolicy(AccountPolicy value) {
      this.accountPolicy = Objects.requireNonNull(value, "accountPolicy");
      return this;
    }

    /** Whether new accounts must verify their email before they can log in (default: as the account policy). */
    public Builder requireEmailVerification(boolean required) {
      this.requireEmailVerification = required;
      return this;
    }

    /** The base URL mailed links are built from (default {@code http://localhost:8080}). */
    public Builder baseUrl(String url) {
      this.baseUrl = URI.create(url);
      return this;
    }

    /** Where each test's {@link MutableClock} starts (default 2030-01-01T00:00:00Z). */
    public Builder clockAt(Instant instant) {
      this.start = Objects.requireNonNull(instant, "instant");
      return this;
    }

    /** Where each test's {@link MutableClock} starts, as ISO-8601 such as {@code 2031-06-01T09:00:00Z}. */
    public Builder clockAt(String isoInstant) {
      return clockAt(Instant.parse(isoInstant));
    }

    /**
     * Hashes passwords at the production cost of the {@link #hashingPolicy} (default Argon2id m=19456 KiB, t=2)
     * instead of the test kit's fast test-only cost: for tests that measure or compare hashing itself.
     */
    public Builder productionHashing() {
      this.fastHashing = false;
      return this;
    }

    /**
     * Anything else on the core builder (an event listener, an OAuth client, …). It runs before the extension sets
     * the clock, stores and mailer, which stay the extension's so that they remain wired together.
     */
    public Builder configure(Consumer<AuthBuilder> value) {
      this.customizer = Objects.requireNonNull(value, "configure");
      return this;
    }

    /** The extension; later changes to this builder do not affect it. */
    public LatchkeyExtension build() {
      return new LatchkeyExtension(this);
    }

    Auth build(MutableClock clock, Stores stores, CapturingMailer mailer) {
      AuthBuilder b = Auth.builder();
      customizer.accept(b);
      if (tokenPolicy != null) {
        b.tokenPolicy(tokenPolicy);
      } else {
        b.issuer(issuer).audience(audience);
        if (algorithm != null) {
          b.signingAlgorithm(algorithm);
        }
      }
      if (loginPolicy != null) {
        b.loginPolicy(loginPolicy);
      }
      if (passwordPolicy != null) {
        b.passwordPolicy(passwordPolicy);
      }
      if (refreshPolicy != null) {
        b.refreshPolicy(refreshPolicy);
      }
      if (hashingPolicy != null) {
        b.hashingPolicy(hashingPolicy);
      }
      AccountPolicy account = accountPolicy;
      if (requireEmailVerification != null) {
        account = account.withRequiredEmailVerification(requireEmailVerification);
      }
      if (baseUrl != null) {
        account = account.withBaseUrl(baseUrl);
      }
      b.accountPolicy(account).clock(clock).stores(stores).mailer(mailer);
      TestKitOnly.quietDevelopmentWarnings(b);
      if (fastHashing) {
        TestKitOnly.fastPasswordHashing(b);
      }
      return b.build();
    }
  }
}
