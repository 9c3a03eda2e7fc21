package dev.latchkey.auth.http.javalin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The served OpenAPI document: valid for the reference parser, complete, and typed for every operation. */
class OpenApiDocumentTest {
  private DocumentedApi api;

  @BeforeEach
  void start() {
    api = new DocumentedApi(c -> { });
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  @DisplayName("swagger-parser reads the served document as OpenAPI 3.1 with no message, every reference resolved")
  void validForTheParser() {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult result = new OpenAPIParser().readContents(api.text, null, options);
    assertThat(result.getMessages()).isEmpty();
    assertThat(result.getOpenAPI()).isNotNull();
    assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
    assertThat(result.getOpenAPI().getPaths()).hasSizeGreaterThan(40);
    assertThat(result.getOpenAPI().getComponents().getSecuritySchemes()).containsOnlyKeys("bearer", "apiKey",
        "basic");
    String dangling = api.text.replaceFirst("#/components/schemas/Tokens", "#/components/schemas/Nope");
    assertThat(new OpenAPIParser().readContents(dangling, null, options).getMessages())
        .as("the parser's check has teeth: a dangling reference is reported").isNotEmpty();
  }

  @Test
  @DisplayName("the document lists exactly the served routes, and ApiSchemas has an entry for each and no other")
  void complete() {
    assertThat(api.operations().keySet()).isEqualTo(api.served());
    assertThat(new TreeSet<>(ApiSchemas.keys())).isEqualTo(api.served());
  }

  @Test
  @DisplayName("a route without an ApiSchemas entry, or one that disagrees with its entry, cannot be documented")
  void untypedRoutesFail() {
    ObjectMapper mapper = new ObjectMapper();
    io.javalin.http.Handler nothing = ctx -> { };
    assertThatThrownBy(() -> OpenApi.document(List.of(ApiRoute.get("/api/v1/new", AuthRole.ANYONE, "t", "New",
        nothing, 200)), mapper)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no ApiSchemas entry for GET /api/v1/new");
    assertThatThrownBy(() -> OpenApi.document(List.of(ApiRoute.get("/api/v1/me", AuthRole.AUTHENTICATED, "t",
        "Me", nothing, 200, 401, 410)), mapper)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("answers 410");
    assertThatThrownBy(() -> OpenApi.document(List.of(ApiRoute.get("/api/v1/me", AuthRole.AUTHENTICATED, "t",
        "Me", nothing, 200, 201)), mapper)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("documents [200]");
    assertThatThrownBy(() -> OpenApi.document(List.of(ApiRoute.post("/api/v1/auth/login", AuthRole.ANYONE, "t",
        "Login", Bodies.Email.class, nothing, 200)), mapper)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("reads Email");
  }

  @Test
  @DisplayName("a route registered under another path is documented there, typed by its declared path")
  void servedPaths() {
    String doc = OpenApi.document(List.of(ApiRoute.post("/api/v1/auth/login", AuthRole.ANYONE, "auth", "Login",
        Bodies.Login.class, ctx -> { }, 200, 400, 401, 403, 429)), r -> "/auth/v2" + r.path().substring(7),
        new ObjectMapper());
    assertThat(doc).contains("\"/auth/v2/auth/login\"").contains("invalid_credentials")
        .doesNotContain("\"/api/v1/auth/login\"");
  }

  @Test
  @DisplayName("every operation is typed: parameters, bodies, a schema per response, problems, security")
  @SuppressWarnings("unchecked")
  void typed() {
    Set<String> oauthErrors = Set.of("POST /api/v1/auth/token 400", "POST /api/v1/auth/token 401",
        "GET /health/ready 503");
    api.operations().forEach((name, op) -> {
      String path = name.substring(name.indexOf(' ') + 1);
      List<Map<String, Object>> parameters = (List<Map<String, Object>>) op.getOrDefault("parameters", List.of());
      assertThat(parameters.stream().filter(p -> "path".equals(p.get("in"))).map(p -> "{" + p.get("name") + "}"))
          .as(name + " path parameters").containsExactlyInAnyOrderElementsOf(
              java.util.regex.Pattern.compile("\\{[a-z_]+}").matcher(path).results().map(m -> m.group()).toList());
      parameters.forEach(p -> assertThat((Map<String, Object>) p.get("schema")).as(name + " " + p.get("name"))
          .containsKey("type"));
      Map<String, Object> body = (Map<String, Object>) op.get("requestBody");
      if (body != null) {
        ((Map<String, Map<String, Object>>) body.get("content")).forEach((type, media) -> {
          Map<String, Object> schema = (Map<String, Object>) media.get("schema");
          assertThat(schema).as(name + " body").containsEntry("type", "object");
          assertThat((Map<String, Map<String, Object>>) schema.get("properties")).as(name + " body fields")
              .isNotEmpty().allSatisfy((field, s) -> assertThat(s).as(name + " " + field).containsKey("type"));
        });
      }
      Map<String, Map<String, Object>> responses = (Map<String, Map<String, Object>>) op.get("responses");
      assertThat(responses).as(name).containsKey("default");
      responses.forEach((status, response) -> {
        String what = name + " " + status;
        if (status.equals("302")) {
          assertThat((Map<String, Object>) response.get("headers")).as(what).containsKey("Location");
        }
        if (status.equals("204") || status.equals("202") && !name.endsWith("/register")) {
          assertThat(response).as(what).doesNotContainKey("content");
          return;
        }
        Map<String, Map<String, Object>> content = (Map<String, Map<String, Object>>) response.get("content");
        assertThat(content).as(what + " has a body schema").isNotEmpty();
        if (status.equals("default") || Integer.parseInt(status) >= 400 && !oauthErrors.contains(what)) {
          assertThat(content).as(what).containsOnlyKeys("application/problem+json");
          assertThat(content.get("application/problem+json").toString()).as(what)
              .contains("#/components/schemas/Problem");
        }
        if (status.equals("429") || status.equals("503")) {
          assertThat((Map<String, Object>) response.get("headers")).as(what).containsKey("Retry-After");
        }
      });
      boolean open = responses.keySet().stream().noneMatch(s -> s.equals("401"))
          || name.equals("POST /api/v1/auth/login") || name.equals("POST /api/v1/auth/refresh")
          || name.equals("POST /api/v1/auth/oauth/exchange") || name.endsWith("/callback");
      if (!open) {
        assertThat((List<Object>) op.get("security")).as(name + " security").isNotEmpty();
      }
    });
    Map<String, Object> token = api.operations().get("POST /api/v1/auth/token");
    assertThat(token.get("security")).isEqualTo(List.of(Map.of("basic", List.of())));
    assertThat(((Map<String, Object>) ((Map<String, Object>) token.get("requestBody")).get("content")))
        .containsOnlyKeys("application/x-www-form-urlencoded");
  }

  @Test
  @DisplayName("the request bodies are the records the handlers read, field for field")
  @SuppressWarnings("unchecked")
  void bodiesAreTheHandlersRecords() {
    for (String key : ApiSchemas.keys()) {
      ApiSchemas.Operation entry = ApiSchemas.operation(key);
      if (entry.bodyRecord() == null) {
        continue;
      }
      Set<String> fields = new TreeSet<>();
      for (var c : entry.bodyRecord().getRecordComponents()) {
        fields.add(OpenApi.snake(c.getName()));
      }
      Map<String, Object> schema = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) entry
          .requestBody().get("content")).get("application/json")).get("schema");
      assertThat(fields).as(key).containsAll(((Map<String, Object>) schema.get("properties")).keySet());
      assertThat(((Map<String, Object>) schema.get("properties")).keySet()).as(key).containsAll(
          (List<String>) schema.getOrDefault("required", List.of()));
    }
  }
}
