package dev.latchkey.auth.http.javalin;

import dev.latchkey.auth.core.AuthException;
import dev.latchkey.auth.core.LastAdminException;
import dev.latchkey.auth.core.LastLoginMethodException;
import dev.latchkey.auth.core.ValidationException;
import dev.latchkey.auth.core.service.Service;
import dev.latchkey.auth.core.service.ServiceId;
import dev.latchkey.auth.core.token.Principal;
import io.javalin.config.JavalinState;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.router.ParsedEndpoint;
import io.javalin.security.RouteRole;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cross-cutting rules of the API, in one place: security headers, body size and media type, CORS, the
 * authentication guard of {@link AuthRole}s, request metrics, and the mapping of every failure to an RFC 9457 problem.
 *
 * <p>Everything but the guard applies only to the plugin's own requests: those whose matched route is one the plugin
 * registered, and unmatched ones under its base path (its 404 and 405). The guard acts on any route naming an
 * {@link AuthRole}. The only exception handler registered with Javalin is for {@link HttpProblem}, a type only the
 * plugin throws; the plugin's routes map every other failure themselves, so the host's handlers stay the host's.
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
  private static final String ROUTE = "latchkey.route";
  private static final String UNMATCHED = "UNMATCHED";
  private static final Set<HandlerType> WITH_BODY = Set.of(HandlerType.POST, HandlerType.PUT, HandlerType.PATCH,
      HandlerType.DELETE);
  private static final HandlerType[] METHODS = {HandlerType.GET, HandlerType.POST, HandlerType.PUT,
      HandlerType.PATCH, HandlerType.DELETE};

  private final Api api;
  private final JavalinState state;
  /**
   * The plugin's own routes, {@code "METHOD path"} as registered with Javalin, each to its served path. Filled while
   * the plugin starts, before the server serves, and only read afterwards.
   */
  private final Map<String, String> own = new HashMap<>();
  /** The one endpoint whose body is a form (RFC 6749 §4.4), not JSON. */
  private final String tokenPath;
  private final String docsPath;
  private final String authPath;
  private final @Nullable RequestMeters meters;

  HttpGuards(Api api, JavalinState state) {
    this.api = api;
    this.state = state;
    Settings s = api.settings;
    this.tokenPath = s.served("/api/v1/auth/token");
    this.docsPath = s.served("/api/v1/docs");
    this.authPath = s.served("/api/v1/auth/");
    this.meters = s.meterRegistry() == null ? null : new RequestMeters(api.auth, s.meterRegistry());
  }

  void install(JavalinState state) {
    state.routes.before(this::before);
    state.routes.beforeMatched(this::authenticate);
    state.routes.after(this::record);
    state.routes.exception(HttpProblem.class, (e, ctx) -> problem(ctx, e));
  }

  /** Registers one of the plugin's routes at its served path; its failures become problems without the host. */
  void register(JavalinState state, ApiRoute route) {
    Handler handler = ctx -> {
      try {
        route.handler().handle(ctx);
      } catch (HttpProblem e) {
        problem(ctx, e);
      } catch (AuthException e) {
        problem(ctx, fromCore(e));
      } catch (HttpResponseException e) {
        problem(ctx, fromJavalin(e));
      } catch (Exception e) {
        HttpProblem refused = refusedByContainer(e);
        if (refused == null) {
          LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
          refused = HttpProblem.of(500, "internal_error", "the server could not complete the request");
        }
        problem(ctx, refused);
      }
    };
    String path = api.settings.served(route.path());
    own.put(route.method().name() + ' ' + path, path);
    state.routes.addHttpHandler(route.method(), path, handler, route.role());
  }

  /** The request's path as Javalin's router matches it (without the context path). */
  private static String routed(Context ctx) {
    String path = ctx.path();
    String context = ctx.contextPath();
    return path.startsWith(context) ? path.substring(context.length()) : path;
  }

  private @Nullable ParsedEndpoint match(HandlerType method, String uri) {
    ParsedEndpoint found = state.internalRouter.findFirstHttpHandlerEntry(method, uri);
    if (found == null && method == HandlerType.HEAD) {
      found = state.internalRouter.findFirstHttpHandlerEntry(HandlerType.GET, uri);
    }
    return found;
  }

  private void before(Context ctx) {
    String uri = routed(ctx);
    ParsedEndpoint matched = match(ctx.method(), uri);
    String path = ctx.path();
    String route;
    if (matched != null) {
      route = own.get(matched.endpoint.method.name() + ' ' + matched.endpoint.path);
      if (route == null) {
        return; // a host route: the host's rules
      }
    } else if (api.settings.underBase(uri) || api.settings.underBase(path)) {
      route = UNMATCHED;
    } else {
      return; // a host path
    }
    ctx.attribute(STARTED, System.nanoTime());
    ctx.attribute(ROUTE, route);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    if (api.https(ctx)) {
      ctx.header("Strict-Transport-Security", HSTS);
    }
    ctx.header("Content-Security-Policy", path.equals(docsPath) || path.startsWith(docsPath + "/") ? DOCS_CSP : CSP);
    if (path.startsWith(authPath)) {
      ctx.header("Cache-Control", "no-store");
    }
    if (cors(ctx)) {
      return;
    }
    if (matched == null) {
      // Answered here, and nothing else runs: a host's 404 page or error handler does not replace the problem.
      problem(ctx, unmatched(ctx.method(), uri));
      ctx.skipRemainingHandlers();
      record(ctx);
      return;
    }
    long length = ctx.req().getContentLengthLong();
    if (length > MAX_BODY) {
      throw tooLarge();
    }
    boolean hasBody = length > 0 || ctx.header("Transfer-Encoding") != null;
    if (hasBody && WITH_BODY.contains(ctx.method())) {
      if (path.equals(tokenPath) ? !isForm(ctx.contentType()) : !isJson(ctx.contentType())) {
        throw HttpProblem.of(415, "unsupported_media_type", path.equals(tokenPath)
            ? "the body must be application/x-www-form-urlencoded" : "the body must be application/json");
      }
    }
  }

  /** 405 with {@code Allow} when the path is served with other methods, else 404. */
  private HttpProblem unmatched(HandlerType method, String uri) {
    StringJoiner allowed = new StringJoiner(", ");
    for (HandlerType other : METHODS) {
      if (other != method && state.internalRouter.findFirstHttpHandlerEntry(other, uri) != null) {
        allowed.add(other.name());
      }
    }
    if (allowed.length() == 0) {
      return HttpProblem.of(404, "not_found", "no such endpoint");
    }
    return new HttpProblem(405, "method_not_allowed", "this endpoint does not take that method",
        Map.of(), null).withHeader("Allow", allowed.toString());
  }

  static HttpProblem tooLarge() {
    return HttpProblem.of(413, "payload_too_large", "the body is larger than 64 KiB");
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

  /** CORS for an allowed origin; true when this was a preflight, answered here. */
  private boolean cors(Context ctx) {
    String origin = ctx.header("Origin");
    if (origin == null || !api.settings.corsOrigins().contains(origin)) {
      return false;
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
      record(ctx);
      return true;
    }
    return false;
  }

  /**
   * Checks the access token (or API key) when the matched route names an {@link AuthRole} that needs one: every
   * role it names must hold. On the metrics route, the configured scrape token passes too.
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
    String token = Api.bearer(ctx);
    if (token != null && isScrape(ctx, token)) {
      return;
    }
    Principal principal;
    try {
      principal = api.verify(token);
    } catch (AuthException e) {
      throw fromCore(e);
    }
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

  /** The scrape token on the metrics route (compared as SHA-256 digests, in constant time). */
  private boolean isScrape(Context ctx, String token) {
    byte[] expected = api.settings.metricsScrapeTokenHash();
    return expected != null && ctx.method() == HandlerType.GET && OpsRoutes.METRICS.equals(ctx.attribute(ROUTE))
        && MessageDigest.isEqual(expected, AuthPlugin.Config.sha256(token));
  }

  /** What the core decides ({@code AccessControl.authorize}); a service that is not registered grants nothing. */
  private boolean permitted(Principal principal, AuthRole.Permission p) {
    try {
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
    } catch (AuthException e) {
      throw fromCore(e);
    }
  }

  private void record(Context ctx) {
    Long started = ctx.attribute(STARTED);
    if (started == null || meters == null) {
      return;
    }
    String route = ctx.attribute(ROUTE);
    meters.record(ctx.method().name(), route == null ? UNMATCHED : route, ctx.statusCode(),
        System.nanoTime() - started);
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
    p.headers.forEach(ctx::header);
    try {
      ctx.status(p.status).contentType("application/problem+json").result(Api.MAPPER.writeValueAsBytes(body));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a problem could not be written as JSON", e);
    }
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
