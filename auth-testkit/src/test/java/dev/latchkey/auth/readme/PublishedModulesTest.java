package dev.latchkey.auth.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Keeps what is published and what the BOM offers in step: every module of the build either is published (not
 * {@code maven.deploy.skip}, listed in {@code auth-bom}, with a name and description for Maven Central) or is an
 * example or benchmark (skipped, and absent from the BOM). A new library module that is missing from the BOM, or a new
 * example that would be deployed, fails here.
 */
class PublishedModulesTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void theBomListsExactlyThePublishedModules() throws Exception {
    Map<String, Boolean> modules = modules();
    List<String> published = new ArrayList<>();
    for (Map.Entry<String, Boolean> module : modules.entrySet()) {
      String path = module.getKey();
      boolean example = path.startsWith("examples/") || path.equals("benchmarks");
      assertThat(module.getValue()).as("%s: examples and benchmarks set maven.deploy.skip; libraries do not", path)
          .isEqualTo(example);
      if (!example && !path.equals("auth-bom") && !path.equals(".")) {
        published.add(artifactId(pom(path)));
      }
    }
    assertThat(published).as("published modules").contains("auth-core", "auth-testkit", "auth-http-javalin");

    List<String> inBom = new ArrayList<>();
    Element bomManagement = child(pom("auth-bom").getDocumentElement(), "dependencyManagement");
    for (Element dependency : children(child(bomManagement, "dependencies"), "dependency")) {
      assertThat(text(dependency, "groupId")).isEqualTo("dev.latchkey");
      inBom.add(text(dependency, "artifactId"));
    }
    assertThat(inBom).as("auth-bom's modules").containsExactlyInAnyOrderElementsOf(published);
  }

  @Test
  void everyPublishedPomHasWhatCentralRequires() throws Exception {
    for (Map.Entry<String, Boolean> module : modules().entrySet()) {
      if (module.getValue()) {
        continue;
      }
      Element project = pom(module.getKey()).getDocumentElement();
      assertThat(text(project, "name")).as("%s name", module.getKey()).isNotBlank();
      assertThat(text(project, "description")).as("%s description", module.getKey()).isNotBlank();
    }
    // The parent carries url, licenses, developers, scm and issueManagement for its children; the BOM has no parent.
    for (Document pom : List.of(pom("."), pom("auth-bom"))) {
      Element project = pom.getDocumentElement();
      // Written out: a published POM is not interpolated, so a ${property} would reach Central as it is.
      assertThat(text(project, "url")).startsWith("https://").doesNotContain("${");
      assertThat(text(child(project, "issueManagement"), "url")).startsWith("https://").doesNotContain("${");
      assertThat(text(child(child(project, "licenses"), "license"), "name")).isEqualTo("Apache-2.0");
      assertThat(text(child(child(project, "developers"), "developer"), "name")).isNotBlank();
      assertThat(text(child(project, "scm"), "connection")).startsWith("scm:git:");
      assertThat(text(child(project, "scm"), "url")).startsWith("https://").doesNotContain("${");
    }
    assertThat(ROOT.resolve("LICENSE")).content().startsWith("\n                                 Apache License\n")
        .contains("END OF TERMS AND CONDITIONS");
    assertThat(ROOT.resolve("NOTICE")).content().contains("common-passwords.LICENSE", "MIT License", "zxcvbn-ts");
  }

  /** Every module of the parent, by path, with whether it skips deployment; the parent itself as ".". */
  private static Map<String, Boolean> modules() throws Exception {
    Map<String, Boolean> modules = new LinkedHashMap<>();
    modules.put(".", false);
    for (Element module : children(child(pom(".").getDocumentElement(), "modules"), "module")) {
      String path = module.getTextContent().trim();
      Element properties = child(pom(path).getDocumentElement(), "properties");
      String skip = properties == null ? null : text(properties, "maven.deploy.skip");
      modules.put(path, Boolean.parseBoolean(skip));
    }
    return modules;
  }

  private static String artifactId(Document pom) {
    return text(pom.getDocumentElement(), "artifactId");
  }

  private static Document pom(String module) throws Exception {
    Path file = ROOT.resolve(module).resolve("pom.xml").normalize();
    assertThat(file).exists();
    var factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    try (var in = Files.newInputStream(file)) {
      return factory.newDocumentBuilder().parse(in);
    }
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        found.add(e);
      }
    }
    return found;
  }

  private static Element child(Element parent, String name) {
    List<Element> found = children(parent, name);
    return found.isEmpty() ? null : found.getFirst();
  }

  private static String text(Element parent, String name) {
    Element e = child(parent, name);
    return e == null ? null : e.getTextContent().trim();
  }
}
