package dev.latchkey.auth.http.javalin;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.memory.InMemoryRateLimiter;
import dev.latchkey.auth.core.ratelimit.RateLimit;
import dev.latchkey.auth.core.ratelimit.RateLimiter;
import io.javalin.config.JavalinState;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import io.javalin.plugin.ContextPlugin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Serves Latchkey's reference HTTP API (API.md) on a Javalin 7 instance and guards host routes:
 *
 * <pre>{@code
 * Javalin app = Javalin.create(cfg -> {
 *   cfg.registerPlugin(new AuthPlugin(auth, c -> c.corsOrigins(Set.of("https://app.example.com"))));
 *   cfg.routes.get("/orders", ctx -> ctx.json(orders(ctx.with(AuthPlugin.class).requirePrincipal())),
 *       AuthRole.AUTHENTICATED);
 * });
 * }</pre>
 *
 * <p>Every error is an RFC 9457 problem with a stable {@code code}; JSON bodies are snake_case, limited to 64 KiB and
 * must be {@code application/json}; responses carry {@code nosniff}, {@code no-referrer} and a restrictive CSP, and
 * {@code /api/v1/auth/*} answers are {@code no-store}. Access tokens are checked for revocation on every request
 * unless {@link Config#statelessVerification(boolean)} is set.
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
    ObjectMapper mapper = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
        .setDefaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL)); // [null] in a list is a 400, not an NPE
    state.jsonMapper(new JavalinJackson(mapper, false));
    state.http.maxRequestSize = HttpGuards.MAX_BODY;
    state.jetty.modifyServer(server -> server.setErrorHandler(new ContainerErrors()));
    state.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new ContainerErrors()));
    Api api = new Api(auth, pluginConfig, mapper);
    this.api = api;
    // Trusted proxies given by host name were resolved just now; they are re-resolved in the background while the
    // server runs, and the thread ends with it.
    state.events.serverStarting(api.addresses::start);
    state.events.serverStopped(api.addresses::close);
    state.events.serverStartFailed(api.addresses::close);
    List<ApiRoute> routes = new ArrayList<>();
    routes.addAll(new PublicRoutes(api).routes());
    routes.addAll(new AccountRoutes(api).routes());
    routes.addAll(new AdminRoutes(api).routes());
    routes.addAll(new AccessRoutes(api).routes());
    routes.addAll(new OAuthRoutes(api).routes());
    if (pluginConfig.devMailbox != null) {
      DevMailbox mailbox = pluginConfig.devMailbox;
      routes.add(ApiRoute.get("/api/v1/dev/mailbox", AuthRole.ADMIN, "development",
          "The last messages sent, newest first", ctx -> ctx.json(mailbox.latest(ctx.queryParam("to")).stream()
              .map(m -> Map.of("to", m.to(), "subject", m.subject(), "body", m.body(), "sent_at",
                  m.sentAt().toString())).toList()), 200, 403));
    }
    String[] openApi = new String[1];
    routes.addAll(new OpsRoutes(api, () -> openApi[0]).routes());
    openApi[0] = OpenApi.document(routes, mapper);
    new HttpGuards(api).install(state);
    for (ApiRoute route : routes) {
      state.routes.addHttpHandler(route.method(), route.path(), route.handler(), route.role());
    }
  }

  /** How metrics are served. */
  public enum MetricsAccess {
    /** {@code /metrics} is open (put it behind your network's access rules). */
    OPEN,
    /** {@code /metrics} needs an admin's access token. */
    ADMIN,
    /** No {@code /metrics} route. */
    OFF
  }

  /** Settings of {@link AuthPlugin}; every one has a default. */
  public static final class Config {
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
    MetricsAccess metricsAccess = MetricsAccess.OPEN;
    PrometheusMeterRegistry meterRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final Map<String, BooleanSupplier> readinessChecks = new LinkedHashMap<>();
    Clock clock = Clock.systemUTC();
    @org.jspecify.annotations.Nullable DevMailbox devMailbox;

    Config() {}

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

    /** Who may read {@code /metrics} (default open). */
    public Config metrics(MetricsAccess access) {
      this.metricsAccess = Objects.requireNonNull(access, "metrics");
      return this;
    }

    /** The registry {@code /metrics} scrapes; register your own meters on it. Default a new one. */
    public Config meterRegistry(PrometheusMeterRegistry registry) {
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
