package dev.latchkey.demo;

import dev.latchkey.auth.core.password.HashingPolicy;
import dev.latchkey.auth.core.token.SigningAlgorithm;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The reference server's settings, read from the environment variables of API.md "Reference server configuration";
 * every one is optional. Invalid values stop the start with a message naming the variable (never its value when it
 * may hold a secret).
 */
record DemoConfig(
    int port,
    Path dataDir,
    @Nullable String databaseUrl,
    @Nullable String redisUrl,
    String redisPrefix,
    String issuer,
    String audience,
    URI baseUrl,
    String adminUsername,
    String adminEmail,
    @Nullable String adminPassword,
    SigningAlgorithm signingAlgorithm,
    Duration accessTtl,
    Duration refreshGrace,
    boolean selfRegistration,
    boolean requireEmailVerification,
    @Nullable URI smtpUrl,
    boolean devMailbox,
    Set<URI> oauthRedirects,
    Set<String> trustedProxies,
    Set<String> corsOrigins,
    @Nullable String oauthSecretKey,
    boolean changeFeed,
    int argon2MemoryKib,
    int argon2Iterations,
    boolean demoIdp,
    int demoIdpPort,
    @Nullable String metricsToken) {

  static DemoConfig fromEnv(Map<String, String> env) {
    int port = integer(env, "PORT", 8080, 0, 65535);
    String local = "http://localhost:" + port;
    String issuer = text(env, "LATCHKEY_ISSUER", local);
    int argon2Iterations = integer(env, "LATCHKEY_ARGON2_ITERATIONS", 5, 1, 20);
    int argon2Minimum = HashingPolicy.minimumMemoryKib(argon2Iterations);
    int argon2MemoryKib = integer(env, "LATCHKEY_ARGON2_MEMORY_KIB", Math.max(7_168, argon2Minimum), argon2Minimum,
        1_048_576);
    logFormat(env);
    return new DemoConfig(
        port,
        Path.of(text(env, "LATCHKEY_DATA_DIR", "./data")),
        databaseUrl(blankToNull(env.get("LATCHKEY_DATABASE_URL"))),
        redisUrl(blankToNull(env.get("LATCHKEY_REDIS_URL"))),
        text(env, "LATCHKEY_REDIS_PREFIX", "latchkey:"),
        issuer,
        text(env, "LATCHKEY_AUDIENCE", "latchkey"),
        webUrl(uri(env, "LATCHKEY_BASE_URL", local)),
        text(env, "LATCHKEY_ADMIN_USERNAME", "admin"),
        text(env, "LATCHKEY_ADMIN_EMAIL", "admin@localhost"),
        blankToNull(env.get("LATCHKEY_ADMIN_PASSWORD")),
        algorithm(text(env, "LATCHKEY_SIGNING_ALG", "ES256")),
        Duration.ofSeconds(integer(env, "LATCHKEY_ACCESS_TTL_SECONDS", 900, 60, 86_400)),
        Duration.ofSeconds(integer(env, "LATCHKEY_REFRESH_GRACE_SECONDS", 10, 0, 60)),
        bool(env, "LATCHKEY_SELF_REGISTRATION", true),
        bool(env, "LATCHKEY_REQUIRE_EMAIL_VERIFICATION", false),
        env.containsKey("LATCHKEY_SMTP_URL") && !env.get("LATCHKEY_SMTP_URL").isBlank()
            ? smtp(env.get("LATCHKEY_SMTP_URL")) : null,
        bool(env, "LATCHKEY_DEV_MAILBOX", false),
        list(env, "LATCHKEY_OAUTH_REDIRECT_URIS").stream().map(URI::create).collect(Collectors.toSet()),
        // Addresses, CIDR blocks or host names (a compose service such as nginx, resolved every 30 s); the plugin
        // validates them (AuthPlugin.Config.trustedProxies).
        list(env, "LATCHKEY_TRUSTED_PROXIES"),
        list(env, "LATCHKEY_CORS_ORIGINS"),
        blankToNull(env.get("LATCHKEY_OAUTH_SECRET_KEY")),
        bool(env, "LATCHKEY_CHANGE_FEED", true),
        argon2MemoryKib,
        argon2Iterations,
        bool(env, "LATCHKEY_DEMO_IDP", false),
        integer(env, "LATCHKEY_DEMO_IDP_PORT", 8081, 0, 65535),
        metricsToken(env));
  }

  /** {@code LATCHKEY_METRICS_TOKEN}: a scraper's bearer secret for {@code /metrics} (admins' tokens work too). */
  private static @Nullable String metricsToken(Map<String, String> env) {
    String token = blankToNull(env.get("LATCHKEY_METRICS_TOKEN"));
    if (token != null && token.length() < 32) {
      throw new IllegalArgumentException("LATCHKEY_METRICS_TOKEN must have at least 32 characters");
    }
    return token;
  }

  /** {@code LATCHKEY_LOG_FORMAT}, which {@link LogFormat} applied when logging started: only checked here. */
  private static void logFormat(Map<String, String> env) {
    if (!LogFormat.isValid(env.get("LATCHKEY_LOG_FORMAT"))) {
      throw new IllegalArgumentException("LATCHKEY_LOG_FORMAT: must be json or text");
    }
  }

  /** A PostgreSQL JDBC URL the driver accepts (the message never quotes it: it may hold a password). */
  private static @Nullable String databaseUrl(@Nullable String value) {
    if (value != null
        && (!value.startsWith("jdbc:postgresql:") || org.postgresql.Driver.parseURL(value, null) == null)) {
      throw new IllegalArgumentException("LATCHKEY_DATABASE_URL: must be a PostgreSQL JDBC URL,"
          + " jdbc:postgresql://host[:port]/database[?user=...&password=...]");
    }
    return value;
  }

  /** A {@code redis://} or {@code rediss://} URL with a host, a valid port and a database number if any. */
  private static @Nullable String redisUrl(@Nullable String value) {
    if (value == null) {
      return null;
    }
    try {
      URI uri = new URI(value);
      boolean scheme = "redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme());
      String path = uri.getPath() == null ? "" : uri.getPath();
      if (scheme && uri.getHost() != null && uri.getPort() >= -1 && uri.getPort() <= 65_535
          && path.matches("/?|/\\d{1,2}") && uri.getQuery() == null) {
        return value;
      }
    } catch (java.net.URISyntaxException e) {
      // the message below
    }
    throw new IllegalArgumentException("LATCHKEY_REDIS_URL: must look like redis://[user:password@]host:port[/db]"
        + " (or rediss:// for TLS)");
  }

  /** The public base URL: http or https with a host (links in mail and OAuth callbacks are built on it). */
  private static URI webUrl(URI uri) {
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
        || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException("LATCHKEY_BASE_URL: must be an http or https URL with a host, such as"
          + " https://auth.example.com, without user, query or fragment");
    }
    return uri;
  }

  /** The variable's value, or the fallback when it is unset or empty (compose passes empty values for unset ones). */
  private static String text(Map<String, String> env, String name, String fallback) {
    String value = blankToNull(env.get(name));
    return value == null ? fallback : value;
  }

  private static @Nullable String blankToNull(@Nullable String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static int integer(Map<String, String> env, String name, int fallback, int min, int max) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value.strip());
      if (parsed < min || parsed > max) {
        throw new NumberFormatException();
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max);
    }
  }

  private static boolean bool(Map<String, String> env, String name, boolean fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw new IllegalArgumentException(name + " must be true or false");
    };
  }

  private static URI uri(Map<String, String> env, String name, String fallback) {
    String value = text(env, name, fallback);
    try {
      URI uri = new URI(value.strip());
      if (!uri.isAbsolute()) {
        throw new IllegalArgumentException();
      }
      return uri;
    } catch (java.net.URISyntaxException | IllegalArgumentException e) {
      throw new IllegalArgumentException(name + " must be an absolute URL");
    }
  }

  private static URI smtp(String value) {
    try {
      URI uri = new URI(value.strip());
      if (!"smtp".equals(uri.getScheme()) && !"smtps".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new IllegalArgumentException();
      }
      return uri;
    } catch (java.net.URISyntaxException | IllegalArgumentException e) {
      throw new IllegalArgumentException("LATCHKEY_SMTP_URL must look like smtp://user:pass@host:port");
    }
  }

  private static SigningAlgorithm algorithm(String value) {
    return switch (value.strip().toUpperCase(Locale.ROOT)) {
      case "RS256" -> SigningAlgorithm.RS256;
      case "EDDSA" -> SigningAlgorithm.EDDSA;
      case "ES256" -> SigningAlgorithm.ES256;
      default -> throw new IllegalArgumentException("LATCHKEY_SIGNING_ALG must be RS256, EdDSA or ES256");
    };
  }

  private static Set<String> list(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return Set.of();
    }
    return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }

  @Override
  public String toString() {
    return "DemoConfig[port=" + port + ", dataDir=" + dataDir + ", database=" + (databaseUrl == null ? "embedded"
        : "external") + ", redis=" + (redisUrl != null) + ", issuer=" + issuer + ", smtp=" + (smtpUrl != null)
        + ", demoIdp=" + demoIdp + "]";
  }
}
