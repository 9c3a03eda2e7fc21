package dev.latchkey.auth.http.javalin;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.NewUser;
import dev.latchkey.auth.core.memory.InMemoryStores;
import dev.latchkey.auth.core.oauth.ClientSecretCipher;
import dev.latchkey.auth.core.oauth.OAuthPolicy;
import dev.latchkey.auth.testkit.CapturingMailer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A served API with every optional route on (development mailbox, open metrics), its OpenAPI document as served, and
 * the check of a real response against the document: the status is documented for that operation, the media type
 * too, the documented headers are sent, and a JSON body validates (JSON Schema 2020-12, formats asserted) against the
 * documented schema.
 */
final class DocumentedApi implements AutoCloseable {
  static final String PASSWORD = HttpApiTest.PASSWORD;
  private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
      b -> b.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));

  final CapturingMailer mailer = new CapturingMailer();
  final Auth auth;
  final TestServer server;
  /** The document's text as served. */
  final String text;
  /** The document as parsed JSON. */
  final Map<String, Object> doc;

  DocumentedApi(java.util.function.Consumer<AuthPlugin.Config> settings) {
    auth = Auth.builder().issuer("https://auth.example.test").audience("latchkey")
        .stores(InMemoryStores.create(Clock.systemUTC())).mailer(mailer)
        .oauthClient(new AccessAndOAuthHttpTest.FakeProvider()).oauthSecretKey(ClientSecretCipher.of(new byte[32]))
        .oauthPolicy(OAuthPolicy.defaults("https://auth.example.test/api/v1/auth/oauth/{provider}/callback"))
        .build();
    auth.admin().createUser(new NewUser("root", "root@example.com", PASSWORD, null, true, Set.of()));
    // A Prometheus registry, so that /metrics is served (and documented) too.
    server = new TestServer(auth, c -> settings.accept(c.meterRegistry(new PrometheusMeterRegistry(
        PrometheusConfig.DEFAULT)).devMailbox(to -> List.of(new DevMailbox.Message("root@example.com", "Hello",
        "A body", Instant.now())))));
    HttpResponse<String> r = server.get("/api/v1/openapi.json", null);
    assertThat(r.statusCode()).isEqualTo(200);
    text = r.body();
    doc = TestServer.map(r);
  }

  /** Every documented operation ({@code METHOD /path}) with its OpenAPI operation object. */
  @SuppressWarnings("unchecked")
  Map<String, Map<String, Object>> operations() {
    Map<String, Map<String, Object>> ops = new TreeMap<>();
    ((Map<String, Map<String, Map<String, Object>>>) doc.get("paths")).forEach((path, byMethod) ->
        byMethod.forEach((method, op) -> ops.put(method.toUpperCase(Locale.ROOT) + " " + path, op)));
    return ops;
  }

  /** The served operations (Javalin's router), as {@code METHOD /path}. */
  Set<String> served() {
    Set<String> served = new TreeSet<>();
    server.app.unsafe.internalRouter.allHttpHandlers().stream().filter(e -> e.endpoint.method.isHttpMethod())
        .forEach(e -> served.add(e.endpoint.method.name() + " " + e.endpoint.path));
    served.remove("GET /orders"); // the host's own route in TestServer
    return served;
  }

  String login(String login) {
    HttpResponse<String> r = server.post("/api/v1/auth/login", Map.of("login", login, "password", PASSWORD));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return (String) TestServer.map(r).get("access_token");
  }

  /**
   * Checks {@code r}, the answer of {@code operation} ({@code METHOD /path} as documented), against the document.
   *
   * @return the response, for further checks
   */
  @SuppressWarnings("unchecked")
  HttpResponse<String> conforms(HttpResponse<String> r, String operation) {
    Map<String, Object> op = operations().get(operation);
    assertThat(op).as("documented operation " + operation).isNotNull();
    Map<String, Object> responses = (Map<String, Object>) op.get("responses");
    String what = operation + " -> " + r.statusCode() + " " + r.body();
    assertThat(responses).as("documented statuses of " + what).containsKey(Integer.toString(r.statusCode()));
    Map<String, Object> response = (Map<String, Object>) responses.get(Integer.toString(r.statusCode()));
    ((Map<String, Object>) response.getOrDefault("headers", Map.of())).keySet().forEach(header ->
        assertThat(r.headers().firstValue(header)).as("documented header " + header + " of " + what).isPresent());
    Map<String, Object> content = (Map<String, Object>) response.get("content");
    if (content == null) {
      assertThat(r.body()).as("no documented body: " + what).isEmpty();
      return r;
    }
    String type = r.headers().firstValue("Content-Type").orElse("").split(";", 2)[0].strip();
    assertThat(content).as("documented media type of " + what).containsKey(type);
    if (type.endsWith("json")) {
      List<Error> errors = validate(((Map<String, Object>) content.get(type)).get("schema"), r.body());
      assertThat(errors).as("the body of " + what + " against its documented schema").isEmpty();
    }
    return r;
  }

  /** Validates {@code json} against {@code schema}, whose references point into this document's components. */
  List<Error> validate(Object schema, String json) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    root.put("components", doc.get("components"));
    root.put("allOf", List.of(schema));
    try {
      Schema compiled = SCHEMAS.getSchema(TestServer.JSON.writeValueAsString(root), InputFormat.JSON);
      return compiled.validate(json, InputFormat.JSON);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
