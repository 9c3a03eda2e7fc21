package dev.latchkey.auth.http.javalin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/http-api.md}, the users' reference, against the served OpenAPI document: the same operations, and per
 * operation the same status codes, with every problem code of a status named in that status's row.
 */
class HttpApiDocTest {
  private static final Path DOC = Path.of("..", "docs", "http-api.md");
  private static final Pattern HEADING = Pattern.compile("^### (GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS) (\\S+)$");
  private static final Pattern STATUS_ROW = Pattern.compile("^\\| (\\d{3}) \\|(.*)$");
  private static DocumentedApi api;
  /** Operation heading to the status rows of its section (status to the row's text). */
  private static Map<String, Map<String, String>> sections;

  @BeforeAll
  static void start() throws IOException {
    api = new DocumentedApi(c -> { });
    sections = new TreeMap<>();
    Map<String, String> rows = null;
    for (String line : Files.readAllLines(DOC)) {
      Matcher heading = HEADING.matcher(line);
      if (heading.matches()) {
        String key = heading.group(1) + " " + heading.group(2);
        assertThat(sections).as("one section per operation: " + key).doesNotContainKey(key);
        rows = new TreeMap<>();
        sections.put(key, rows);
      } else if (line.startsWith("#")) {
        rows = null;
      } else if (rows != null) {
        Matcher row = STATUS_ROW.matcher(line);
        if (row.matches()) {
          rows.put(row.group(1), row.group(2));
        }
      }
    }
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  @DisplayName("every served operation has its section in docs/http-api.md, and every section is a served operation")
  void sameOperations() {
    assertThat(sections.keySet()).isEqualTo(api.operations().keySet());
  }

  @Test
  @DisplayName("each section lists the document's status codes, naming each problem code of each status")
  @SuppressWarnings("unchecked")
  void sameStatuses() {
    api.operations().forEach((operation, op) -> {
      Map<String, Map<String, Object>> responses = (Map<String, Map<String, Object>>) op.get("responses");
      Set<String> documented = new TreeSet<>(responses.keySet());
      documented.remove("default");
      Map<String, String> rows = sections.getOrDefault(operation, Map.of());
      assertThat(rows.keySet()).as(operation + " statuses in docs/http-api.md").isEqualTo(documented);
      documented.forEach(status -> {
        Object schema = ((Map<String, Map<String, Object>>) responses.get(status).getOrDefault("content", Map.of()))
            .getOrDefault("application/problem+json", Map.of()).get("schema");
        if (schema != null) {
          List<String> codes = (List<String>) ((Map<String, Map<String, Object>>) ((Map<String, Object>) schema)
              .get("properties")).get("code").get("enum");
          codes.forEach(code -> assertThat(rows.get(status)).as(operation + " " + status).contains("`" + code + "`"));
        }
      });
    });
  }

  @Test
  @DisplayName("the page links nowhere outside the repository")
  void noOutsideLinks() throws IOException {
    String text = Files.readString(DOC);
    Set<String> anchors = new TreeSet<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("#")) { // GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes
        anchors.add(line.replaceFirst("^#+ ", "").toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9 _-]", "")
            .replace(' ', '-'));
      }
    }
    Matcher link = Pattern.compile("\\]\\(([^)]*)\\)").matcher(text);
    while (link.find()) {
      assertThat(link.group(1)).as("link target").startsWith("#");
      assertThat(anchors).as("link target").contains(link.group(1).substring(1));
    }
    assertThat(text).doesNotContain("../shared").doesNotContain("API.md");
  }
}
