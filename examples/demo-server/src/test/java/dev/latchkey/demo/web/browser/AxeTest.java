package dev.latchkey.demo.web.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The accessibility check itself: it finds what it should, and its report says what to fix and where. */
class AxeTest {
  @RegisterExtension static final Browser browser = new Browser();

  private static void show(String body) {
    browser.open("data:text/html;charset=utf-8," + URLEncoder.encode("<!doctype html><html lang=en><head>"
        + "<title>t</title></head><body><main><h1>Test</h1>" + body + "</main></body></html>",
        StandardCharsets.UTF_8).replace("+", "%20"));
  }

  @Test
  @DisplayName("a page with an unlabelled field and an image without text fails, naming rule, impact and element")
  void findsViolations() {
    show("<form><input id=nameless type=text></form><img src=x.png id=picture>");
    assertThat(Axe.run(browser)).extracting(Axe.Violation::id).contains("label", "image-alt");
    assertThatThrownBy(() -> Axe.check(browser, "a bad page")).isInstanceOf(AssertionError.class)
        .hasMessageContaining("label (critical)").hasMessageContaining("#nameless")
        .hasMessageContaining("image-alt (critical)").hasMessageContaining("#picture")
        .hasMessageContaining("https://dequeuniversity.com/rules/axe/");
  }

  @Test
  @DisplayName("a page with labelled fields and described images passes")
  void passesCleanPage() {
    show("<form><label for=n>Name</label><input id=n type=text></form><img src=x.png alt='A lock'>");
    Axe.check(browser, "a good page");
    assertThat(Axe.run(browser)).noneMatch(Axe.Violation::blocking);
  }
}
