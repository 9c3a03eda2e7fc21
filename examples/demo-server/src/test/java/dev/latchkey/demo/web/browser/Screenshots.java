package dev.latchkey.demo.web.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Saves what a {@link Browser} shows as PNG files under {@code examples/demo-server/target/screenshots/}, named
 * {@code <page>-<desktop|phone>-<light|dark>.png}: the whole page (not only the viewport), at one device pixel per
 * CSS pixel, so that a reviewer can look at every page in every variant after {@code verify}.
 */
public final class Screenshots {
  /** Where they go (relative to the module, which is the tests' working directory). */
  public static final Path DIR = Path.of("target", "screenshots");
  private static final int MAX_HEIGHT = 6000;

  private Screenshots() {}

  /** Saves the current page in the current variant as {@code <page>-<variant>.png} and returns the file. */
  public static Path save(Browser browser, String page) {
    Map<String, Object> metrics = browser.driver().executeCdpCommand("Page.getLayoutMetrics", Map.of());
    @SuppressWarnings("unchecked")
    Map<String, Object> content = (Map<String, Object>) metrics.get("cssContentSize");
    Variant v = browser.variant();
    double height = Math.min(MAX_HEIGHT, Math.max(v.height, ((Number) content.get("height")).doubleValue()));
    Map<String, Object> shot = browser.driver().executeCdpCommand("Page.captureScreenshot", Map.of(
        "format", "png", "captureBeyondViewport", true, "fromSurface", true,
        "clip", Map.of("x", 0, "y", 0, "width", v.width, "height", height, "scale", 1)));
    Path file = DIR.resolve(safe(page) + "-" + v.label() + ".png");
    try {
      Files.createDirectories(DIR);
      Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file.toAbsolutePath();
  }

  /**
   * The current page in each of the four {@link Variant}s: applies the variant (the page is laid out again at once,
   * as in DevTools' device mode: no reload), runs {@code check} (e.g. {@code b -> Axe.check(b, "login")}) and saves a
   * screenshot. Leaves the browser in {@link Variant#DESKTOP_LIGHT}.
   */
  public static void all(Browser browser, String page, Consumer<Browser> check) {
    all(browser, page, b -> {}, check);
  }

  /**
   * Runs {@code show} once (which brings the page up, e.g. by opening a form and submitting it) in the first
   * variant, then for each of the four {@link Variant}s applies it (no reload: viewport and colour scheme change
   * live), runs {@code check} and saves a screenshot. Leaves the browser in {@link Variant#DESKTOP_LIGHT}.
   */
  public static void all(Browser browser, String page, Consumer<Browser> show, Consumer<Browser> check) {
    try {
      browser.variant(Variant.ALL.getFirst());
      show.accept(browser);
      for (Variant v : Variant.ALL) {
        browser.variant(v);
        check.accept(browser);
        save(browser, page);
      }
    } finally {
      browser.variant(Variant.DESKTOP_LIGHT);
    }
  }

  private static String safe(String name) {
    return name.replaceAll("[^A-Za-z0-9._-]+", "-");
  }
}
