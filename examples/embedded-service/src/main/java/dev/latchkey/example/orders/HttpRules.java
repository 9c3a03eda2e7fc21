package dev.latchkey.example.orders;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's own HTTP rules for its own routes. Latchkey's plugin applies its rules (headers, body limit, media
 * type, problem mapping) to its routes only and answers a host route only through its guard (401 and 403 problems);
 * everything else about the service's routes is the service's, here: response headers, a body limit, the media type,
 * and every failure as an RFC 9457 problem (never a stack trace), in the plugin's shape.
 */
final class HttpRules {
  /** Order requests are small; anything larger is refused before it is read. */
  static final int MAX_BODY = 16 * 1024;
  private static final Logger LOG = LoggerFactory.getLogger(HttpRules.class);
  private static final Set<HandlerType> WITH_BODY = Set.of(HandlerType.POST, HandlerType.PUT, HandlerType.PATCH,
      HandlerType.DELETE);

  private final List<String> prefixes;

  private HttpRules(List<String> prefixes) {
    this.prefixes = List.copyOf(prefixes);
  }

  /** Applies the rules to requests under {@code prefixes} and maps the service's failures to problems. */
  static void install(JavalinConfig cfg, List<String> prefixes) {
    HttpRules rules = new HttpRules(prefixes);
    cfg.routes.before(rules::before);
    cfg.routes.exception(Problem.class, (e, ctx) -> write(ctx, e.status, e.code, e.getMessage(), e.errors));
    cfg.routes.exception(Orders.UnavailableException.class, (e, ctx) -> {
      LOG.warn("{} {}: {}", ctx.method(), ctx.path(), e.getMessage());
      ctx.header("Retry-After", Long.toString(Duration.ofSeconds(5).toSeconds()));
      write(ctx, 503, "store_unavailable", "the orders database is unavailable; retry shortly", List.of());
    });
    // Javalin's own refusals outside the plugin's paths (an unknown path, a wrong method): problems too.
    cfg.routes.exception(HttpResponseException.class, (e, ctx) -> write(ctx, e.getStatus(), switch (e.getStatus()) {
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 413 -> "payload_too_large";
      default -> e.getStatus() >= 500 ? "internal_error" : "bad_request";
    }, e.getStatus() >= 500 ? "the server could not complete the request" : "the request was refused", List.of()));
    cfg.routes.exception(Exception.class, (e, ctx) -> {
      LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
      write(ctx, 500, "internal_error", "the server could not complete the request", List.of());
    });
  }

  private boolean ours(String path) {
    return prefixes.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/"));
  }

  private void before(Context ctx) {
    if (!ours(ctx.path())) {
      return;
    }
    // Personal data behind a bearer token: never cached, never sniffed, never framed.
    ctx.header("Cache-Control", "no-store");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    long length = ctx.req().getContentLengthLong();
    if (length > MAX_BODY) {
      throw tooLarge();
    }
    boolean hasBody = length > 0 || ctx.header("Transfer-Encoding") != null;
    if (hasBody && WITH_BODY.contains(ctx.method()) && !isJson(ctx.contentType())) {
      throw Problem.of(415, "unsupported_media_type", "the body must be application/json");
    }
  }

  /** The request body, at most {@link #MAX_BODY} bytes however it is sent (a chunked body has no length). */
  static byte[] body(Context ctx) {
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] bytes = in.readNBytes(MAX_BODY + 1);
      if (bytes.length > MAX_BODY) {
        throw tooLarge();
      }
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Problem tooLarge() {
    return Problem.of(413, "payload_too_large", "the body is larger than " + MAX_BODY / 1024 + " KiB");
  }

  private static boolean isJson(@Nullable String contentType) {
    if (contentType == null) {
      return false;
    }
    String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    return type.equals("application/json");
  }

  private static void write(Context ctx, int status, String code, String detail, List<Problem.FieldError> errors) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", title(status));
    body.put("status", status);
    body.put("detail", detail);
    body.put("code", code);
    if (!errors.isEmpty()) {
      body.put("errors", errors.stream().map(f -> Map.of("field", f.field(), "message", f.message())).toList());
    }
    ctx.status(status).json(body).contentType("application/problem+json");
  }

  private static String title(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      case 413 -> "Content Too Large";
      case 415 -> "Unsupported Media Type";
      case 503 -> "Service Unavailable";
      default -> status >= 500 ? "Internal Server Error" : "Error";
    };
  }
}
