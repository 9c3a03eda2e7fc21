package dev.latchkey.demo.web.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.demo.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;

/** The pages work from the keyboard alone, and the focus is always visible (WCAG 2.1.1, 2.4.7, 1.4.11). */
class KeyboardBrowserTest {
  @TempDir static Path data;
  @RegisterExtension static final Browser browser = new Browser();
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(data);
    browser.base(server.url());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Variant.class, names = {"DESKTOP_LIGHT", "DESKTOP_DARK"})
  @DisplayName("sign in with Tab, typing and Enter only; the skip link comes first; every focus stop is visible")
  void signInByKeyboard(Variant variant) {
    browser.forget().variant(variant);
    try {
      browser.open("/login?next=/");
      List<String> invisible = new ArrayList<>();
      WebElement first = browser.tab();
      assertThat(first.getText()).as("first Tab stop").isEqualTo("Skip to content");
      assertThat(first.getRect().getX()).as("the skip link shows when focused").isGreaterThanOrEqualTo(0);
      check(first, invisible);
      WebElement e = first;
      for (int i = 0; i < 20 && !"identifier".equals(e.getDomAttribute("id")); i++) {
        e = browser.tab();
        check(e, invisible);
      }
      assertThat(e.getDomAttribute("id")).as("Tab reaches the username field").isEqualTo("identifier");
      browser.type(TestServer.ADMIN);
      e = browser.tab();
      check(e, invisible);
      assertThat(e.getDomAttribute("id")).as("the next stop is the password").isEqualTo("password");
      browser.type(TestServer.ADMIN_PASSWORD);
      // The remaining stops of the form (Show, Forgot your password?, Sign in) are visible too.
      for (int i = 0; i < 3; i++) {
        check(browser.tab(), invisible);
      }
      assertThat(invisible).as("focus stops without a visible focus indicator").isEmpty();
      browser.field("Password").click();
      browser.pressEnter();
      assertThat(browser.path()).isEqualTo("/");
      assertThat(browser.signedIn()).isTrue();
    } finally {
      browser.variant(Variant.DESKTOP_LIGHT);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Variant.class, names = {"DESKTOP_LIGHT", "DESKTOP_DARK"})
  @DisplayName("signed in, every link and button of the home page shows its focus; Sign out works from the keyboard")
  void signedInFocus(Variant variant) {
    browser.signIn(TestServer.ADMIN, TestServer.ADMIN_PASSWORD).variant(variant);
    try {
      browser.open("/");
      List<String> invisible = new ArrayList<>();
      WebElement signOut = null;
      for (int i = 0; i < 40; i++) {
        WebElement e = browser.tab();
        if (e.getTagName().equals("body")) {
          break;
        }
        check(e, invisible);
        if (e.getText().startsWith("Sign out")) {
          signOut = e;
          break;
        }
      }
      assertThat(invisible).as("focus stops without a visible focus indicator").isEmpty();
      assertThat(signOut).as("Sign out is reachable with Tab").isNotNull();
      browser.pressEnter();
      assertThat(browser.heading()).isEqualTo("You are signed out");
    } finally {
      browser.variant(Variant.DESKTOP_LIGHT);
    }
  }

  @Test
  @DisplayName("a failed submit focuses the error summary; its links take the keyboard to the field in question")
  void errorSummaryByKeyboard() {
    browser.forget().open("/login").fill("Username or email", "").fill("Password", "").submit();
    assertThat(browser.focused().getDomAttribute("id")).as("focused after the failed submit")
        .isEqualTo("error-summary");
    List<String> invisible = new ArrayList<>();
    check(browser.focused(), invisible);
    WebElement link = browser.tab();
    check(link, invisible);
    assertThat(link.getDomAttribute("href")).isEqualTo("#identifier");
    new org.openqa.selenium.interactions.Actions(browser.driver()).sendKeys(org.openqa.selenium.Keys.ENTER)
        .perform();
    assertThat(browser.focused().getDomAttribute("id")).as("Enter on the summary's link").isEqualTo("identifier");
    check(browser.focused(), invisible);
    assertThat(invisible).as("focus stops without a visible focus indicator").isEmpty();
  }

  private static void check(WebElement e, List<String> invisible) {
    Browser.FocusRing ring = browser.focusRing(e);
    if (!ring.visible()) {
      invisible.add(ring.toString());
    }
  }
}
