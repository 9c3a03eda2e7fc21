package dev.latchkey.auth.http.javalin;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import org.jspecify.annotations.Nullable;

/**
 * One served endpoint: registered with Javalin and described in the OpenAPI document from this same record, so the
 * document lists exactly what is served.
 *
 * @param body the request body's record (described by its components), or null
 * @param responses the status codes it answers with, first the success
 */
record ApiRoute(HandlerType method, String path, AuthRole role, String tag, String summary, @Nullable Class<?> body,
    int[] responses, Handler handler) {

  static ApiRoute get(String path, AuthRole role, String tag, String summary, Handler handler, int... responses) {
    return new ApiRoute(HandlerType.GET, path, role, tag, summary, null, responses, handler);
  }

  static ApiRoute delete(String path, AuthRole role, String tag, String summary, Handler handler,
      int... responses) {
    return new ApiRoute(HandlerType.DELETE, path, role, tag, summary, null, responses, handler);
  }

  static ApiRoute post(String path, AuthRole role, String tag, String summary, @Nullable Class<?> body,
      Handler handler, int... responses) {
    return new ApiRoute(HandlerType.POST, path, role, tag, summary, body, responses, handler);
  }

  static ApiRoute put(String path, AuthRole role, String tag, String summary, @Nullable Class<?> body,
      Handler handler, int... responses) {
    return new ApiRoute(HandlerType.PUT, path, role, tag, summary, body, responses, handler);
  }
}
