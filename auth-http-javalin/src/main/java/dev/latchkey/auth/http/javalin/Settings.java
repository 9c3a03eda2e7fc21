package dev.latchkey.auth.http.javalin;

import dev.latchkey.auth.core.ratelimit.RateLimit;
import dev.latchkey.auth.core.ratelimit.RateLimiter;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The plugin's settings as {@link AuthPlugin#onStart} copied them from {@link AuthPlugin.Config}: immutable, and the
 * only settings anything reads afterwards, so a {@code Config} changed after the start has no effect.
 *
 * @param meterRegistry a Micrometer {@code MeterRegistry}, typed {@code Object} so that nothing here needs Micrometer
 *     on the class path when there is none
 */
record Settings(
    String basePath,
    Set<AuthPlugin.RouteGroup> routeGroups,
    Set<String> corsOrigins,
    Set<String> trustedProxies,
    boolean statelessVerification,
    RateLimiter rateLimiter,
    RateLimiter refreshLimiter,
    RateLimit registerLimit,
    RateLimit forgotPasswordLimit,
    RateLimit refreshLimit,
    RateLimit resendVerificationLimit,
    RateLimit verifyEmailLimit,
    RateLimit resetPasswordLimit,
    RateLimit oauthStartLimit,
    AuthPlugin.MetricsAccess metricsAccess,
    @Nullable Object meterRegistry,
    byte @Nullable [] metricsScrapeTokenHash,
    Map<String, BooleanSupplier> readinessChecks,
    Clock clock,
    @Nullable DevMailbox devMailbox,
    boolean containerErrors) {

  /** The prefix every {@code /api/v1} path of the route files is served under. */
  static final String DECLARED_BASE = "/api/v1";

  Settings {
    routeGroups = Set.copyOf(routeGroups);
    corsOrigins = Set.copyOf(corsOrigins);
    trustedProxies = Set.copyOf(trustedProxies);
    readinessChecks = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(readinessChecks));
    metricsScrapeTokenHash = metricsScrapeTokenHash == null ? null : metricsScrapeTokenHash.clone();
  }

  /** Where a path as declared in the route files ({@code /api/v1/...}, {@code /health}) is served. */
  String served(String declared) {
    if (declared.equals(DECLARED_BASE) || declared.startsWith(DECLARED_BASE + "/")) {
      return basePath + declared.substring(DECLARED_BASE.length());
    }
    return declared;
  }

  /** Whether a request path (without the context path) lies under {@link #basePath}. */
  boolean underBase(String path) {
    return path.equals(basePath) || path.startsWith(basePath) && path.charAt(basePath.length()) == '/';
  }
}
