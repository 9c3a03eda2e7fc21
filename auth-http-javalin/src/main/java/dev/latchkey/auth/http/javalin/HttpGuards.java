package dev.latchkey.auth.http.javalin;

import dev.latchkey.auth.core.AuthException;
import dev.latchkey.auth.core.LastAdminException;
import dev.latchkey.auth.core.LastLoginMethodException;
import dev.latchkey.auth.core.ValidationException;
import dev.latchkey.auth.core.service.Service;
import dev.latchkey.auth.core.service.ServiceId;
import dev.latchkey.auth.core.token.Principal;
import dev.latchkey.auth.core.token.TokenVerification;
import io.javalin.config.JavalinState;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.security.RouteRole;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cross-cutting rules of the API, in one place: security headers, body size and media type, CORS, the
 * authentication guard of {@link AuthRole}s, request metrics, and the mapping of every failure to an RFC 9457 problem.
 */
final class HttpGuards {
  static final long MAX_BODY = 64 * 1024;
  private static final Logger LOG = LoggerFactory.getLogger(HttpGuards.class);
  private static final String CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";
  private static final String DOCS_CSP = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'";
  /**
   * Sent on every response to a request that arrived over HTTPS (directly, or per a trusted proxy's
   * {@code X-Forwarded-Proto}): browsers then refuse plain HTTP to this host and its subdomains for a year. Not on
   * plain HTTP, where RFC 6797 §7.2 says it must be ignored and local development would be pinned to TLS.
   */
  static final String HSTS = "max-age=31536000; includeSubDomains";
  private static final String STARTED = "latchkey.started";
  /** The one endpoint whose body is a form (RFC 6749 §4.4), not JSON. */
  private static final String TOKEN_PATH = "/api/v1/auth/token";
  private static final Set<HandlerType> WITH_BODY = Set.of(HandlerType.POST, HandlerType.PUT, HandlerType.PATCH,
      HandlerType.DELETE);

  private final Api api;
  private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();

  HttpGuards(Api api) {
    this.api = api;
  }

  void install(JavalinState state) {
    state.routes.before(this::before);
    state.routes.beforeMatched(this::authenticate);
    state.routes.after(this::record);
    MailMeters.register(api.auth, api.config.meterRegistry);
    state.routes.exception(HttpProblem.class, (e, ctx) -> problem(ctx, e));
    state.routes.exception(AuthException.class, (e, ctx) -> problem(ctx, fromCore(e)));
    state.routes.exception(HttpResponseException.class, (e, ctx) -> problem(ctx, fromJavalin(e)));
    state.routes.exception(Exception.class, (e, ctx) -> {
      HttpProblem refused = refusedByContainer(e);
      if (refused != null) {
        problem(ctx, refused);
        return;
      }
      LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
      problem(ctx, HttpProblem.of(500, "internal_error", "the server could not complete the request"));
    });
  }

  private void before(Context ctx) {
    ctx.attribute(STARTED, System.nanoTime());
    String path = ctx.path();
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    if (api.https(ctx)) {
      ctx.header("Strict-Transport-Security", HSTS);
    }
    ctx.header("Content-Security-Policy", path.startsWith("/api/v1/docs") ? DOCS_CSP : CSP);
    if (path.startsWith("/api/v1/auth/")) {
      ctx.header("Cache-Control", "no-store");
    }
    cors(ctx);
    if (!path.startsWith("/api/")) {
      return;
    }
    long length = ctx.req().getContentLengthLong();
    if (length > MAX_BODY) {
      throw HttpProblem.of(413, "payload_too_large", "the body is larger than 64 KiB");
    }
    boolean hasBody = length > 0 || ctx.header("Transfer-Encoding") != null;
    if (hasBody && WITH_BODY.contains(ctx.method())) {
      if (path.equals(TOKEN_PATH) ? !isForm(ctx.contentType()) : !isJson(ctx.contentType())) {
        throw HttpProblem.of(415, "unsupported_media_type", path.equals(TOKEN_PATH)
            ? "the body must be application/x-www-form-urlencoded" : "the body must be application/json");
      }
    }
  }

  /**
   * A request Jetty refused while a handler read it (a malformed form or multipart body): the client's fault, a 4xx
   * problem, not a 500.
   */
  private static @Nullable HttpProblem refusedByContainer(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof org.eclipse.jetty.http.HttpException http && http.getCode() >= 400 && http.getCode() < 500) {
        return HttpProblem.of(http.getCode(), http.getCode() == 413 ? "payload_too_large" : "bad_request",
            "the request is malformed");
      }
    }
    return null;
  }

  private static boolean isForm(@Nullable String contentType) {
    return contentType != null && contentType.split(";", 2)[0].strip().equalsIgnoreCase(
        "application/x-www-form-urlencoded");
  }

  private static boolean isJson(@Nullable String contentType) {
    if (contentType == null) {
      return false;
    }
    String type = contentType.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
    return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
  }

  private void cors(Context ctx) {
    String origin = ctx.header("Origin");
    if (origin == null || !api.config.corsOrigins.contains(origin)) {
      return;
    }
    ctx.header("Access-Control-Allow-Origin", origin);
    ctx.header("Access-Control-Allow-Credentials", "true");
    ctx.header("Vary", "Origin");
    if (ctx.method() == HandlerType.OPTIONS) {
      ctx.header("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE");
      ctx.header("Access-Control-Allow-Headers", "Authorization, Content-Type");
      ctx.header("Access-Control-Max-Age", "600");
      ctx.status(204);
      ctx.skipRemainingHandlers();
    }
  }

  /**
   * Checks the access token (or API key) when the matched route names an {@link AuthRole} that needs one: every
   * role it names must hold.
   */
  private void authenticate(Context ctx) {
    Set<RouteRole> roles = ctx.routeRoles();
    boolean needed = false;
    for (RouteRole role : roles) {
      needed |= role instanceof AuthRole r && r != AuthRole.ANYONE;
    }
    if (!needed) {
      return;
    }
    String header = ctx.header("Authorization");
    String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip()
        : null;
    Principal principal = token == null ? null : verify(token);
    if (principal == null) {
      throw HttpProblem.invalidToken();
    }
    ctx.attribute(AuthContext.PRINCIPAL, principal);
    for (RouteRole role : roles) {
      if (role == AuthRole.ADMIN && !principal.hasRole("admin")) {
        throw HttpProblem.of(403, "forbidden", "this needs the admin role");
      }
      if (role instanceof AuthRole.Permission p && !permitted(principal, p)) {
        throw HttpProblem.of(403, "forbidden", "this needs a permission the caller does not have");
      }
    }
  }

  /** What the core decides ({@code AccessControl.authorize}); a service that is not registered grants nothing. */
  private boolean permitted(Principal principal, AuthRole.Permission p) {
    var access = api.auth.accessControl();
    ServiceId service = null;
    if (p.service() != null) {
      service = access.services().stream().filter(s -> s.name().equalsIgnoreCase(p.service())).findFirst()
          .map(Service::id).orElse(null);
      if (service == null) {
        return false;
      }
    }
    return access.authorize(principal, p.permission(), service);
  }

  /** An access token or an API key, told apart by the core ({@code Auth.authenticate}). */
  private @Nullable Principal verify(String token) {
    TokenVerification result = api.config.statelessVerification ? api.auth.authenticateStateless(token)
        : api.auth.authenticate(token);
    return result instanceof TokenVerification.Valid valid ? valid.principal() : null;
  }

  private void record(Context ctx) {
    Long started = ctx.attribute(STARTED);
    if (started == null) {
      return;
    }
    String route = ctx.endpoints().list().isEmpty() ? "UNMATCHED" : ctx.endpoints().list().getLast().path;
    String method = ctx.method().name();
    int status = ctx.statusCode();
    timers.computeIfAbsent(method + ' ' + route + ' ' + status, k -> Timer.builder("http.server.requests")
        .tag("method", method).tag("uri", route).tag("status", Integer.toString(status))
        .register(api.config.meterRegistry))
        .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
  }

  private static HttpProblem fromCore(AuthException e) {
    return switch (e) {
      case ValidationException v -> new HttpProblem(400, v.code(), "the request is invalid", Map.of("errors",
          v.errors().stream().map(f -> Map.of("field", f.field(), "message", f.message())).toList()), null);
      case dev.latchkey.auth.core.WeakPasswordException w -> HttpProblem.of(422, w.code(), w.getMessage());
      case dev.latchkey.auth.core.ConflictException c -> HttpProblem.of(409, c.code(), c.getMessage());
      case dev.latchkey.auth.core.NotFoundException n -> HttpProblem.of(404, n.code(), n.getMessage());
      case dev.latchkey.auth.core.ForbiddenException f -> HttpProblem.of(403, f.code(), f.getMessage());
      case LastAdminException l -> HttpProblem.of(409, l.code(), l.getMessage());
      case LastLoginMethodException l -> HttpProblem.of(409, l.code(), l.getMessage());
      case dev.latchkey.auth.core.RegistrationDisabledException r -> HttpProblem.of(403, r.code(), r.getMessage());
      case dev.latchkey.auth.core.StoreUnavailableException s -> {
        LOG.warn("store unavailable: {}", s.getMessage());
        yield new HttpProblem(503, s.code(), "a backing store is unavailable; retry shortly", Map.of(),
            Duration.ofSeconds(5));
      }
      case dev.latchkey.auth.core.OverloadedException o -> new HttpProblem(503, o.code(),
          "the server is busy; retry shortly", Map.of(), Duration.ofSeconds(1));
    };
  }

  private static HttpProblem fromJavalin(HttpResponseException e) {
    return switch (e.getStatus()) {
      case 404 -> HttpProblem.of(404, "not_found", "no such endpoint");
      case 405 -> HttpProblem.of(405, "method_not_allowed", "this endpoint does not take that method");
      case 413 -> HttpProblem.of(413, "payload_too_large", "the body is larger than 64 KiB");
      default -> HttpProblem.of(e.getStatus(), e.getStatus() >= 500 ? "internal_error" : "bad_request",
          e.getStatus() >= 500 ? "the server could not complete the request" : "the request was refused");
    };
  }

  static void problem(Context ctx, HttpProblem p) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "https://latchkey.dev/problems/" + p.code.replace('_', '-'));
    body.put("title", title(p.status));
    body.put("status", p.status);
    body.put("detail", p.getMessage());
    body.put("code", p.code);
    body.putAll(p.extra);
    if (p.status == 401) {
      ctx.header("WWW-Authenticate", "Bearer");
    }
    if (p.retryAfter != null) {
      ctx.header("Retry-After", Long.toString(Math.max(1, (p.retryAfter.toMillis() + 999) / 1000)));
    }
    ctx.status(p.status).json(body).contentType("application/problem+json");
  }

  private static String title(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      case 413 -> "Content Too Large";
      case 415 -> "Unsupported Media Type";
      case 422 -> "Unprocessable Content";
      case 429 -> "Too Many Requests";
      case 503 -> "Service Unavailable";
      default -> "Error";
    };
  }
}
