package dev.latchkey.auth.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps README.md honest: every {@code // README:name:start} … {@code // README:name:end} region of the example tests
 * in any module's {@code dev.latchkey.auth.readme} test package (which compile and run there) must appear in
 * README.md verbatim, de-indented.
 */
class ReadmeSnippetsTest {
  private static final Pattern REGION =
      Pattern.compile("// README:(\\w+):start\\R(.*?)\\R\\s*// README:\\1:end", Pattern.DOTALL);

  @Test
  void everySnippetAppearsInReadme() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    Map<String, String> snippets = snippets();
    assertThat(snippets).containsKeys("embedding", "testing", "postgres", "redis");
    snippets.forEach((name, code) -> assertThat(readme).as("README.md snippet '%s'", name).contains(code));
  }

  /** Regions of every module's {@code readme} test package: each module compiles and runs its own examples. */
  private static Map<String, String> snippets() throws IOException {
    Map<String, String> found = new LinkedHashMap<>();
    try (Stream<Path> files = Files.walk(Path.of(".."), 12)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java"))
          .filter(f -> f.getParent().endsWith(Path.of("auth", "readme")) && f.toString().contains("src/test/java"))
          .sorted().toList()) {
        Matcher m = REGION.matcher(Files.readString(file));
        while (m.find()) {
          found.put(m.group(1), dedent(m.group(2)));
        }
      }
    }
    return found;
  }

  private static String dedent(String block) {
    List<String> lines = block.lines().toList();
    int indent = lines.stream().filter(l -> !l.isBlank())
        .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
    StringBuilder out = new StringBuilder();
    for (String line : lines) {
      out.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
    }
    return out.toString().stripTrailing();
  }
}
