package dev.latchkey.auth.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Keeps the repository's Markdown self-contained: a reader of a clone (or of the published sources) must be able to
 * follow every link. In every {@code *.md} file of the repository (build output and hidden folders aside):
 * <ul>
 *   <li>no link leaves the repository: no {@code http(s)://}, {@code mailto:} or other absolute link or bare URL in
 *       prose, and no relative link whose {@code ..} climbs out of the repository (such as {@code ../shared/API.md});
 *   <li>every relative link names a file or folder that exists, and a {@code #fragment} names a heading of the
 *       Markdown file it points at;
 *   <li>URLs inside code (fenced blocks and {@code `spans`}) are text, not links, but only example hosts are allowed
 *       there: loopback, the names reserved for documentation ({@code example.com}, {@code .example}, {@code .test},
 *       {@code .invalid}, {@code .localhost}), single-label container names and the project's own {@code latchkey.dev}
 *       identifiers (problem types).
 * </ul>
 */
class MarkdownLinksTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~)");
  private static final Pattern CODE_SPAN = Pattern.compile("(`+)(.+?)\\1");
  /** Inline links and images: {@code [text](target "title")}; the target may be in angle brackets. */
  private static final Pattern INLINE_LINK = Pattern.compile("\\]\\(\\s*<?([^)\\s>]*)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
  /** Reference definitions: {@code [id]: target}. */
  private static final Pattern REFERENCE = Pattern.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s.*)?$");
  /** HTML attributes that link: {@code <img src="…">}, {@code <a href="…">}. */
  private static final Pattern HTML_LINK = Pattern.compile("(?:src|href)\\s*=\\s*\"([^\"]*)\"");
  private static final Pattern URL = Pattern.compile("(?i)\\b(?:https?|ftp)://[^\\s)>\\]\"'`]+|\\bmailto:[^\\s)>\\]]+");
  private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");
  private static final Pattern HEADING = Pattern.compile("^\\s{0,3}#{1,6}\\s+(.*?)\\s*#*\\s*$");

  @Test
  void everyMarkdownLinkStaysInTheRepositoryAndResolves() throws IOException {
    List<Path> files = markdownFiles();
    assertThat(files).as("Markdown files found").contains(ROOT.resolve("README.md"));
    List<String> problems = new ArrayList<>();
    for (Path file : files) {
      problems.addAll(problems(file));
    }
    assertThat(problems).as("links that leave the repository or lead nowhere").isEmpty();
  }

  @Nested
  class TheRulesThemselves {
    @Test
    void refusesLinksThatLeaveTheRepository(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
      Path readme = write(dir, "README.md", """
          See [the design](../shared/API.md), [a site](https://example.org/x), <https://example.net/y>,
          [mail](mailto:someone@example.com) and https://github.com/some/repo in prose.
          [ref]: https://example.com/z
          """);
      assertThat(problems(readme, dir)).hasSize(6)
          .anySatisfy(p -> assertThat(p).contains("../shared/API.md").contains("outside the repository"))
          .anySatisfy(p -> assertThat(p).contains("https://github.com/some/repo"))
          .anySatisfy(p -> assertThat(p).contains("mailto:someone@example.com"));
    }

    @Test
    void refusesMissingFilesAndHeadings(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
      Files.createDirectories(dir.resolve("docs"));
      write(dir, "docs/guide.md", "# Guide\n\n## Set it up\n");
      Path readme = write(dir, "README.md", """
          # Project

          [guide](docs/guide.md), [its section](docs/guide.md#set-it-up), [this](#project), [folder](docs/)
          [gone](docs/missing.md), [no such heading](docs/guide.md#tear-it-down), [nor here](#nowhere)
          <img src="docs/missing.png" alt="">
          """);
      assertThat(problems(readme, dir)).hasSize(4)
          .anySatisfy(p -> assertThat(p).contains("docs/missing.md").contains("does not exist"))
          .anySatisfy(p -> assertThat(p).contains("#tear-it-down").contains("no heading"))
          .anySatisfy(p -> assertThat(p).contains("#nowhere").contains("no heading"))
          .anySatisfy(p -> assertThat(p).contains("docs/missing.png"));
    }

    @Test
    void treatsUrlsInCodeAsExamplesWhenTheirHostsAreExamples(@org.junit.jupiter.api.io.TempDir Path dir)
        throws IOException {
      Path readme = write(dir, "README.md", """
          Open `http://localhost:8080/` or `https://auth.example.com`; `[not a link](../outside.md)`.

          ```java
          Auth.builder().issuer("https://auth.example.com"); // http://127.0.0.1:8080, http://nginx/health
          String type = "https://latchkey.dev/problems/invalid-credentials";
          String real = "https://github.com/login/oauth/authorize";
          ```
          """);
      assertThat(problems(readme, dir)).singleElement()
          .satisfies(p -> assertThat(p).contains("https://github.com/login/oauth/authorize"));
    }

    private Path write(Path dir, String name, String text) throws IOException {
      Path file = dir.resolve(name);
      Files.writeString(file, text);
      return file;
    }
  }

  private static List<Path> markdownFiles() throws IOException {
    try (Stream<Path> paths = Files.walk(ROOT)) {
      return paths.filter(p -> p.toString().endsWith(".md") && Files.isRegularFile(p))
          .filter(p -> {
            Path relative = ROOT.relativize(p);
            for (Path part : relative) {
              String name = part.toString();
              if (name.equals("target") || name.equals("node_modules") || name.startsWith(".")) {
                return false;
              }
            }
            return true;
          })
          .sorted().toList();
    }
  }

  private static List<String> problems(Path file) throws IOException {
    return problems(file, ROOT);
  }

  /** Every rule broken by {@code file}, one line each naming the file, its line and the link. */
  static List<String> problems(Path file, Path root) throws IOException {
    List<String> problems = new ArrayList<>();
    String name = root.relativize(file).toString();
    List<String> lines = Files.readAllLines(file);
    boolean inFence = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      String where = name + ":" + (i + 1) + ": ";
      if (FENCE.matcher(line).find()) {
        inFence = !inFence;
        continue;
      }
      if (inFence) {
        codeUrls(line).forEach(u -> problems.add(where + u + " in code: use a loopback or example.com host"));
        continue;
      }
      List<String> spans = new ArrayList<>();
      Matcher code = CODE_SPAN.matcher(line);
      StringBuilder prose = new StringBuilder();
      while (code.find()) {
        spans.add(code.group(2));
        code.appendReplacement(prose, " ");
      }
      code.appendTail(prose);
      for (String span : spans) {
        codeUrls(span).forEach(u -> problems.add(where + u + " in code: use a loopback or example.com host"));
      }
      String text = prose.toString();
      Set<String> targets = new LinkedHashSet<>();
      for (Pattern p : List.of(INLINE_LINK, REFERENCE, HTML_LINK)) {
        Matcher m = p.matcher(text);
        while (m.find()) {
          targets.add(m.group(1));
        }
      }
      Set<String> absolute = new LinkedHashSet<>();
      Matcher url = URL.matcher(text);
      while (url.find()) {
        absolute.add(url.group());
      }
      for (String target : targets) {
        if (SCHEME.matcher(target).find() || target.startsWith("//")) {
          absolute.add(target);
        } else {
          String problem = relativeLinkProblem(file, root, target);
          if (problem != null) {
            problems.add(where + target + ": " + problem);
          }
        }
      }
      for (String u : absolute) {
        if (!isLoopback(u)) {
          problems.add(where + u + ": a link that leaves the repository (README and docs link only files in it)");
        }
      }
    }
    return problems;
  }

  private static String relativeLinkProblem(Path file, Path root, String target) throws IOException {
    if (target.isEmpty()) {
      return "an empty link";
    }
    int hash = target.indexOf('#');
    String pathPart = hash < 0 ? target : target.substring(0, hash);
    String fragment = hash < 0 ? null : target.substring(hash + 1);
    int query = pathPart.indexOf('?');
    if (query >= 0) {
      pathPart = pathPart.substring(0, query);
    }
    Path resolved = pathPart.isEmpty() ? file
        : (pathPart.startsWith("/") ? root.resolve(pathPart.substring(1)) : file.getParent().resolve(pathPart))
            .normalize();
    if (!resolved.startsWith(root)) {
      return "points outside the repository";
    }
    if (!Files.exists(resolved)) {
      return "does not exist (" + root.relativize(resolved) + ")";
    }
    if (fragment != null && !fragment.isEmpty() && resolved.toString().endsWith(".md")
        && !anchors(resolved).contains(fragment.toLowerCase(Locale.ROOT))) {
      return "no heading gives #" + fragment + " in " + root.relativize(resolved);
    }
    return null;
  }

  /** The anchors GitHub gives a file's headings: lower case, punctuation dropped, spaces as hyphens, -1, -2 repeats. */
  static Set<String> anchors(Path markdown) throws IOException {
    Set<String> anchors = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    boolean inFence = false;
    for (String line : Files.readAllLines(markdown)) {
      if (FENCE.matcher(line).find()) {
        inFence = !inFence;
        continue;
      }
      Matcher h = HEADING.matcher(line);
      if (inFence || !h.matches()) {
        continue;
      }
      String text = h.group(1).replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replaceAll("<[^>]+>", "");
      String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}\\s_-]", "").replace(' ', '-');
      int n = seen.merge(slug, 1, Integer::sum) - 1;
      anchors.add(n == 0 ? slug : slug + "-" + n);
    }
    return anchors;
  }

  private static List<String> codeUrls(String code) {
    List<String> found = new ArrayList<>();
    Matcher url = URL.matcher(code);
    while (url.find()) {
      if (!isExample(url.group())) {
        found.add(url.group());
      }
    }
    return found;
  }

  private static boolean isLoopback(String url) {
    String host = host(url);
    return host.equals("localhost") || host.endsWith(".localhost") || host.startsWith("127.")
        || host.equals("[::1]") || host.equals("0.0.0.0");
  }

  private static boolean isExample(String url) {
    if (url.regionMatches(true, 0, "mailto:", 0, 7)) {
      return url.toLowerCase(Locale.ROOT).matches("mailto:[^@]+@(.+\\.)?example\\.(com|net|org)");
    }
    String host = host(url);
    return isLoopback(url) || !host.contains(".") || host.matches("(.+\\.)?example\\.(com|net|org)")
        || host.matches(".+\\.(example|test|invalid|localhost)") || host.matches("(.+\\.)?latchkey\\.dev");
  }

  private static String host(String url) {
    String rest = url.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "");
    rest = rest.replaceFirst("^[^/@]*@", "");
    String host = rest.startsWith("[") ? rest.substring(0, rest.indexOf(']') + 1) : rest.split("[:/?#]", 2)[0];
    return host.toLowerCase(Locale.ROOT);
  }
}
