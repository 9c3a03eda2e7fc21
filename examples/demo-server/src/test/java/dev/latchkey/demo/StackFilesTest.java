package dev.latchkey.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The demo stack's files as a container engine would read them (there is none on the build machine): compose.yaml,
 * .env.example, the Dockerfile and .dockerignore.
 */
class StackFilesTest {
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)(?:(:?[-?])([^}]*))?}");
  /** Settings whose names say they are secret. */
  private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET|_KEY|TOKEN).*");

  private static JsonNode compose() throws IOException {
    return new ObjectMapper(new YAMLFactory()).readTree(Nginx.projectFile("examples/compose.yaml").toFile());
  }

  private static String read(String path) throws IOException {
    return Files.readString(Nginx.projectFile(path));
  }

  /** The .env.example's settings, name to value, in order. */
  private static Map<String, String> envExample() throws IOException {
    Map<String, String> settings = new LinkedHashMap<>();
    for (String line : read("examples/.env.example").lines().toList()) {
      if (!line.isBlank() && !line.startsWith("#")) {
        int eq = line.indexOf('=');
        assertThat(eq).as("a NAME=value line: " + line).isPositive();
        settings.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return settings;
  }

  private static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node == null) {
      return out;
    }
    if (node.isTextual()) {
      out.add(node.asText());
    } else {
      node.forEach(child -> out.addAll(strings(child)));
    }
    return out;
  }

  @Test
  @DisplayName("every service has a health check, and each waits for the health of what it needs")
  void healthAndOrder() throws IOException {
    JsonNode services = compose().get("services");
    assertThat(services.fieldNames()).toIterable().containsExactlyInAnyOrder("postgres", "redis", "latchkey", "nginx");
    services.fields().forEachRemaining(service -> {
      JsonNode check = service.getValue().get("healthcheck");
      assertThat(check).as(service.getKey() + " has a healthcheck").isNotNull();
      assertThat(check.path("disable").asBoolean(false)).isFalse();
      assertThat(strings(check.get("test"))).as(service.getKey()).isNotEmpty().doesNotContain("NONE");
    });
    assertThat(strings(services.get("postgres").get("healthcheck").get("test")).toString()).contains("pg_isready");
    assertThat(strings(services.get("redis").get("healthcheck").get("test")).toString()).contains("ping");
    assertThat(strings(services.get("latchkey").get("healthcheck").get("test")).toString()).contains("/health/ready");

    JsonNode app = services.get("latchkey").get("depends_on");
    assertThat(app.fieldNames()).toIterable().containsExactlyInAnyOrder("postgres", "redis");
    app.forEach(d -> assertThat(d.get("condition").asText()).isEqualTo("service_healthy"));
    assertThat(services.get("nginx").get("depends_on").get("latchkey").get("condition").asText())
        .isEqualTo("service_healthy");
  }

  @Test
  @DisplayName("pinned images, append-only Redis, volumes for every store, only nginx published, stores unreachable")
  void services() throws IOException {
    JsonNode compose = compose();
    JsonNode services = compose.get("services");
    assertThat(services.get("postgres").get("image").asText()).matches("(docker\\.io/library/)?postgres:[0-9]+");
    assertThat(services.get("redis").get("image").asText()).matches("(docker\\.io/library/)?redis:[0-9.]+");
    assertThat(services.get("nginx").get("image").asText()).matches("(docker\\.io/library/)?nginx:[0-9.]+");
    assertThat(String.join(" ", strings(services.get("redis").get("command")))).contains("--appendonly yes");
    assertThat(strings(services.get("postgres").get("volumes"))).anyMatch(v -> v.endsWith(":/var/lib/postgresql/data"));
    assertThat(strings(services.get("redis").get("volumes"))).anyMatch(v -> v.endsWith(":/data"));
    assertThat(strings(services.get("latchkey").get("volumes"))).anyMatch(v -> v.endsWith(":/var/lib/latchkey"));
    assertThat(strings(services.get("nginx").get("volumes")))
        .anyMatch(v -> v.startsWith("./nginx/nginx.conf:/etc/nginx/nginx.conf:ro"));
    services.fields().forEachRemaining(s -> assertThat(s.getValue().has("ports"))
        .as(s.getKey() + " publishes ports").isEqualTo(s.getKey().equals("nginx")));
    assertThat(strings(services.get("nginx").get("ports"))).containsExactly(
        "${LATCHKEY_HTTP_ADDRESS:-127.0.0.1}:${LATCHKEY_HTTP_PORT:-80}:80");
    assertThat(compose.get("networks").get("backend").get("internal").asBoolean()).isTrue();
    assertThat(strings(services.get("postgres").get("networks"))).containsExactly("backend");
    assertThat(strings(services.get("redis").get("networks"))).containsExactly("backend");

    JsonNode env = services.get("latchkey").get("environment");
    assertThat(env.get("LATCHKEY_TRUSTED_PROXIES").asText()).isEqualTo("nginx");
    assertThat(env.get("LATCHKEY_BASE_URL").asText()).isEqualTo("${LATCHKEY_PUBLIC_URL:-http://localhost}");
    assertThat(env.get("LATCHKEY_DATABASE_URL").asText()).startsWith("jdbc:postgresql://postgres:5432/");
    assertThat(env.get("LATCHKEY_REDIS_URL").asText()).endsWith("@redis:6379/0");
    JsonNode build = services.get("latchkey").get("build");
    assertThat(build.get("context").asText()).isEqualTo("..");
    assertThat(Nginx.projectFile("examples").resolve(build.get("context").asText())
        .resolve(build.get("dockerfile").asText())).exists();
  }

  @Test
  @DisplayName("no secret is written in compose.yaml: each comes from .env, required, with no default")
  void noSecretInCompose() throws IOException {
    Map<String, String> example = envExample();
    Set<String> referenced = new LinkedHashSet<>();
    compose().get("services").fields().forEachRemaining(service -> {
      JsonNode env = service.getValue().get("environment");
      if (env == null) {
        return;
      }
      assertThat(env.isObject()).as(service.getKey() + ": environment as a map").isTrue();
      env.fields().forEachRemaining(e -> {
        String name = e.getKey();
        String value = e.getValue().asText();
        Matcher m = VARIABLE.matcher(value);
        while (m.find()) {
          referenced.add(m.group(1));
          if (SECRET_NAME.matcher(m.group(1)).matches() && "-".equals(m.group(2) == null ? null
              : m.group(2).replace(":", ""))) {
            assertThat(m.group(3)).as(name + ": no default for the secret " + m.group(1)).isEmpty();
          }
        }
        String literal = VARIABLE.matcher(value).replaceAll("");
        if (SECRET_NAME.matcher(name).matches()) {
          assertThat(literal).as(service.getKey() + "." + name + " must come from .env").isEmpty();
        }
        // Credentials inside URLs are interpolated too: nothing between "//user:" and "@", no literal password=.
        assertThat(literal).as(service.getKey() + "." + name).doesNotContainPattern("//[^/@]*:[^/@]+@")
            .doesNotContainPattern("password=[^&]");
      });
    });
    for (String secret : List.of("POSTGRES_PASSWORD", "REDIS_PASSWORD")) {
      assertThat(read("examples/compose.yaml")).contains("${" + secret + ":?");
      assertThat(example.get(secret)).as(secret + " in .env.example is empty (make start generates it)").isEmpty();
    }
    example.forEach((name, value) -> {
      if (SECRET_NAME.matcher(name).matches()) {
        assertThat(value).as(".env.example must not hold a value for " + name).isEmpty();
      }
    });
    Set<String> compose = new LinkedHashSet<>();
    Matcher all = VARIABLE.matcher(read("examples/compose.yaml"));
    while (all.find()) {
      compose.add(all.group(1));
    }
    assertThat(example.keySet()).as("every variable compose.yaml reads is in .env.example").containsAll(compose);
    // podman-compose 1.0 (Debian 12) leaves ${NAME:-} unexpanded: a pass-through is ${NAME}, set by .env.
    assertThat(read("examples/compose.yaml")).doesNotContain(":-}");
    assertThat(compose).containsAll(referenced);
    assertThat(read(".gitignore").lines()).as(".env stays out of git").contains(".env");
  }

  @Test
  @DisplayName(".env.example covers every server setting except those the stack fixes itself")
  void everySetting() throws IOException {
    Set<String> read = new LinkedHashSet<>();
    Matcher m = Pattern.compile("\"(LATCHKEY_[A-Z0-9_]+)\"").matcher(
        read("examples/demo-server/src/main/java/dev/latchkey/demo/DemoConfig.java"));
    while (m.find()) {
      read.add(m.group(1));
    }
    // Fixed by compose.yaml (stores, proxy, URLs from LATCHKEY_PUBLIC_URL), or not meaningful in the stack: the demo
    // OpenID provider listens on the container's loopback only; the change feed is off with Redis.
    Set<String> fixed = Set.of("LATCHKEY_DATA_DIR", "LATCHKEY_DATABASE_URL", "LATCHKEY_REDIS_URL",
        "LATCHKEY_REDIS_PREFIX", "LATCHKEY_TRUSTED_PROXIES", "LATCHKEY_BASE_URL", "LATCHKEY_ISSUER",
        "LATCHKEY_DEMO_IDP", "LATCHKEY_DEMO_IDP_PORT", "LATCHKEY_CHANGE_FEED");
    assertThat(read).containsAll(fixed).hasSizeGreaterThan(fixed.size());
    Set<String> expected = new LinkedHashSet<>(read);
    expected.removeAll(fixed);
    assertThat(envExample().keySet()).containsAll(expected);
    JsonNode env = compose().get("services").get("latchkey").get("environment");
    expected.forEach(name -> assertThat(env.has(name)).as("compose.yaml passes " + name).isTrue());
  }

  @Test
  @DisplayName("the image: JDK build, JRE run, a non-root user, the data directory a volume, a readiness check")
  void image() throws IOException {
    List<String> lines = read("examples/demo-server/Dockerfile").replace("\\\n", " ").lines()
        .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    List<String> froms = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
    assertThat(froms).hasSize(2);
    assertThat(froms.get(0)).matches("FROM \\S*eclipse-temurin:[0-9]+-jdk\\S* AS build");
    assertThat(froms.get(1)).matches("FROM \\S*eclipse-temurin:[0-9]+-jre\\S*");
    List<String> run = lines.subList(lines.indexOf(froms.get(1)), lines.size());
    List<String> users = run.stream().filter(l -> l.startsWith("USER ")).toList();
    assertThat(users).as("the last stage switches to a user").isNotEmpty();
    String user = users.getLast().substring(5).split(":")[0].strip();
    assertThat(user).isNotIn("root", "0");
    assertThat(run.stream().filter(l -> l.startsWith("RUN ")).toList()).anyMatch(l -> l.contains("useradd")
        && l.contains("--uid " + user));
    assertThat(run).contains("VOLUME [\"/var/lib/latchkey\"]")
        .anyMatch(l -> l.contains("LATCHKEY_DATA_DIR=/var/lib/latchkey"));
    assertThat(run).anyMatch(l -> l.startsWith("HEALTHCHECK ") && l.contains("/health/ready"));
    assertThat(run).contains("ENTRYPOINT [\"/app/run\"]");
    assertThat(lines).anyMatch(l -> l.startsWith("RUN ") && l.contains("./mvnw "));
    assertThat(compose().get("services").get("latchkey").has("user")).as("compose keeps the image's user").isFalse();
    assertThat(read(".dockerignore").lines()).contains(".git", "**/target", "examples/.env");
  }
}
