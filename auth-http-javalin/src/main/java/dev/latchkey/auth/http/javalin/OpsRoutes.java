package dev.latchkey.auth.http.javalin;

import static dev.latchkey.auth.http.javalin.AuthRole.ADMIN;
import static dev.latchkey.auth.http.javalin.AuthRole.ANYONE;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Health, readiness, metrics, the JWK set, the OpenAPI document and Swagger UI (served from the classpath). */
final class OpsRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(OpsRoutes.class);
  private static final String TAG = "operations";
  /** The scrape path, the one route whose admin guard also takes the scrape token. */
  static final String METRICS = "/metrics";
  private static final String SWAGGER = "/META-INF/resources/webjars/swagger-ui/";
  private static final String DOCS_PAGE = """
      <!doctype html>
      <html lang="en"><head><meta charset="utf-8"><title>Latchkey API</title>
      <link rel="stylesheet" href="{base}/docs/swagger-ui.css"></head>
      <body><div id="swagger-ui"></div>
      <script src="{base}/docs/swagger-ui-bundle.js"></script>
      <script src="{base}/docs/latchkey-init.js"></script></body></html>
      """;
  private static final String DOCS_INIT =
      "window.ui = SwaggerUIBundle({url: '{base}/openapi.json', dom_id: '#swagger-ui'});\n";

  private final Api api;
  private final Supplier<String> openApi;
  private final String swaggerVersion;
  private final String docsPage;
  private final String docsInit;

  OpsRoutes(Api api, Supplier<String> openApi) {
    this.api = api;
    this.openApi = openApi;
    this.swaggerVersion = swaggerVersion();
    this.docsPage = DOCS_PAGE.replace("{base}", api.settings.basePath());
    this.docsInit = DOCS_INIT.replace("{base}", api.settings.basePath());
  }

  /**
   * Health, readiness, the JWK set and, when the meter registry is a Prometheus one, {@code /metrics} (closed to all
   * but admins and the scrape token unless {@link AuthPlugin.MetricsAccess#OPEN}).
   */
  List<ApiRoute> operations() {
    List<ApiRoute> routes = new java.util.ArrayList<>(List.of(
        ApiRoute.get("/health", ANYONE, TAG, "Liveness", ctx -> api.json(ctx, Map.of("status", "up")), 200),
        ApiRoute.get("/health/ready", ANYONE, TAG, "Readiness, per store", this::ready, 200, 503),
        ApiRoute.get("/.well-known/jwks.json", ANYONE, TAG, "The public signing keys", this::jwks, 200)));
    Object registry = api.settings.meterRegistry();
    if (api.settings.metricsAccess() != AuthPlugin.MetricsAccess.OFF && registry != null
        && PrometheusScrape.supports(registry)) {
      AuthRole role = api.settings.metricsAccess() == AuthPlugin.MetricsAccess.ADMIN ? ADMIN : ANYONE;
      routes.add(ApiRoute.get(METRICS, role, TAG, "Prometheus metrics (an admin's token or the scrape token)",
          ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
              .result(PrometheusScrape.scrape(registry)), 200, 401, 403));
    }
    return routes;
  }

  /** The OpenAPI document and Swagger UI. */
  List<ApiRoute> docs() {
    return List.of(
        ApiRoute.get("/api/v1/openapi.json", ANYONE, TAG, "This document",
            ctx -> ctx.contentType("application/json").result(openApi.get()), 200),
        ApiRoute.get("/api/v1/docs", ANYONE, TAG, "Swagger UI",
            ctx -> ctx.contentType("text/html; charset=utf-8").result(docsPage), 200),
        ApiRoute.get("/api/v1/docs/{file}", ANYONE, TAG, "Swagger UI's files", this::docsFile, 200, 404));
  }

  private void ready(Context ctx) {
    Map<String, Object> stores = new LinkedHashMap<>();
    boolean up = true;
    for (Map.Entry<String, BooleanSupplier> check : api.settings.readinessChecks().entrySet()) {
      boolean ok;
      try {
        ok = check.getValue().getAsBoolean();
      } catch (RuntimeException e) {
        LOG.warn("readiness check {} failed: {}", check.getKey(), e.toString());
        ok = false;
      }
      stores.put(check.getKey(), ok ? "up" : "down");
      up &= ok;
    }
    if (!up) {
      ctx.header("Retry-After", "5");
    }
    api.json(ctx.status(up ? 200 : 503), Map.of("status", up ? "up" : "down", "stores", stores));
  }

  private void jwks(Context ctx) {
    ctx.header("Cache-Control", "public, max-age=300").contentType("application/jwk-set+json")
        .result(api.auth.jwks());
  }

  private void docsFile(Context ctx) throws IOException {
    String file = ctx.pathParam("file");
    if ("latchkey-init.js".equals(file)) {
      ctx.contentType("text/javascript").result(docsInit);
      return;
    }
    if (!file.matches("swagger-ui(-bundle)?\\.(js|css)") || swaggerVersion.isEmpty()) {
      throw HttpProblem.notFound("the file");
    }
    InputStream in = OpsRoutes.class.getResourceAsStream(SWAGGER + swaggerVersion + "/" + file);
    if (in == null) {
      throw HttpProblem.notFound("the file");
    }
    try (in) {
      ctx.contentType(file.endsWith(".css") ? "text/css" : "text/javascript").header("Cache-Control",
          "public, max-age=86400").result(in.readAllBytes());
    }
  }

  /** The webjar's version, from its Maven metadata on the classpath. */
  private static String swaggerVersion() {
    try (InputStream in = OpsRoutes.class.getResourceAsStream(
        "/META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
      if (in == null) {
        return "";
      }
      java.util.Properties p = new java.util.Properties();
      p.load(in);
      return p.getProperty("version", "");
    } catch (IOException e) {
      return "";
    }
  }
}
