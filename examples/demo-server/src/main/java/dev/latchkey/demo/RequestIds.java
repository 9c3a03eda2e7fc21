package dev.latchkey.demo;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * A request id for every request, in the log's {@code request_id} (the MDC, so every line logged while serving the
 * request carries it) and echoed in the {@code X-Request-Id} response header. An incoming {@code X-Request-Id} (nginx
 * sends its {@code $request_id}) is kept only when it is short and harmless ({@code [A-Za-z0-9._-]{1,64}}): anything
 * else could forge log lines or carry data, so a fresh id replaces it.
 */
final class RequestIds {
  static final String HEADER = "X-Request-Id";
  static final String MDC_KEY = "request_id";
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private RequestIds() {}

  /** Registers the handlers; call it before anything else registers its own. */
  static void install(JavalinConfig cfg) {
    cfg.routes.before(RequestIds::begin);
    cfg.routes.after(ctx -> MDC.remove(MDC_KEY));
  }

  private static void begin(Context ctx) {
    String id = accepted(ctx.header(HEADER));
    MDC.put(MDC_KEY, id);
    ctx.header(HEADER, id);
  }

  /** The incoming id when it is safe, else a fresh random one. */
  static String accepted(@Nullable String incoming) {
    return incoming != null && SAFE.matcher(incoming).matches() ? incoming : UUID.randomUUID().toString();
  }
}
