package dev.latchkey.auth.testkit.http;

import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.Stores;
import dev.latchkey.auth.http.javalin.AuthPlugin;
import dev.latchkey.auth.testkit.CapturingMailer;
import dev.latchkey.auth.testkit.GivenUser;
import dev.latchkey.auth.testkit.LatchkeyExtension;
import dev.latchkey.auth.testkit.MutableClock;
import io.javalin.config.JavalinConfig;
import java.net.URI;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A {@link LatchkeyExtension} whose {@link Auth} is also served over HTTP: each test method gets its own fresh state
 * and its own {@link LatchkeyServer} on a free port, started on first use and stopped after the test.
 *
 * <pre>{@code
 * @RegisterExtension
 * static LatchkeyHttpExtension http = LatchkeyHttpExtension.builder()
 *     .latchkey(LatchkeyExtension.builder().requireEmailVerification(true))
 *     .routes((cfg, auth) -> cfg.routes.get("/notes", ctx -> ctx.json(List.of()), AuthRole.AUTHENTICATED))
 *     .build();
 *
 * @Test
 * void notesNeedALogin() {
 *   SignedInUser alice = http.givenUser("alice").signedIn();
 *   assertThat(http.server().get("/notes", alice.accessToken()).statusCode()).isEqualTo(200);
 *   assertThat(http.server().get("/notes", null).statusCode()).isEqualTo(401);
 * }
 * }</pre>
 *
 * <p>Test methods may also ask for a {@link LatchkeyServer} parameter, besides everything {@link LatchkeyExtension}
 * provides. Register only this extension (it includes the {@link LatchkeyExtension}), not both.
 */
public final class LatchkeyHttpExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private final LatchkeyExtension latchkey;
  private final Consumer<AuthPlugin.Config> plugin;
  private final BiConsumer<JavalinConfig, Auth> routes;
  private final ThreadLocal<Servers> onThisThread = new ThreadLocal<>();
  private volatile @Nullable Servers latest;

  private LatchkeyHttpExtension(Builder builder) {
    this.latchkey = builder.latchkey.build();
    this.plugin = builder.plugin;
    this.routes = builder.routes;
  }

  /** Starts configuring an extension to register with {@code @RegisterExtension}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The server of the current test, started on first use. */
  public LatchkeyServer server() {
    return current().server();
  }

  /** Where the current test's server listens; starts it. */
  public URI baseUri() {
    return server().baseUri();
  }

  /** The extension underneath, for everything else it offers. */
  public LatchkeyExtension latchkey() {
    return latchkey;
  }

  /** The {@link Auth} the current test's server serves. */
  public Auth auth() {
    return latchkey.auth();
  }

  /** The clock of the current test. */
  public MutableClock clock() {
    return latchkey.clock();
  }

  /** The mailbox of the current test. */
  public CapturingMailer mailer() {
    return latchkey.mailer();
  }

  /** The in-memory stores of the current test. */
  public Stores stores() {
    return latchkey.stores();
  }

  /** Starts seeding a user of the current test (see {@link LatchkeyExtension#givenUser}). */
  public GivenUser givenUser(String username) {
    return latchkey.givenUser(username);
  }

  /** Prepares this test method's state; the server starts when first asked for. */
  @Override
  public void beforeEach(ExtensionContext context) {
    latchkey.beforeEach(context);
    Servers servers = new Servers();
    onThisThread.set(servers);
    latest = servers;
  }

  /** Stops this test method's server, if it started, and forgets its state. */
  @Override
  public void afterEach(ExtensionContext context) {
    Servers servers = onThisThread.get();
    onThisThread.remove();
    if (latest == servers) {
      latest = null;
    }
    try {
      if (servers != null) {
        servers.close();
      }
    } finally {
      latchkey.afterEach(context);
    }
  }

  /** A {@link LatchkeyServer}, or anything {@link LatchkeyExtension} provides. */
  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LatchkeyServer.class
        || latchkey.supportsParameter(parameter, context);
  }

  /** The current test's server or object of the parameter's type. */
  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    if (parameter.getParameter().getType() == LatchkeyServer.class) {
      return server();
    }
    return latchkey.resolveParameter(parameter, context);
  }

  /** Constructor parameters resolve in the test method's context too, so they are fresh per test like the rest. */
  @Override
  public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
    return ExtensionContextScope.TEST_METHOD;
  }

  private Servers current() {
    Servers servers = onThisThread.get();
    if (servers == null) {
      servers = latest;
    }
    if (servers == null) {
      throw new IllegalStateException("no test is running: register the extension with @RegisterExtension and call "
          + "it from a test method, @BeforeEach or @AfterEach");
    }
    return servers;
  }

  /** One test method's server, started on first use. */
  private final class Servers implements AutoCloseable {
    private @Nullable LatchkeyServer server;

    synchronized LatchkeyServer server() {
      if (server == null) {
        server = LatchkeyServer.start(latchkey.auth(), plugin, routes);
      }
      return server;
    }

    @Override
    public synchronized void close() {
      if (server != null) {
        server.close();
        server = null;
      }
    }
  }

  /** Configures a {@link LatchkeyHttpExtension}. Not thread-safe. */
  public static final class Builder {
    private LatchkeyExtension.Builder latchkey = LatchkeyExtension.builder();
    private Consumer<AuthPlugin.Config> plugin = c -> { };
    private BiConsumer<JavalinConfig, Auth> routes = (cfg, auth) -> { };

    private Builder() {}

    /** The settings of the {@link Auth} (default {@link LatchkeyExtension#builder()}'s). */
    public Builder latchkey(LatchkeyExtension.Builder value) {
      this.latchkey = Objects.requireNonNull(value, "latchkey");
      return this;
    }

    /** The plugin's settings, as for {@code new AuthPlugin(auth, plugin)} (default: the plugin's defaults). */
    public Builder plugin(Consumer<AuthPlugin.Config> value) {
      this.plugin = Objects.requireNonNull(value, "plugin");
      return this;
    }

    /**
     * The caller's own routes and Javalin settings, given the current test's {@link Auth}, such as
     * {@code (cfg, auth) -> cfg.routes.get("/notes", handler, AuthRole.AUTHENTICATED)}.
     */
    public Builder routes(BiConsumer<JavalinConfig, Auth> value) {
      this.routes = Objects.requireNonNull(value, "routes");
      return this;
    }

    /** The extension. */
    public LatchkeyHttpExtension build() {
      return new LatchkeyHttpExtension(this);
    }
  }
}
