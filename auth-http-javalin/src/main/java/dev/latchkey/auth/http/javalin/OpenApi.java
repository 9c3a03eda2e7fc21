package dev.latchkey.auth.http.javalin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenAPI 3.1 document of the served {@link ApiRoute}s: every path and method with its summary and tag from the
 * route, and its types from {@link ApiSchemas} (looked up by method and declared path): security, path, query and
 * cookie parameters, request body, and a response per status, every error an RFC 9457 problem (with the codes that
 * status may carry) referring to the one {@code Problem} schema. What the guards add to every route of a kind is added
 * here: 401 {@code invalid_token} for routes that need a token, 403 {@code forbidden} for admin and user-only routes,
 * 400/413/415 for routes with a body, 404 for routes with a UUID in the path.
 */
final class OpenApi {
  private static final Pattern PARAM = Pattern.compile("\\{([a-z_]+)}");

  private OpenApi() {}

  /** The document, each route under the path it is declared with. */
  static String document(List<ApiRoute> routes, ObjectMapper mapper) {
    return document(routes, ApiRoute::path, mapper);
  }

  /**
   * The document, each route under {@code servedPath} (where it is registered); its types are still looked up by
   * its declared {@link ApiRoute#path()}.
   *
   * @throws IllegalStateException when a route has no {@link ApiSchemas} entry, or the entry and the route disagree
   *     (body record, success statuses, an error status without codes)
   */
  static String document(List<ApiRoute> routes, Function<ApiRoute, String> servedPath, ObjectMapper mapper) {
    Map<String, Map<String, Object>> paths = new TreeMap<>();
    for (ApiRoute route : routes) {
      paths.computeIfAbsent(servedPath.apply(route), p -> new LinkedHashMap<>())
          .put(route.method().name().toLowerCase(Locale.ROOT), operation(route));
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("openapi", "3.1.0");
    doc.put("info", Map.of("title", "Latchkey", "version", "1",
        "description", "Authentication API. JSON bodies are snake_case; times are ISO-8601 UTC; ids are UUIDs. "
            + "Every error is an RFC 9457 problem (application/problem+json) with a stable code."));
    doc.put("paths", paths);
    doc.put("components", Map.of("securitySchemes", ApiSchemas.securitySchemes(), "schemas", ApiSchemas.schemas()));
    try {
      return mapper.writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> operation(ApiRoute route) {
    String key = route.method().name() + " " + route.path();
    ApiSchemas.Operation entry = ApiSchemas.operation(route.method(), route.path());
    if (entry == null) {
      throw new IllegalStateException("no ApiSchemas entry for " + key + ": every served route documents its types");
    }
    if (route.body() != null && route.body() != entry.bodyRecord()) {
      throw new IllegalStateException(key + " reads " + route.body().getSimpleName() + " but ApiSchemas documents "
          + entry.bodyRecord());
    }
    Map<String, Object> op = new LinkedHashMap<>();
    op.put("summary", route.summary());
    op.put("tags", List.of(route.tag()));
    op.put("operationId", route.method().name().toLowerCase(Locale.ROOT)
        + route.path().replaceAll("[^A-Za-z0-9]+", "_"));
    if (entry.security() != null) {
      op.put("security", entry.security());
    } else if (route.role() != AuthRole.ANYONE) {
      op.put("security", entry.userOnly() ? List.of(Map.of("bearer", List.of()))
          : List.of(Map.of("bearer", List.of()), Map.of("apiKey", List.of())));
    }
    Map<String, Map<String, Object>> declared = new LinkedHashMap<>();
    for (Map<String, Object> p : entry.parameters()) {
      declared.put(p.get("in") + " " + p.get("name"), p);
    }
    List<Object> parameters = new ArrayList<>();
    boolean uuidInPath = false;
    Matcher m = PARAM.matcher(route.path());
    while (m.find()) {
      Map<String, Object> p = declared.remove("path " + m.group(1));
      if (p == null) {
        p = ApiSchemas.map("name", m.group(1), "in", "path", "required", true, "schema",
            ApiSchemas.pathParameter(m.group(1)));
      }
      uuidInPath |= "uuid".equals(((Map<?, ?>) p.get("schema")).get("format"));
      parameters.add(p);
    }
    declared.values().stream().filter(p -> "path".equals(p.get("in"))).findAny().ifPresent(p -> {
      throw new IllegalStateException(key + " has no path parameter " + p.get("name"));
    });
    parameters.addAll(declared.values());
    if (!parameters.isEmpty()) {
      op.put("parameters", parameters);
    }
    Map<Integer, ApiSchemas.Response> responses = new TreeMap<>(entry.responses());
    if (entry.requestBody() != null) {
      op.put("requestBody", entry.requestBody());
      if (((Map<?, ?>) entry.requestBody().get("content")).containsKey(ApiSchemas.JSON)) {
        implied(responses, 400, "validation_failed");
      }
      implied(responses, 413, "payload_too_large");
      implied(responses, 415, "unsupported_media_type");
    }
    if (route.role() != AuthRole.ANYONE) {
      implied(responses, 401, "invalid_token");
    }
    if (route.role() == AuthRole.ADMIN || entry.userOnly()) {
      implied(responses, 403, "forbidden");
    }
    if (uuidInPath) {
      implied(responses, 404, "not_found");
    }
    List<Integer> success = new ArrayList<>();
    for (int status : route.responses()) {
      if (status < 400) {
        success.add(status);
      } else if (!responses.containsKey(status)) {
        throw new IllegalStateException(key + " answers " + status + " but ApiSchemas gives no codes for it");
      }
    }
    List<Integer> documentedSuccess = responses.keySet().stream().filter(s -> s < 400).toList();
    if (!documentedSuccess.equals(success.stream().sorted().toList())) {
      throw new IllegalStateException(key + " answers " + success + " but ApiSchemas documents " + documentedSuccess);
    }
    Map<String, Object> rendered = new LinkedHashMap<>();
    responses.forEach((status, response) -> rendered.put(Integer.toString(status), render(status, response)));
    rendered.put("default", ApiSchemas.map("description", "Any other failure, as a problem: 405 "
        + "method_not_allowed, 500 internal_error, 503 store_unavailable or overloaded (with Retry-After)",
        "content", Map.of(ApiSchemas.PROBLEM_JSON, Map.of("schema", ApiSchemas.ref("Problem")))));
    op.put("responses", rendered);
    return op;
  }

  private static void implied(Map<Integer, ApiSchemas.Response> responses, int status, String code) {
    responses.merge(status, ApiSchemas.problemResponse(status, List.of(code)), (a, b) -> {
      if (!a.problem()) {
        throw new IllegalStateException(status + " is documented as no problem, but the guards answer " + code);
      }
      return a.withCodes(b.codes());
    });
  }

  private static Map<String, Object> render(int status, ApiSchemas.Response response) {
    Map<String, Object> r = new LinkedHashMap<>();
    Map<String, Object> schema = response.schema();
    if (response.problem()) {
      r.put("description", "Problem: " + String.join(", ", response.codes()));
      schema = ApiSchemas.map("allOf", List.of(ApiSchemas.ref("Problem")), "properties", ApiSchemas.map(
          "status", Map.of("const", status), "code", Map.of("enum", response.codes())));
    } else {
      r.put("description", response.description());
    }
    if (!response.headers().isEmpty()) {
      r.put("headers", response.headers());
    }
    if (!response.mediaTypes().isEmpty() && schema != null) {
      Map<String, Object> content = new LinkedHashMap<>();
      for (String type : response.mediaTypes()) {
        content.put(type, Map.of("schema", schema));
      }
      r.put("content", content);
    }
    return r;
  }

  static String snake(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }
}
