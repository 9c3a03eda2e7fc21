package dev.latchkey.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's {@code main} as an operator runs it, in a JVM of its own with the shipped logback.xml: a start that
 * cannot go on prints one JSON line at level ERROR naming the variable to fix, never a credential or a stack trace,
 * and exits with status 1.
 */
class StartFailureTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Run(int exit, List<String> lines) {}

  private static Run main(Path data, String... pairs) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-Dlogback.configurationFile=logback.xml", "-cp",
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
        DemoServer.class.getName()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("LATCHKEY_") || k.equals("PORT"));
    env.put("PORT", "0");
    env.put("LATCHKEY_DATA_DIR", data.toString());
    env.put("LATCHKEY_ADMIN_PASSWORD", "an admin passphrase for tests");
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the server stops by itself").isTrue();
    return new Run(process.exitValue(), output.lines().filter(l -> !l.isBlank()).toList());
  }

  /** Exit status 1 and exactly one ERROR line, {@code latchkey cannot start: <expected>}, nothing secret, no trace. */
  private static void assertOneLine(Run run, String expected, String... secrets) throws IOException {
    assertThat(run.exit()).as(String.join("\n", run.lines())).isEqualTo(1);
    List<JsonNode> errors = new ArrayList<>();
    for (String line : run.lines()) {
      JsonNode json;
      try {
        json = JSON.readTree(line); // every line is one JSON object
      } catch (IOException e) {
        throw new AssertionError("not one JSON object: " + line + "\nin:\n" + String.join("\n", run.lines()), e);
      }
      assertThat(json.has("stack_trace")).as(line).isFalse();
      for (String secret : secrets) {
        assertThat(line).doesNotContain(secret);
      }
      if (json.path("level").asText().equals("ERROR")) {
        errors.add(json);
      }
    }
    assertThat(errors).as(String.join("\n", run.lines())).hasSize(1);
    assertThat(run.lines().getLast()).as("the failure is the last line").contains("latchkey cannot start");
    assertThat(errors.getFirst().path("message").asText()).isEqualTo("latchkey cannot start: " + expected);
    assertThat(errors.getFirst().path("logger").asText()).isEqualTo(DemoServer.class.getName());
  }

  @Test
  @DisplayName("an unreachable database: LATCHKEY_DATABASE_URL, its address and 'connection refused'")
  void unreachableDatabase(@TempDir Path data) throws Exception {
    int closed = OwnStores.freePort();
    assertOneLine(main(data, "LATCHKEY_DATABASE_URL", "jdbc:postgresql://127.0.0.1:" + closed
        + "/latchkey?user=latchkey&password=hunter2"),
        "LATCHKEY_DATABASE_URL: cannot connect to 127.0.0.1:" + closed + " (connection refused)", "hunter2");
  }

  @Test
  @DisplayName("an unreachable Redis: LATCHKEY_REDIS_URL, its address and 'connection refused'")
  void unreachableRedis(@TempDir Path data) throws Exception {
    int closed = OwnStores.freePort();
    String db = LocalServices.newDatabase();
    try {
      assertOneLine(main(data, "LATCHKEY_DATABASE_URL", db, "LATCHKEY_REDIS_URL", "redis://default:s3cret-pw@127.0.0.1:"
          + closed + "/0"), "LATCHKEY_REDIS_URL: cannot connect to 127.0.0.1:" + closed + " (connection refused)",
          "s3cret-pw");
    } finally {
      LocalServices.dropDatabase(db);
    }
  }

  @Test
  @DisplayName("a port in use: PORT and the port")
  void portInUse(@TempDir Path data) throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(0));
      int port = taken.getLocalPort();
      assertOneLine(main(data, "PORT", Integer.toString(port)), "PORT: port " + port + " is already in use");
    }
  }

  @Test
  @DisplayName("a database URL that is not a PostgreSQL JDBC URL: LATCHKEY_DATABASE_URL, never its password")
  void badDatabaseUrl(@TempDir Path data) throws Exception {
    assertOneLine(main(data, "LATCHKEY_DATABASE_URL", "postgres://latchkey:hunter2@db:5432/latchkey"),
        "LATCHKEY_DATABASE_URL: must be a PostgreSQL JDBC URL, jdbc:postgresql://host[:port]/database"
            + "[?user=...&password=...]", "hunter2");
  }

  @Test
  @DisplayName("a malformed Redis URL: LATCHKEY_REDIS_URL, never its password")
  void badRedisUrl(@TempDir Path data) throws Exception {
    assertOneLine(main(data, "LATCHKEY_REDIS_URL", "redis://default:s3cret-pw@redis:port/0"),
        "LATCHKEY_REDIS_URL: must look like redis://[user:password@]host:port[/db] (or rediss:// for TLS)",
        "s3cret-pw");
  }

  @Test
  @DisplayName("a public URL without http(s) and host: LATCHKEY_BASE_URL")
  void badBaseUrl(@TempDir Path data) throws Exception {
    assertOneLine(main(data, "LATCHKEY_BASE_URL", "auth.example.com:8443"),
        "LATCHKEY_BASE_URL: must be an http or https URL with a host, such as https://auth.example.com, without"
            + " user, query or fragment");
  }
}
