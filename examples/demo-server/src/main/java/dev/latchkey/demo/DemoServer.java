package dev.latchkey.demo;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.latchkey.auth.core.AccountPolicy;
import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.Stores;
import dev.latchkey.auth.core.mail.Mailer;
import dev.latchkey.auth.core.oauth.ClientSecretCipher;
import dev.latchkey.auth.core.oauth.OAuthPolicy;
import dev.latchkey.auth.core.password.HashingPolicy;
import dev.latchkey.auth.core.password.PasswordPolicy;
import dev.latchkey.auth.core.session.RefreshPolicy;
import dev.latchkey.auth.core.token.TokenPolicy;
import dev.latchkey.auth.core.user.UserId;
import dev.latchkey.auth.http.javalin.AuthPlugin;
import dev.latchkey.auth.http.javalin.AuthRole;
import dev.latchkey.auth.oauth.ProviderClient;
import dev.latchkey.auth.store.postgres.PostgresOptions;
import dev.latchkey.auth.store.postgres.PostgresStores;
import dev.latchkey.demo.web.Web;
import dev.latchkey.demo.web.WebSettings;
import dev.latchkey.demo.web.WebUi;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Latchkey's reference server: PostgreSQL (embedded, persisting under {@code LATCHKEY_DATA_DIR}, unless
 * {@code LATCHKEY_DATABASE_URL} names one), optionally Redis for the hot state, OAuth providers, SMTP or the dev
 * mailbox, and the whole HTTP API. Configured only by environment variables (API.md); stops cleanly on SIGTERM.
 */
public final class DemoServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DemoServer.class);

  private final List<AutoCloseable> resources = new ArrayList<>();
  private Javalin app;
  private Auth auth;
  private @Nullable Web web;
  private @Nullable MemoryMailbox mailbox;

  private DemoServer() {}

  /**
   * Starts the server with the process environment and stops it on SIGTERM; with the single argument
   * {@code prepare}, only does a first start's one-time work (see {@link #prepare}) and exits.
   */
  public static void main(String[] args) {
    System.setProperty("org.jooq.no-logo", "true");
    System.setProperty("org.jooq.no-tips", "true");
    DemoConfig config;
    try {
      config = DemoConfig.fromEnv(System.getenv());
    } catch (IllegalArgumentException e) {
      LOG.error("latchkey cannot start: {}", e.getMessage());
      System.exit(1);
      return;
    }
    if (args.length > 1 || args.length == 1 && !args[0].equals("prepare")) {
      LOG.error("latchkey cannot start: unknown arguments {} (the only one is: prepare)", List.of(args));
      System.exit(2);
      return;
    }
    try {
      if (args.length == 1) {
        prepare(config);
        return;
      }
      DemoServer server = start(config);
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "latchkey-shutdown"));
    } catch (RuntimeException e) {
      // A store that cannot be reached (a container started before its database) is an operator's problem, not a
      // program error: one line saying what failed, the stack trace only at debug level.
      LOG.error("latchkey cannot start: {}", startupFailure(e));
      LOG.debug("start-up failure", e);
      System.exit(1);
    }
  }

  /**
   * What stopped a start, in one line: each distinct message of the exception's causes, with credentials in URLs
   * ({@code //user:password@}, {@code password=}) redacted.
   */
  static String startupFailure(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof StartChecks.Failure named) {
        return named.getMessage();
      }
    }
    java.util.LinkedHashSet<String> messages = new java.util.LinkedHashSet<>();
    for (Throwable t = failure; t != null && messages.size() < 5; t = t.getCause() == t ? null : t.getCause()) {
      String message = t.getMessage();
      if (message != null && !message.isBlank() && messages.stream().noneMatch(m -> m.contains(message.strip()))) {
        messages.add(message.strip());
      }
    }
    String text = messages.isEmpty() ? failure.getClass().getSimpleName() : String.join(": ", messages);
    return text.replaceAll("(?i)(password=)[^&\\s;]*", "$1[redacted]")
        .replaceAll("(//[^/@\\s:]*:)[^/@\\s]*@", "$1[redacted]@")
        .replaceAll("\\s+", " ");
  }

  /**
   * Does a first start's one-time work (schema migration, first administrator, signing key, OAuth secret key) and
   * stops without serving. The launcher runs this before the start that records its AOT cache: classes that only this
   * work loads (Flyway alone is ~320 classes) would otherwise be mapped into every later start (~6 MB resident).
   */
  static void prepare(DemoConfig config) {
    DemoServer server = new DemoServer();
    try {
      server.boot(config, false);
    } finally {
      server.close();
    }
  }

  /** Starts a server; {@link #close()} stops it and everything it started. */
  static DemoServer start(DemoConfig config) {
    DemoServer server = new DemoServer();
    try {
      server.boot(config, true);
      return server;
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  private void boot(DemoConfig config, boolean serve) {
    long started = System.nanoTime();
    check(config, serve);
    Clock clock = Clock.systemUTC();
    createDirectory(config.dataDir());
    HikariDataSource pool = pool(config);
    // With Redis, revocations live there (one MGET per check); on PostgreSQL a LISTEN feed spares the per-request query.
    PostgresStores postgres = PostgresStores.create(pool,
        PostgresOptions.defaults().withChangeFeed(config.changeFeed() && config.redisUrl() == null));
    resources.add(postgres);
    Stores stores = postgres.stores();
    RedisHotState.Attached redis = null;
    if (config.redisUrl() != null) {
      redis = RedisHotState.attach(config.redisUrl(), config.redisPrefix(), stores, resources);
      stores = redis.stores();
    }
    Mailer mailer;
    // Links (with their tokens) reach the log and /api/v1/dev/mailbox only when LATCHKEY_DEV_MAILBOX says so.
    MemoryMailbox mailbox = new MemoryMailbox(clock, config.devMailbox());
    this.mailbox = mailbox;
    if (config.smtpUrl() != null) {
      mailer = new SmtpMailer(config.smtpUrl(), "no-reply@" + config.baseUrl().getHost());
    } else {
      mailer = mailbox;
    }
    RefreshPolicy refreshPolicy = withGrace(RefreshPolicy.defaults(), config);
    auth = Auth.builder()
        .tokenPolicy(TokenPolicy.defaults(config.issuer(), config.audience()).withAlgorithm(config.signingAlgorithm())
            .withAccessTokenTtl(config.accessTtl()))
        .refreshPolicy(refreshPolicy)
        .accountPolicy(AccountPolicy.defaults().withSelfRegistration(config.selfRegistration())
            .withRequiredEmailVerification(config.requireEmailVerification()).withBaseUrl(config.baseUrl())
            .withAdminBootstrap(new AccountPolicy.AdminBootstrap(config.adminUsername(), config.adminEmail(),
                config.adminPassword())))
        // OWASP-equivalent to 19 MiB x 2 passes, and 2.7 times lighter on the small heap the launcher gives the JVM.
        .hashingPolicy(new HashingPolicy(config.argon2MemoryKib(), config.argon2Iterations(), 1,
            HashingPolicy.defaults().maxConcurrentHashes(), HashingPolicy.defaults().maxWait()))
        .stores(stores).clock(clock).mailer(mailer)
        .oauthClient(ProviderClient.create())
        .oauthSecretKey(oauthKey(config))
        .oauthPolicy(OAuthPolicy.defaults(config.baseUrl().toString().replaceAll("/+$", "")
            + "/api/v1/auth/oauth/{provider}/callback").withAllowedRedirects(redirects(config)))
        .build();
    if (!serve) {
      return;
    }
    if (config.demoIdp()) {
      DemoIdp idp = DemoIdp.start(config.demoIdpPort());
      resources.add(idp);
      idp.register(auth);
    } else {
      DemoIdp.disableLeftover(auth);
    }
    Stores shared = stores;
    RedisHotState.Attached hot = redis;
    app = Javalin.create(cfg -> {
      RequestIds.install(cfg); // first, so that every line logged while serving a request carries its id
      cfg.startup.showJavalinBanner = false;
      // Jetty caches header lines per connection and matches each request against that cache character by character:
      // a cached 800-character bearer token cost 8 % of /me's CPU. Only short lines are worth caching.
      cfg.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheSize(256));
      // Virtual threads: a login waiting for a hashing slot parks without holding a platform thread (a 64-connection
      // login flood grew Jetty's pool to ~80 threads and their stacks), and the hashes themselves run on the hasher's
      // low-priority platform threads, so the flood only takes the CPU other requests leave. -Dlatchkey.virtualThreads
      // =false serves from Jetty's platform pool.
      cfg.concurrency.useVirtualThreads =
          Boolean.parseBoolean(System.getProperty("latchkey.virtualThreads", "true"));
      // The pages' form limit (the plugin holds its own routes to 64 KiB by itself).
      cfg.http.maxRequestSize = 64 * 1024;
      cfg.registerPlugin(new AuthPlugin(auth, c -> {
        c.trustedProxies(config.trustedProxies()).corsOrigins(config.corsOrigins())
            .rateLimiter(shared.rateLimiter())
            .containerErrors(true) // the whole server is the demo: Jetty's refusals as problems too
            .meterRegistry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
            .readiness("postgres", () -> reachable(() -> shared.users().findById(UserId.random())));
        if (config.metricsToken() != null) {
          c.metricsScrapeToken(config.metricsToken());
        }
        if (hot != null) {
          c.readiness("redis", () -> reachable(hot.lookup()));
        }
        if (config.devMailbox() && config.smtpUrl() == null) {
          c.devMailbox(mailbox);
        }
      }));
      // The demo's protected greeting, a host route like any application's own (the Hello page calls it).
      cfg.routes.get("/api/v1/hello", ctx -> ctx.json(Map.of("message", "hello world", "user",
          ctx.with(AuthPlugin.class).requirePrincipal().username())), AuthRole.AUTHENTICATED);
      web = WebUi.install(cfg, auth, new WebSettings(config.baseUrl(), config.selfRegistration(),
          config.adminUsername(), refreshPolicy, PasswordPolicy.defaults(),
          config.devMailbox() && config.smtpUrl() == null ? mailbox : null), clock);
    }).start(config.port());
    LOG.info("Latchkey serving http://localhost:{} (issuer {}, {} PostgreSQL{}, mail {}) ready in {} ms",
        app.port(), config.issuer(), config.databaseUrl() == null ? "embedded" : "external",
        redis != null ? ", Redis for sessions" : "", config.smtpUrl() != null ? "via SMTP" : "to the dev mailbox",
        (System.nanoTime() - started) / 1_000_000);
  }

  /**
   * Fails with one line naming the setting when a port to serve is taken or the external database does not answer,
   * before anything is built whose own failure would log a stack trace (see {@link StartChecks}).
   */
  private static void check(DemoConfig config, boolean serve) {
    if (serve) {
      StartChecks.port("PORT", config.port());
      if (config.demoIdp()) {
        StartChecks.port("LATCHKEY_DEMO_IDP_PORT", config.demoIdpPort());
      }
    }
    if (config.databaseUrl() != null) {
      StartChecks.database(config.databaseUrl());
    }
  }

  /**
   * The configured post-login redirects plus the web pages' OAuth landing, where a provider login started from the
   * login page returns with its one-time login code.
   */
  private static Set<URI> redirects(DemoConfig config) {
    Set<URI> redirects = new HashSet<>(config.oauthRedirects());
    redirects.add(URI.create(config.baseUrl().toString().replaceAll("/+$", "") + "/oauth/landing"));
    return redirects;
  }

  private HikariDataSource pool(DemoConfig config) {
    String url = config.databaseUrl();
    String user = null;
    if (url == null) {
      try {
        EmbeddedPostgres embedded = EmbeddedPostgres.builder()
            .setDataDirectory(config.dataDir().resolve("postgres")).setCleanDataDirectory(false).start();
        resources.add(embedded);
        url = embedded.getJdbcUrl("postgres", "postgres");
        user = "postgres";
      } catch (IOException e) {
        throw new UncheckedIOException("the embedded PostgreSQL did not start", e);
      }
    }
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(url);
    if (user != null) {
      hikari.setUsername(user);
    }
    hikari.setPoolName("latchkey");
    hikari.setMaximumPoolSize(10);
    hikari.setConnectionTimeout(5_000);
    HikariDataSource pool = new HikariDataSource(hikari);
    resources.add(pool);
    return pool;
  }

  /** A store is ready when a lookup completes (a store-unavailable failure counts as down). */
  private static boolean reachable(Runnable lookup) {
    lookup.run();
    return true;
  }

  private static RefreshPolicy withGrace(RefreshPolicy base, DemoConfig config) {
    return new RefreshPolicy(base.idleTimeout(), base.absoluteLifetime(), config.refreshGrace(),
        base.reuseHistory());
  }

  /** The key that encrypts provider secrets: from the environment, or generated once into the data directory. */
  private static ClientSecretCipher oauthKey(DemoConfig config) {
    if (config.oauthSecretKey() != null) {
      return ClientSecretCipher.fromBase64(config.oauthSecretKey());
    }
    Path file = config.dataDir().resolve("oauth-secret.key");
    try {
      if (!Files.exists(file)) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Files.writeString(file, Base64.getEncoder().encodeToString(key));
        try {
          Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
          LOG.warn("could not restrict the permissions of {}", file);
        }
        LOG.info("generated the OAuth client-secret key in {}", file);
      }
      return ClientSecretCipher.fromBase64(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("could not read or create " + file, e);
    }
  }

  private static void createDirectory(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("could not create the data directory " + dir, e);
    }
  }

  /** The port it serves. */
  int port() {
    return app.port();
  }

  /** The in-memory mailbox (for tests; it keeps messages only with the dev mailbox on). */
  @Nullable MemoryMailbox mailbox() {
    return mailbox;
  }

  /** The web pages' toolbox (for tests). */
  @Nullable Web web() {
    return web;
  }

  /** The facade it serves (for tests). */
  @Nullable Auth auth() {
    return auth;
  }

  /** Stops the HTTP server, then Redis, PostgreSQL and the embedded database, in that order. */
  @Override
  public synchronized void close() {
    boolean served = app != null;
    if (app != null) {
      app.stop();
      app = null;
    }
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        LOG.warn("stopping {} failed: {}", resources.get(i).getClass().getSimpleName(), e.toString());
      }
    }
    resources.clear();
    if (served) { // a start that failed has said why in its one line
      LOG.info("Latchkey stopped");
    }
  }
}
