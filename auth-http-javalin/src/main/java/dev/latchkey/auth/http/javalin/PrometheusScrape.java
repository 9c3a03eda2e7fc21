package dev.latchkey.auth.http.javalin;

/**
 * {@code /metrics} in the Prometheus text format, when the registry is micrometer-registry-prometheus's: the class is
 * looked up by name, so the plugin loads and runs without that optional dependency (and this class is only loaded
 * once a registry was given).
 */
final class PrometheusScrape {
  private static final String REGISTRY = "io.micrometer.prometheusmetrics.PrometheusMeterRegistry";

  private PrometheusScrape() {}

  /** Whether {@code registry} is a {@code PrometheusMeterRegistry} (false when that class is absent). */
  static boolean supports(Object registry) {
    try {
      return Class.forName(REGISTRY, false, registry.getClass().getClassLoader()).isInstance(registry);
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  static String scrape(Object registry) {
    return ((io.micrometer.prometheusmetrics.PrometheusMeterRegistry) registry).scrape();
  }
}
