package dev.latchkey.auth.http.javalin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenAPI 3.1 document, generated from the served {@link ApiRoute}s: every path and method, its summary, tag,
 * security, path parameters, request body (the body record's components in snake_case) and response codes.
 */
final class OpenApi {
  private static final Pattern PARAM = Pattern.compile("\\{([a-z_]+)}");

  private OpenApi() {}

  /**
   * The document of {@code routes}, each listed at {@code served.apply(route.path())}: where the plugin serves it
   * under the configured base path ({@link ApiRoute#path()} stays the path as declared in the route files).
   */
  static String document(List<ApiRoute> routes, UnaryOperator<String> served, ObjectMapper mapper) {
    Map<String, Map<String, Object>> paths = new TreeMap<>();
    for (ApiRoute route : routes) {
      paths.computeIfAbsent(served.apply(route.path()), p -> new LinkedHashMap<>())
          .put(route.method().name().toLowerCase(Locale.ROOT), operation(route));
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("openapi", "3.1.0");
    doc.put("info", Map.of("title", "Latchkey", "version", "1",
        "description", "Authentication API: errors are RFC 9457 problem documents with a stable code."));
    doc.put("paths", paths);
    doc.put("components", Map.of(
        "securitySchemes", Map.of("bearer", Map.of("type", "http", "scheme", "bearer", "bearerFormat", "JWT")),
        "schemas", Map.of("Problem", problemSchema())));
    try {
      return mapper.writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> operation(ApiRoute route) {
    Map<String, Object> op = new LinkedHashMap<>();
    op.put("summary", route.summary());
    op.put("tags", List.of(route.tag()));
    op.put("operationId", route.method().name().toLowerCase(Locale.ROOT)
        + route.path().replaceAll("[^A-Za-z0-9]+", "_"));
    if (route.role() != AuthRole.ANYONE) {
      op.put("security", List.of(Map.of("bearer", List.of())));
    }
    List<Object> parameters = new ArrayList<>();
    Matcher m = PARAM.matcher(route.path());
    while (m.find()) {
      parameters.add(Map.of("name", m.group(1), "in", "path", "required", true, "schema", Map.of("type", "string")));
    }
    if (!parameters.isEmpty()) {
      op.put("parameters", parameters);
    }
    if (route.body() != null) {
      op.put("requestBody", Map.of("required", true, "content",
          Map.of("application/json", Map.of("schema", schema(route.body())))));
    }
    Map<String, Object> responses = new LinkedHashMap<>();
    for (int status : route.responses()) {
      responses.put(Integer.toString(status), status < 400 ? Map.of("description", "success")
          : Map.of("description", "problem", "content", Map.of("application/problem+json",
              Map.of("schema", Map.of("$ref", "#/components/schemas/Problem")))));
    }
    op.put("responses", responses);
    return op;
  }

  private static Map<String, Object> schema(Class<?> body) {
    Map<String, Object> properties = new LinkedHashMap<>();
    for (RecordComponent c : body.getRecordComponents()) {
      properties.put(snake(c.getName()), type(c.getGenericType()));
    }
    return Map.of("type", "object", "properties", properties);
  }

  private static Map<String, Object> type(Type type) {
    if (type == Boolean.class || type == boolean.class) {
      return Map.of("type", "boolean");
    }
    if (type instanceof ParameterizedType p && p.getRawType() == Set.class) {
      return Map.of("type", "array", "items", Map.of("type", "string"));
    }
    return Map.of("type", "string");
  }

  private static Map<String, Object> problemSchema() {
    Map<String, Object> properties = new LinkedHashMap<>();
    for (String name : List.of("type", "title", "detail", "code")) {
      properties.put(name, Map.of("type", "string"));
    }
    properties.put("status", Map.of("type", "integer"));
    return Map.of("type", "object", "properties", properties, "required", List.of("type", "title", "status",
        "code"));
  }

  static String snake(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }
}
