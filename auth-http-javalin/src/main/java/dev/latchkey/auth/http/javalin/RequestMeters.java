package dev.latchkey.auth.http.javalin;

import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.metrics.AuthMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * The plugin's meters on the configured registry: {@code http.server.requests} of its own routes (method, route
 * pattern, status), and the core's domain meters ({@link AuthMetrics}: logins by outcome, lockouts, refresh reuse,
 * tokens issued, hashing waits, store failures, mail). Only made when a registry was given, so Micrometer is only
 * needed then.
 */
final class RequestMeters {
  private final MeterRegistry registry;
  private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();

  RequestMeters(Auth auth, Object registry) {
    this.registry = (MeterRegistry) registry;
    new AuthMetrics(auth).bindTo(this.registry);
  }

  void record(String method, String route, int status, long nanos) {
    timers.computeIfAbsent(method + ' ' + route + ' ' + status, k -> Timer.builder("http.server.requests")
        .tag("method", method).tag("uri", route).tag("status", Integer.toString(status)).register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }
}
