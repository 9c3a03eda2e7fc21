package dev.latchkey.example.orders;

import dev.latchkey.auth.core.AccountPolicy.AdminBootstrap;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The orders service's settings.
 *
 * <pre>{@code
 * ServiceConfig config = ServiceConfig.fromEnv(System.getenv());            // what main does
 * ServiceConfig config = ServiceConfig.of("jdbc:postgresql://localhost:5432/orders",
 *     URI.create("https://orders.example.com")).withPort(0);                 // what the tests do
 * }</pre>
 *
 * @param databaseUrl the PostgreSQL JDBC URL; Latchkey's tables go to schema {@code auth}, the service's to
 *     {@code orders}
 * @param databaseUser the database user, or null to use the URL's (or the driver's default)
 * @param databasePassword the database password, or null; never logged or shown by {@link #toString()}
 * @param baseUrl the service's public URL: mailed links are built from it, never from a request's Host header
 * @param issuer the {@code iss} of the access tokens Latchkey signs (default: the base URL without a trailing slash)
 * @param audience the {@code aud} of those tokens (default {@code orders})
 * @param port the HTTP port (default 8080; 0 picks a free one)
 * @param requireEmailVerification whether a new account must confirm its email before it can log in
 * @param admin the first administrator Latchkey creates when none exists, or null for none
 */
public record ServiceConfig(
    String databaseUrl,
    @Nullable String databaseUser,
    @Nullable String databasePassword,
    URI baseUrl,
    String issuer,
    String audience,
    int port,
    boolean requireEmailVerification,
    @Nullable AdminBootstrap admin) {

  /** Validates the settings. */
  public ServiceConfig {
    Objects.requireNonNull(databaseUrl, "databaseUrl");
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(audience, "audience");
    if (!databaseUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("the database URL must be a PostgreSQL JDBC URL (jdbc:postgresql://...)");
    }
    if (!isHttpUrl(baseUrl)) {
      throw new IllegalArgumentException("the base URL must be an absolute http(s) URL without query or fragment");
    }
    if (issuer.isBlank() || audience.isBlank()) {
      throw new IllegalArgumentException("the issuer and audience must not be blank");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("the port must be from 0 to 65535");
    }
  }

  /** A database and a base URL, with every other setting at its default. */
  public static ServiceConfig of(String databaseUrl, URI baseUrl) {
    return new ServiceConfig(databaseUrl, null, null, baseUrl, defaultIssuer(baseUrl), "orders", 8080, false, null);
  }

  /**
   * Reads the settings from environment variables:
   *
   * <ul>
   *   <li>{@code ORDERS_DATABASE_URL} (required): a PostgreSQL JDBC URL, such as
   *       {@code jdbc:postgresql://localhost:5432/orders}; {@code ORDERS_DATABASE_USER} and
   *       {@code ORDERS_DATABASE_PASSWORD} (optional) log in
   *   <li>{@code ORDERS_BASE_URL} (required): the public URL, such as {@code https://orders.example.com}
   *   <li>{@code ORDERS_ISSUER} (default the base URL), {@code ORDERS_AUDIENCE} (default {@code orders})
   *   <li>{@code ORDERS_PORT} (default 8080)
   *   <li>{@code ORDERS_REQUIRE_EMAIL_VERIFICATION} (default false)
   *   <li>{@code ORDERS_ADMIN_EMAIL} (optional): creates a first administrator, named {@code ORDERS_ADMIN_USERNAME}
   *       (default {@code admin}), with {@code ORDERS_ADMIN_PASSWORD} (default: a one-time password Latchkey
   *       logs once)
   * </ul>
   *
   * @throws IllegalArgumentException naming every variable that is missing or invalid (never a value, which may be
   *     a secret)
   */
  public static ServiceConfig fromEnv(Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    String databaseUrl = text(env, "ORDERS_DATABASE_URL");
    if (databaseUrl == null) {
      problems.add("ORDERS_DATABASE_URL is not set (a PostgreSQL JDBC URL such as "
          + "jdbc:postgresql://localhost:5432/orders)");
    } else if (!databaseUrl.startsWith("jdbc:postgresql:")) {
      problems.add("ORDERS_DATABASE_URL must be a PostgreSQL JDBC URL starting with jdbc:postgresql://");
    }
    URI baseUrl = null;
    String base = text(env, "ORDERS_BASE_URL");
    if (base == null) {
      problems.add("ORDERS_BASE_URL is not set (the service's public URL, such as https://orders.example.com)");
    } else {
      baseUrl = httpUrl(base);
      if (baseUrl == null) {
        problems.add("ORDERS_BASE_URL must be an absolute http(s) URL without query or fragment");
      }
    }
    int port = 8080;
    String portText = text(env, "ORDERS_PORT");
    if (portText != null) {
      try {
        port = Integer.parseInt(portText);
        if (port < 0 || port > 65_535) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        problems.add("ORDERS_PORT must be a whole number from 0 to 65535");
      }
    }
    boolean verification = false;
    String verificationText = text(env, "ORDERS_REQUIRE_EMAIL_VERIFICATION");
    if (verificationText != null) {
      switch (verificationText.toLowerCase(Locale.ROOT)) {
        case "true", "yes", "1" -> verification = true;
        case "false", "no", "0" -> verification = false;
        default -> problems.add("ORDERS_REQUIRE_EMAIL_VERIFICATION must be true or false");
      }
    }
    String adminEmail = text(env, "ORDERS_ADMIN_EMAIL");
    if (adminEmail == null && (text(env, "ORDERS_ADMIN_USERNAME") != null
        || text(env, "ORDERS_ADMIN_PASSWORD") != null)) {
      problems.add("ORDERS_ADMIN_USERNAME and ORDERS_ADMIN_PASSWORD need ORDERS_ADMIN_EMAIL");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    String issuer = text(env, "ORDERS_ISSUER");
    String audience = text(env, "ORDERS_AUDIENCE");
    AdminBootstrap admin = adminEmail == null ? null : new AdminBootstrap(
        Objects.requireNonNullElse(text(env, "ORDERS_ADMIN_USERNAME"), "admin"), adminEmail,
        text(env, "ORDERS_ADMIN_PASSWORD"));
    return new ServiceConfig(databaseUrl, text(env, "ORDERS_DATABASE_USER"), password(env),
        baseUrl, issuer != null ? issuer : defaultIssuer(baseUrl), audience != null ? audience : "orders", port,
        verification, admin);
  }

  /** A copy logging in to the database as {@code user} with {@code password} (either may be null). */
  public ServiceConfig withDatabaseCredentials(@Nullable String user, @Nullable String password) {
    return new ServiceConfig(databaseUrl, user, password, baseUrl, issuer, audience, port, requireEmailVerification,
        admin);
  }

  /** A copy serving on {@code newPort} (0 for a free one). */
  public ServiceConfig withPort(int newPort) {
    return new ServiceConfig(databaseUrl, databaseUser, databasePassword, baseUrl, issuer, audience, newPort,
        requireEmailVerification, admin);
  }

  /** A copy with another token issuer. */
  public ServiceConfig withIssuer(String newIssuer) {
    return new ServiceConfig(databaseUrl, databaseUser, databasePassword, baseUrl, newIssuer, audience, port,
        requireEmailVerification, admin);
  }

  /** A copy requiring (or not) email verification before a new account can log in. */
  public ServiceConfig withRequiredEmailVerification(boolean required) {
    return new ServiceConfig(databaseUrl, databaseUser, databasePassword, baseUrl, issuer, audience, port, required,
        admin);
  }

  /** A copy creating this first administrator when none exists. */
  public ServiceConfig withAdmin(AdminBootstrap newAdmin) {
    return new ServiceConfig(databaseUrl, databaseUser, databasePassword, baseUrl, issuer, audience, port,
        requireEmailVerification, Objects.requireNonNull(newAdmin, "admin"));
  }

  /** The settings without the database URL's query (where a password may sit) and without the password. */
  @Override
  public String toString() {
    int query = databaseUrl.indexOf('?');
    return "ServiceConfig[database=" + (query < 0 ? databaseUrl : databaseUrl.substring(0, query))
        + ", user=" + databaseUser + ", baseUrl=" + baseUrl + ", issuer=" + issuer + ", audience=" + audience
        + ", port=" + port + ", requireEmailVerification=" + requireEmailVerification + ", admin=" + admin + "]";
  }

  private static String defaultIssuer(URI baseUrl) {
    return baseUrl.toString().replaceAll("/+$", "");
  }

  private static @Nullable String text(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.strip();
  }

  /** The password as given (spaces and all), or null when unset or empty. */
  private static @Nullable String password(Map<String, String> env) {
    String value = env.get("ORDERS_DATABASE_PASSWORD");
    return value == null || value.isEmpty() ? null : value;
  }

  private static @Nullable URI httpUrl(String text) {
    try {
      URI uri = new URI(text);
      return isHttpUrl(uri) ? uri : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private static boolean isHttpUrl(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getQuery() == null
        && uri.getFragment() == null;
  }
}
