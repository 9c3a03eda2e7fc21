package dev.latchkey.example.orders;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.latchkey.auth.core.AccountPolicy;
import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.mail.Mailer;
import dev.latchkey.auth.http.javalin.AuthPlugin;
import dev.latchkey.auth.store.postgres.PostgresOptions;
import dev.latchkey.auth.store.postgres.PostgresStores;
import io.javalin.Javalin;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An orders service that embeds Latchkey: one Javalin app serves the service's own routes ({@code /api/v1/orders},
 * {@code /api/v1/fulfilment/orders}) next to Latchkey's API (sign-up, login, refresh, account, roles) under
 * {@code /api/v1/auth}, {@code /api/v1/me}, {@code /api/v1/admin} and {@code /api/v1/users}, over one PostgreSQL
 * database: Latchkey's tables in schema {@code auth}, the service's in {@code orders}.
 *
 * <pre>{@code
 * try (OrderService service = OrderService.start(ServiceConfig.fromEnv(System.getenv()), mailer)) {
 *   ... service.port() ...
 * }
 * }</pre>
 */
public final class OrderService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OrderService.class);

  private final List<AutoCloseable> resources = new ArrayList<>();
  private @Nullable Javalin app;
  private @Nullable Auth auth;

  private OrderService() {}

  /**
   * Starts the service with the settings of the environment ({@link ServiceConfig#fromEnv}) and stops it on SIGTERM
   * or Ctrl-C. Invalid settings end the process with status 2, a start that fails (a database that cannot be
   * reached) with status 1: each with one log line saying why.
   */
  public static void main(String[] args) {
    System.setProperty("org.jooq.no-logo", "true"); // Latchkey's PostgreSQL stores use jOOQ: no banner in our log
    System.setProperty("org.jooq.no-tips", "true");
    ServiceConfig config;
    try {
      config = ServiceConfig.fromEnv(System.getenv());
    } catch (IllegalArgumentException e) {
      LOG.error("the orders service cannot start: {}", e.getMessage());
      System.exit(2);
      return;
    }
    // A real service passes its mail provider here (verification and password-reset links); without one those mails
    // are dropped, so email verification cannot be required.
    if (config.requireEmailVerification()) {
      LOG.error("the orders service cannot start: ORDERS_REQUIRE_EMAIL_VERIFICATION needs a Mailer, and this main "
          + "has none (pass yours to OrderService.start)");
      System.exit(2);
      return;
    }
    LOG.warn("no mailer: password-reset mails are dropped (pass a Mailer to OrderService.start)");
    try {
      OrderService service = start(config, Mailer.NONE);
      Runtime.getRuntime().addShutdownHook(new Thread(service::close, "orders-shutdown"));
    } catch (RuntimeException e) {
      LOG.error("the orders service cannot start: {}", describe(e));
      LOG.debug("start-up failure", e);
      System.exit(1);
    }
  }

  /**
   * Starts the service: connects to the database, migrates Latchkey's schema and the service's, creates the
   * service's roles when missing, and serves HTTP on {@link ServiceConfig#port()}. {@link #close()} stops it.
   *
   * @param mailer where Latchkey's mails go (verification and password-reset links)
   * @throws RuntimeException when the database cannot be reached or the port is taken; nothing is left running
   */
  public static OrderService start(ServiceConfig config, Mailer mailer) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(mailer, "mailer");
    OrderService service = new OrderService();
    try {
      service.boot(config, mailer);
      return service;
    } catch (RuntimeException e) {
      service.close();
      throw e;
    }
  }

  private void boot(ServiceConfig config, Mailer mailer) {
    long started = System.nanoTime();
    Clock clock = Clock.systemUTC();
    HikariDataSource pool = pool(config);
    resources.add(pool);

    // Latchkey's stores: its tables and its Flyway history in schema "auth" of the service's database.
    PostgresStores latchkeyStores = PostgresStores.create(pool, PostgresOptions.defaults());
    resources.add(latchkeyStores);
    // The service's own table, in schema "orders", migrated by its own Flyway history.
    Orders.migrate(pool);
    Orders orders = new Orders(pool);

    AccountPolicy accounts = AccountPolicy.defaults().withBaseUrl(config.baseUrl())
        .withRequiredEmailVerification(config.requireEmailVerification());
    if (config.admin() != null) {
      accounts = accounts.withAdminBootstrap(config.admin());
    }
    Auth latchkey = Auth.builder()
        .issuer(config.issuer())
        .audience(config.audience())
        .stores(latchkeyStores.stores())
        .accountPolicy(accounts)
        .mailer(mailer)
        .clock(clock)
        .build();
    this.auth = latchkey;
    OrderAccess.installRoles(latchkey.accessControl());

    app = Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      cfg.registerPlugin(new AuthPlugin(latchkey, plugin -> plugin
          // Per-address limits counted in PostgreSQL, so that several instances of the service count together.
          .rateLimiter(latchkeyStores.stores().rateLimiter())
          .readiness("postgres", () -> ping(pool))
          // The service serves an API only: Jetty's own refusals (a malformed path) are problems too.
          .containerErrors(true)
          .clock(clock)));
      // The plugin's rules cover its own routes only; the service's routes follow the service's rules.
      HttpRules.install(cfg, List.of(OrderRoutes.ORDERS, OrderRoutes.QUEUE));
      new OrderRoutes(orders, clock).register(cfg);
    }).start(config.port());
    LOG.info("orders service on http://localhost:{} (issuer {}) ready in {} ms", app.port(), config.issuer(),
        (System.nanoTime() - started) / 1_000_000);
  }

  private static HikariDataSource pool(ServiceConfig config) {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(config.databaseUrl());
    hikari.setUsername(config.databaseUser());
    hikari.setPassword(config.databasePassword());
    hikari.setPoolName("orders");
    hikari.setMaximumPoolSize(10);
    hikari.setConnectionTimeout(5_000);
    return new HikariDataSource(hikari);
  }

  private static boolean ping(HikariDataSource pool) {
    try (Connection c = pool.getConnection()) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  /**
   * What stopped a start, in one line: the distinct messages of the exception and its causes, with credentials that
   * a JDBC URL may carry ({@code password=...}, {@code //user:password@}) redacted.
   */
  static String describe(Throwable failure) {
    Set<String> messages = new LinkedHashSet<>();
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

  /** The port the service listens on. */
  public int port() {
    if (app == null) {
      throw new IllegalStateException("the service is not running");
    }
    return app.port();
  }

  /** The Latchkey facade the service runs, for the service's own code (such as assigning roles at start-up). */
  public Auth auth() {
    if (auth == null) {
      throw new IllegalStateException("the service is not running");
    }
    return auth;
  }

  /** Stops serving, then closes Latchkey's stores and the pool; idempotent. */
  @Override
  public synchronized void close() {
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
  }
}
