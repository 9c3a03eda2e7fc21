package dev.latchkey.auth.http.javalin;

import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.memory.InMemoryRateLimiter;
import dev.latchkey.auth.core.ratelimit.RateLimit;
import dev.latchkey.auth.core.ratelimit.RateLimiter;
import io.javalin.config.JavalinState;
import io.javalin.http.Context;
import io.javalin.plugin.ContextPlugin;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Serves Latchkey's reference HTTP API (API.md) on a Javalin 7 instance and guards host routes:
 *
 * <pre>{@code
 * Javalin app = Javalin.create(cfg -> {
 *   cfg.registerPlugin(new AuthPlugin(auth, c -> c.basePath("/auth").without(AuthPlugin.RouteGroup.DOCS)));
 *   cfg.routes.post("/orders", ctx -> ctx.json(order(ctx.with(AuthPlugin.class).requirePrincipal())),
 *       AuthRole.permission("orders:write"));
 * });
 * }</pre>
 *
 * <p>The plugin stays in its lane: its JSON mapping (snake_case), its 64 KiB body limit and media-type checks, its
 * security headers ({@code nosniff}, {@code no-referrer}, a restrictive CSP, HSTS over HTTPS, {@code no-store} on
 * {@code auth/*}), CORS, its problem mapping and its request metrics apply to its own routes and to unmatched paths
 * under its {@link Config#basePath base path} (404 and 405 problems) only. The host's JSON mapper, request size limit,
 * error and exception handlers and response headers are left as they are; on a host route the plugin only acts when
 * the route names an {@link AuthRole} (a 401 or 403 problem) or a handler asks {@link AuthContext}. Jetty's own
 * refusals are server-wide and so only answered as problems when {@link Config#containerErrors(boolean)} says so.
 * Every error of the plugin is an RFC 9457 problem with a stable {@code code}. Access tokens are checked for
 * revocation on every request unless {@link Config#statelessVerification(boolean)} is set. The settings are copied
 * when the plugin starts: a {@link Config} changed afterwards has no effect.
 */
public final class AuthPlugin extends ContextPlugin<AuthPlugin.Config, AuthContext> {
  private final Auth auth;
  private volatile @Nullable Api api;

  /** The plugin over {@code auth}, configured by {@code settings}. */
  public AuthPlugin(Auth auth, Consumer<Config> settings) {
    super(settings, new Config());
    this.auth = Objects.requireNonNull(auth, "auth");
  }

  /** The plugin over {@code auth} with the default settings. */
  public AuthPlugin(Auth auth) {
    this(auth, c -> { });
  }

  @Override
  public AuthContext createExtension(Context context) {
    return new AuthContext(context, api);
  }

  @Override
  public String name() {
    return "latchkey";
  }

  @Override
  public void onStart(JavalinState state) {
    Settings settings = pluginConfig.snapshot();
    if (settings.containerErrors()) {
      state.jetty.modifyServer(server -> server.setErrorHandler(new ContainerErrors()));
      state.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new ContainerErrors()));
    }
    Api api = new Api(auth, settings);
    this.api = api;
    // Trusted proxies given by host name were resolved just now; they are re-resolved in the background while the
    // server runs, and the thread ends with it.
    state.events.serverStarting(api.addresses::start);
    state.events.serverStopped(api.addresses::close);
    state.events.serverStartFailed(api.addresses::close);
    Set<RouteGroup> groups = settings.routeGroups();
    List<ApiRoute> routes = new ArrayList<>();
    if (groups.contains(RouteGroup.PUBLIC_AUTH)) {
      routes.addAll(new PublicRoutes(api).routes());
    }
    if (groups.contains(RouteGroup.ACCOUNT)) {
      routes.addAll(new AccountRoutes(api).routes());
    }
    if (groups.contains(RouteGroup.ADMIN)) {
      routes.addAll(new AdminRoutes(api).routes());
    }
    if (groups.contains(RouteGroup.ACCESS_CONTROL)) {
      routes.addAll(new AccessRoutes(api).routes());
    }
    if (groups.contains(RouteGroup.OAUTH)) {
      routes.addAll(new OAuthRoutes(api).routes());
    }
    if (settings.devMailbox() != null) {
      DevMailbox mailbox = settings.devMailbox();
      routes.add(ApiRoute.get("/api/v1/dev/mailbox", AuthRole.ADMIN, "development",
          "The last messages sent, newest first", ctx -> api.json(ctx, mailbox.latest(ctx.queryParam("to")).stream()
              .map(m -> Map.of("to", m.to(), "subject", m.subject(), "body", m.body(), "sent_at",
                  m.sentAt().toString())).toList()), 200, 403));
    }
    String[] openApi = new String[1];
    OpsRoutes ops = new OpsRoutes(api, () -> openApi[0]);
    if (groups.contains(RouteGroup.OPERATIONS)) {
      routes.addAll(ops.operations());
    }
    if (groups.contains(RouteGroup.DOCS)) {
      routes.addAll(ops.docs());
    }
    openApi[0] = OpenApi.document(routes, route -> settings.served(route.path()), Api.MAPPER);
    HttpGuards guards = new HttpGuards(api, state);
    guards.install(state);
    for (ApiRoute route : routes) {
      guards.register(state, route);
    }
  }

  /**
   * The groups of routes the plugin serves; {@link Config#without(RouteGroup...)} leaves some out. Paths below are
   * under the {@link Config#basePath base path} unless they start with {@code /health}, {@code /metrics} or
   * {@code /.well-known}.
   */
  public enum RouteGroup {
    /** Register, login, refresh, email verification, password reset, the client-credentials grant ({@code /auth}). */
    PUBLIC_AUTH,
    /** The signed-in user's own account: {@code /me}, logout, profile, password, sessions, linked providers. */
    ACCOUNT,
    /** User administration ({@code /users}, {@code /register}, {@code /admin/events}, {@code /admin/stats}). */
    ADMIN,
    /** Services, roles, role assignments and API keys. */
    ACCESS_CONTROL,
    /** Provider logins ({@code /auth/oauth}) and their administration ({@code /admin/oauth-providers}). */
    OAUTH,
    /** {@code /health}, {@code /health/ready}, {@code /.well-known/jwks.json} and {@code /metrics}. */
    OPERATIONS,
    /** The OpenAPI document ({@code /openapi.json}) and Swagger UI ({@code /docs}). */
    DOCS
  }

  /** Who may read {@code /metrics} (served only with a Prometheus registry, see {@link Config#meterRegistry}). */
  public enum MetricsAccess {
    /** {@code /metrics} is open (put it behind your network's access rules). */
    OPEN,
    /**
     * {@code /metrics} needs an admin's access token, or the {@link Config#metricsScrapeToken scrape token} as
     * {@code Authorization: Bearer}: 401 otherwise. The default.
     */
    ADMIN,
    /** No {@code /metrics} route. */
    OFF
  }

  /**
   * Settings of {@link AuthPlugin}; every one has a default. The plugin's constructor hands it to the settings lambda,
   * and {@link AuthPlugin#onStart} copies it: changing it later has no effect.
   */
  public static final class Config {
    private static final Pattern BASE_PATH = Pattern.compile("(/[A-Za-z0-9._~!$&'()*+,;=:@-]+)+");
    private static final int MIN_SCRAPE_TOKEN = 32;
    String basePath = Settings.DECLARED_BASE;
    Set<RouteGroup> routeGroups = EnumSet.allOf(RouteGroup.class);
    byte @Nullable [] metricsScrapeTokenHash;
    boolean containerErrors;
    Set<String> corsOrigins = Set.of();
    Set<String> trustedProxies = Set.of();
    boolean statelessVerification;
    RateLimiter rateLimiter = new InMemoryRateLimiter();
    final RateLimiter refreshLimiter = new InMemoryRateLimiter();
    RateLimit registerLimit = new RateLimit(20, Duration.ofMinutes(10), Duration.ofMinutes(10),
        Duration.ofHours(1));
    RateLimit forgotPasswordLimit = new RateLimit(10, Duration.ofMinutes(10), Duration.ofMinutes(10),
        Duration.ofHours(1));
    RateLimit refreshLimit = new RateLimit(600, Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMinutes(10));
    RateLimit resendVerificationLimit = new RateLimit(10, Duration.ofMinutes(10), Duration.ofMinutes(10),
        Duration.ofHours(1));
    RateLimit verifyEmailLimit = new RateLimit(30, Duration.ofMinutes(10), Duration.ofMinutes(10),
        Duration.ofHours(1));
    RateLimit resetPasswordLimit = new RateLimit(30, Duration.ofMinutes(10), Duration.ofMinutes(10),
        Duration.ofHours(1));
    RateLimit oauthStartLimit = new RateLimit(60, Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMinutes(10));
    MetricsAccess metricsAccess = MetricsAccess.ADMIN;
    /** A Micrometer {@code MeterRegistry}; {@code Object} so that the plugin loads without Micrometer. */
    @Nullable Object meterRegistry;
    final Map<String, BooleanSupplier> readinessChecks = new LinkedHashMap<>();
    Clock clock = Clock.systemUTC();
    @Nullable DevMailbox devMailbox;

    Config() {}

    /** The immutable copy the plugin reads from its start on. */
    Settings snapshot() {
      return new Settings(basePath, routeGroups, corsOrigins, trustedProxies, statelessVerification, rateLimiter,
          refreshLimiter, registerLimit, forgotPasswordLimit, refreshLimit, resendVerificationLimit, verifyEmailLimit,
          resetPasswordLimit, oauthStartLimit, metricsAccess, meterRegistry, metricsScrapeTokenHash,
          readinessChecks, clock, devMailbox, containerErrors);
    }

    /**
     * Where the API is served (default {@code /api/v1}): {@code /api/v1/auth/login} becomes
     * {@code <basePath>/auth/login}, and so on; {@code /health}, {@code /metrics} and {@code /.well-known} stay where
     * they are. Unmatched paths and wrong methods under the base path are the plugin's 404 and 405 problems.
     *
     * @throws IllegalArgumentException unless it is one or more {@code /segment}s without a trailing slash
     */
    public Config basePath(String path) {
      if (!BASE_PATH.matcher(Objects.requireNonNull(path, "basePath")).matches()) {
        throw new IllegalArgumentException("a base path is one or more /segments, without a trailing slash");
      }
      this.basePath = path;
      return this;
    }

    /** Serves exactly these groups of routes (default all). */
    public Config routeGroups(Set<RouteGroup> groups) {
      this.routeGroups = groups.isEmpty() ? EnumSet.noneOf(RouteGroup.class) : EnumSet.copyOf(groups);
      return this;
    }

    /** Leaves these groups of routes out (the others stay as they are). */
    public Config without(RouteGroup... groups) {
      EnumSet<RouteGroup> kept = EnumSet.noneOf(RouteGroup.class);
      kept.addAll(routeGroups);
      Arrays.asList(groups).forEach(kept::remove);
      this.routeGroups = kept;
      return this;
    }

    /**
     * Answers Jetty's own refusals (requests refused before any handler runs: an invalid percent-encoding or an
     * ambiguous path separator, headers too large, a malformed request line) as problem documents, server-wide,
     * instead of Jetty's HTML page. Default false: those refusals happen before routing, so the plugin cannot tell
     * its requests from the host's, and replacing the server's error handler would change the host's answers too.
     * Turn it on when the API is all the server serves or the host wants those answers as problems too.
     */
    public Config containerErrors(boolean value) {
      this.containerErrors = value;
      return this;
    }

    /** Serves {@code GET /api/v1/dev/mailbox} (admins only) from this mailbox: for development servers only. */
    public Config devMailbox(DevMailbox mailbox) {
      this.devMailbox = Objects.requireNonNull(mailbox, "devMailbox");
      return this;
    }

    /** Browser origins allowed to call the API with credentials (exact {@code scheme://host[:port]}); default none. */
    public Config corsOrigins(Set<String> origins) {
      this.corsOrigins = Set.copyOf(origins);
      return this;
    }

    /**
     * Proxies whose {@code X-Forwarded-For} and {@code X-Forwarded-Proto} are believed: IP addresses, CIDR blocks
     * ({@code 10.0.0.0/8}) or host names (RFC 1123, such as a compose service's {@code nginx}); default none. Every
     * {@code X-Forwarded-For} line counts; the client is the right-most hop that is not a trusted proxy, and a hop is
     * only ever an IP literal (a name in the header is never looked up). A request that arrived over HTTPS (directly
     * or per a trusted proxy) gets {@code Strict-Transport-Security: max-age=31536000; includeSubDomains}.
     *
     * <p>A host name stands for all its A and AAAA addresses, resolved when the plugin starts and again every 30 s
     * (every 5 s while it does not resolve) by a background thread that stops with the server; requests never wait
     * for DNS. A name that does not resolve, at the start or later, trusts no one until it does (a proxy may start
     * after the application), and an address the name no longer resolves to is no longer trusted after the next
     * refresh (the JVM's own cache, {@code networkaddress.cache.ttl}, may add up to 30 s). The log says what each name
     * resolved to whenever that changes, and warns once when it stops resolving and once when it resolves again.
     *
     * @throws IllegalArgumentException for an entry that is none of these, an invalid prefix length, or a host name
     *     with a prefix length
     */
    public Config trustedProxies(Set<String> proxies) {
      ClientAddresses.validate(proxies);
      this.trustedProxies = Set.copyOf(proxies);
      return this;
    }

    /**
     * Verify access tokens by signature and expiry only, without the per-request revocation check: revocation then
     * takes effect within the access-token lifetime. Default false.
     */
    public Config statelessVerification(boolean value) {
      this.statelessVerification = value;
      return this;
    }

    /**
     * Where the per-IP limits of the public endpoints (register, forgot and reset password, verification, OAuth
     * starts) count (default in-process; pass the
     * {@code Stores.rateLimiter()} of a shared store so several instances count together). The refresh limit always
     * counts in-process: a refresh token cannot be guessed, so that limit only caps load per instance, and a shared
     * count would cost every refresh a store round trip.
     */
    public Config rateLimiter(RateLimiter limiter) {
      this.rateLimiter = Objects.requireNonNull(limiter, "rateLimiter");
      return this;
    }

    /**
     * Per-IP limits: registrations (default 20 / 10 min), reset mails (forgot-password, 10 / 10 min), refreshes
     * (600 / min). Logins have their own per-address limit on failures ({@code LoginPolicy.perIp} in core).
     */
    public Config limits(RateLimit register, RateLimit forgotPassword, RateLimit refresh) {
      this.registerLimit = Objects.requireNonNull(register, "register");
      this.forgotPasswordLimit = Objects.requireNonNull(forgotPassword, "forgotPassword");
      this.refreshLimit = Objects.requireNonNull(refresh, "refresh");
      return this;
    }

    /**
     * Per-IP limits of the other public endpoints: resend-verification (default 10 / 10 min), verify-email (30 /
     * 10 min), reset-password (30 / 10 min) and OAuth starts ({@code GET /api/v1/auth/oauth/{provider}/authorize},
     * 60 / min). Past a limit the address gets 429 with {@code Retry-After} until its lockout ends. They count where
     * {@link #rateLimiter} says.
     */
    public Config publicLimits(RateLimit resendVerification, RateLimit verifyEmail, RateLimit resetPassword,
        RateLimit oauthStart) {
      this.resendVerificationLimit = Objects.requireNonNull(resendVerification, "resendVerification");
      this.verifyEmailLimit = Objects.requireNonNull(verifyEmail, "verifyEmail");
      this.resetPasswordLimit = Objects.requireNonNull(resetPassword, "resetPassword");
      this.oauthStartLimit = Objects.requireNonNull(oauthStart, "oauthStart");
      return this;
    }

    /** Who may read {@code /metrics} (default {@link MetricsAccess#ADMIN}: an admin's token or the scrape token). */
    public Config metrics(MetricsAccess access) {
      this.metricsAccess = Objects.requireNonNull(access, "metrics");
      return this;
    }

    /**
     * A secret a scraper presents as {@code Authorization: Bearer} to read {@code /metrics} without an admin's
     * token (compared in constant time; never logged). Default none.
     *
     * @throws IllegalArgumentException when it is shorter than 32 characters
     */
    public Config metricsScrapeToken(String token) {
      if (Objects.requireNonNull(token, "metricsScrapeToken").length() < MIN_SCRAPE_TOKEN) {
        throw new IllegalArgumentException("a scrape token has at least " + MIN_SCRAPE_TOKEN + " characters");
      }
      this.metricsScrapeTokenHash = sha256(token);
      return this;
    }

    static byte[] sha256(String text) {
      try {
        return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    /**
     * Where the plugin's meters go: request timers ({@code http.server.requests} of its own routes) and mail
     * outcomes ({@code latchkey.mail}); register your own meters on it too. Any Micrometer registry works;
     * {@code /metrics} is served only when it is a {@code PrometheusMeterRegistry} (micrometer-registry-prometheus,
     * an optional dependency). Default none: no meters and no {@code /metrics}.
     */
    public Config meterRegistry(MeterRegistry registry) {
      this.meterRegistry = Objects.requireNonNull(registry, "meterRegistry");
      return this;
    }

    /** Adds a named check to {@code /health/ready} (a store's ping); exceptions count as down. */
    public Config readiness(String name, BooleanSupplier check) {
      readinessChecks.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(check, "check"));
      return this;
    }

    /** The clock of {@code expires_in} and the per-IP limits (default system UTC). */
    public Config clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }
  }
}
