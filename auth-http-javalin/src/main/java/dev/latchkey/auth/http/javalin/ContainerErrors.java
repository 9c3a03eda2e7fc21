package dev.latchkey.auth.http.javalin;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error answers (requests refused before they reach Javalin: a path with invalid percent-encoding or an
 * ambiguous separator, headers too large, a malformed request line) as RFC 9457 problems like every other error,
 * instead of Jetty's HTML page. Never shows the cause or a stack.
 *
 * <p>Only installed when {@link AuthPlugin.Config#containerErrors(boolean)} asks: these refusals happen before any
 * routing, so the error handler is the whole server's, and installing it by default would change the answers of the
 * host's own paths too. A host that serves only the API, or wants problems everywhere, turns it on.
 */
final class ContainerErrors extends ErrorHandler {
  ContainerErrors() {
    setShowStacks(false);
    setShowCauses(false);
    setShowMessageInTitle(false);
  }

  @Override
  protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
      Callback callback) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/problem+json");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    // The connection ends with a refusal the container made itself (Jetty may close it anyway after a malformed
    // request): saying so keeps a client from sending its next request down a connection that is closing.
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
    response.write(true, ByteBuffer.wrap(body(code)), callback);
  }

  /** Every method gets the problem body (Jetty's default answers PUT and DELETE with an empty one). */
  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  static byte[] body(int status) {
    String code = switch (status) {
      case 413 -> "payload_too_large";
      case 414 -> "uri_too_long";
      case 431 -> "headers_too_large";
      default -> status >= 500 ? "internal_error" : "bad_request";
    };
    String detail = status >= 500 ? "the server could not complete the request" : "the request is malformed";
    return ("{\"type\":\"https://latchkey.dev/problems/" + code.replace('_', '-') + "\",\"title\":\"" + title(status)
        + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\",\"code\":\"" + code + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String title(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 413 -> "Content Too Large";
      case 414 -> "URI Too Long";
      case 431 -> "Request Header Fields Too Large";
      default -> "Error " + Integer.toString(status).toLowerCase(Locale.ROOT);
    };
  }
}
