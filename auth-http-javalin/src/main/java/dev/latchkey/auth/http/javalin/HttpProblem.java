package dev.latchkey.auth.http.javalin;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An RFC 9457 problem a handler answers with: status, stable code, a human detail (never a secret) and optional extra
 * members. Thrown by handlers and mapped to {@code application/problem+json} by {@link AuthPlugin}.
 */
final class HttpProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int status;
  final String code;
  final transient Map<String, Object> extra;
  final @Nullable Duration retryAfter;
  /** Extra response headers ({@code Allow} of a 405). */
  final transient Map<String, String> headers;

  HttpProblem(int status, String code, String detail, Map<String, Object> extra, @Nullable Duration retryAfter) {
    super(detail, null, false, false);
    this.status = status;
    this.code = code;
    this.extra = extra;
    this.retryAfter = retryAfter;
    this.headers = Map.of();
  }

  private HttpProblem(HttpProblem p, Map<String, String> headers) {
    super(p.getMessage(), null, false, false);
    this.status = p.status;
    this.code = p.code;
    this.extra = p.extra;
    this.retryAfter = p.retryAfter;
    this.headers = headers;
  }

  /** A copy that also sends the header {@code name}. */
  HttpProblem withHeader(String name, String value) {
    Map<String, String> more = new java.util.LinkedHashMap<>(headers);
    more.put(name, value);
    return new HttpProblem(this, Map.copyOf(more));
  }

  static HttpProblem of(int status, String code, String detail) {
    return new HttpProblem(status, code, detail, Map.of(), null);
  }

  static HttpProblem invalidToken() {
    return of(401, "invalid_token", "the access token is missing, malformed, expired or revoked");
  }

  static HttpProblem invalidCredentials() {
    return of(401, "invalid_credentials", "the login or password is wrong");
  }

  static HttpProblem rateLimited(Duration retryAfter) {
    return new HttpProblem(429, "rate_limited", "too many attempts from this address; retry later", Map.of(),
        retryAfter);
  }

  static HttpProblem validation(String field, String message) {
    return new HttpProblem(400, "validation_failed", "the request is invalid",
        Map.of("errors", List.of(Map.of("field", field, "message", message))), null);
  }

  static HttpProblem notFound(String what) {
    return of(404, "not_found", what + " was not found");
  }
}
