package dev.latchkey.demo.web.browser;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.openqa.selenium.JavascriptExecutor;

/**
 * Runs <a href="https://github.com/dequelabs/axe-core">axe-core</a> on the page a {@link Browser} shows and fails on
 * serious or critical violations, with a report naming each rule, its impact, the elements and the fix:
 * <pre>{@code Axe.check(browser, "login");}</pre>
 * Moderate and minor findings are printed, not failed.
 *
 * <p><b>Where axe-core comes from.</b> It is not published to Maven Central, so it comes from the npm registry:
 * version {@value #VERSION} (override with {@code -Dlatchkey.axe.version=…}). The first test that needs it runs
 * {@code npm pack axe-core@VERSION --prefer-offline} into {@code target/axe-core/}, and reads {@code axe.min.js}
 * out of the tarball (once per build; later runs find {@code target/axe-core/VERSION/axe.min.js}). npm keeps the
 * tarball in its own cache ({@code ~/.npm/_cacache}), so after one online run, even a clean build works offline
 * ({@code --prefer-offline} reads the cache without asking the registry). Without npm and without a cached copy
 * the browser tests are skipped loudly, or fail under {@code LATCHKEY_BROWSER_TESTS=required}, as for a missing
 * Chromium (see {@link Browser#missing}). A local file can also be given: {@code -Dlatchkey.axe.file=/path/axe.min.js}.
 *
 * <p>The script is injected through the WebDriver (which the page's CSP does not govern) and runs with axe's
 * default rule set (WCAG 2.0–2.2 A and AA plus best practices) and {@code target-size} (WCAG 2.2's 2.5.8, 24×24 px
 * targets, which axe leaves off by default).
 */
public final class Axe {
  private static final Logger LOG = LoggerFactory.getLogger(Axe.class);
  /** The axe-core version the tests use. */
  public static final String VERSION = System.getProperty("latchkey.axe.version", "4.14.1");
  private static @Nullable String source;
  /** Set once fetching failed, so that the other tests skip (or fail) at once instead of asking npm again. */
  private static boolean unavailable;

  private Axe() {}

  /** One rule's violation. */
  public record Violation(String id, String impact, String help, String helpUrl, List<Node> nodes) {
    /** Whether it fails a test: serious or critical. */
    public boolean blocking() {
      return impact.equals("serious") || impact.equals("critical");
    }
  }

  /** An element a rule failed on: its CSS selector, its markup and axe's summary of what to fix. */
  public record Node(String target, String html, String summary) {}

  /**
   * Runs axe on the current page and fails with a report when it finds serious or critical violations; prints
   * the others. {@code what} names the page in the report (e.g. {@code "login (signed out, phone-dark)"}).
   */
  public static void check(Browser browser, String what) {
    List<Violation> all = run(browser);
    List<Violation> blocking = all.stream().filter(Violation::blocking).toList();
    List<Violation> others = all.stream().filter(v -> !v.blocking()).toList();
    if (!others.isEmpty()) {
      LOG.info("axe: " + what + ": " + report(others));
    }
    if (!blocking.isEmpty()) {
      throw new AssertionError("axe-core " + VERSION + " found " + blocking.size()
          + " serious or critical accessibility violation(s) on " + what + " (" + browser.path() + ", "
          + browser.variant() + "):" + report(blocking));
    }
  }

  /** Runs axe on the current page and returns every violation, whatever its impact. */
  public static List<Violation> run(Browser browser) {
    JavascriptExecutor js = browser.driver();
    if (!Boolean.TRUE.equals(js.executeScript("return typeof window.axe === 'object';"))) {
      js.executeScript(source());
    }
    Object raw = js.executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        axe.run(document, {resultTypes: ['violations'], rules: {'target-size': {enabled: true}}})
          .then(r => done(r.violations.map(v => ({
          id: v.id, impact: v.impact || 'unknown', help: v.help, helpUrl: v.helpUrl,
          nodes: v.nodes.map(n => ({target: n.target.map(t => typeof t === 'string' ? t : JSON.stringify(t))
              .join(' '), html: n.html, summary: n.failureSummary || ''}))
        })))).catch(e => done('axe failed: ' + e));
        """);
    if (raw instanceof String failure) {
      throw new AssertionError(failure);
    }
    List<Violation> violations = new ArrayList<>();
    for (Object o : (List<?>) Objects.requireNonNull(raw)) {
      Map<?, ?> v = (Map<?, ?>) o;
      List<Node> nodes = new ArrayList<>();
      for (Object n : (List<?>) v.get("nodes")) {
        Map<?, ?> node = (Map<?, ?>) n;
        nodes.add(new Node(String.valueOf(node.get("target")), String.valueOf(node.get("html")),
            String.valueOf(node.get("summary"))));
      }
      violations.add(new Violation(String.valueOf(v.get("id")), String.valueOf(v.get("impact")),
          String.valueOf(v.get("help")), String.valueOf(v.get("helpUrl")), nodes));
    }
    return violations;
  }

  /** A readable report: one paragraph per rule, one line per element. */
  public static String report(List<Violation> violations) {
    StringBuilder out = new StringBuilder();
    for (Violation v : violations) {
      out.append("\n  - ").append(v.id()).append(" (").append(v.impact()).append("): ").append(v.help())
          .append("\n    ").append(v.helpUrl());
      for (Node n : v.nodes()) {
        out.append("\n      at ").append(n.target()).append("  ").append(abbreviate(n.html()));
        for (String line : n.summary().split("\n")) {
          if (!line.isBlank()) {
            out.append("\n         ").append(line.strip());
          }
        }
      }
    }
    return out.toString();
  }

  private static String abbreviate(String html) {
    String one = html.replaceAll("\\s+", " ");
    return one.length() > 160 ? one.substring(0, 157) + "..." : one;
  }

  /** axe.min.js, fetched and cached as the class comment says. */
  public static synchronized String source() {
    if (source != null) {
      return source;
    }
    if (unavailable) {
      Browser.missing("axe-core " + VERSION + " is not cached and could not be fetched with npm (see above)");
    }
    String file = System.getProperty("latchkey.axe.file");
    try {
      if (file != null && !file.isBlank()) {
        source = Files.readString(Path.of(file));
        return source;
      }
      Path dir = Path.of("target", "axe-core").toAbsolutePath();
      Path script = dir.resolve(VERSION).resolve("axe.min.js");
      if (!Files.isRegularFile(script)) {
        fetch(dir, script);
      }
      if (source == null && Files.isRegularFile(script)) {
        source = Files.readString(script);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (source == null) {
      unavailable = true;
      Browser.missing("axe-core " + VERSION + " is not cached and could not be fetched with npm");
    }
    return Objects.requireNonNull(source);
  }

  /** {@code npm pack axe-core@VERSION --prefer-offline} into {@code dir}, then extracts axe.min.js. */
  private static void fetch(Path dir, Path script) throws IOException {
    Files.createDirectories(dir);
    // One quick retry: offline without a cached copy, npm's default retries wait over a minute before failing.
    List<String> command = List.of("npm", "pack", "axe-core@" + VERSION, "--prefer-offline", "--loglevel=error",
        "--no-audit", "--no-fund", "--fetch-retries=1", "--fetch-retry-mintimeout=2000",
        "--fetch-retry-maxtimeout=5000", "--pack-destination", dir.toString());
    Process npm;
    try {
      npm = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      LOG.warn("axe: npm is not available (" + e.getMessage() + ")");
      return;
    }
    String output;
    try (InputStream in = npm.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    }
    try {
      if (!npm.waitFor(180, TimeUnit.SECONDS) || npm.exitValue() != 0) {
        npm.destroyForcibly();
        LOG.warn("axe: " + String.join(" ", command) + " failed:\n" + output);
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      npm.destroyForcibly();
      return;
    }
    Path tarball = dir.resolve("axe-core-" + VERSION + ".tgz");
    if (!Files.isRegularFile(tarball)) {
      LOG.warn("axe: npm pack did not write " + tarball + ":\n" + output);
      return;
    }
    byte[] axe = entry(tarball, "package/axe.min.js");
    if (axe == null) {
      LOG.warn("axe: " + tarball + " has no package/axe.min.js");
      return;
    }
    Files.createDirectories(script.getParent());
    Path partial = Files.createTempFile(script.getParent(), "axe", ".tmp");
    Files.write(partial, axe);
    Files.move(partial, script, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    LOG.info("axe: axe-core " + VERSION + " from npm (" + tarball.getFileName() + ") -> " + script);
  }

  /** One file's bytes from a .tgz (POSIX ustar, as npm writes them), or null. */
  static byte @Nullable [] entry(Path tgz, String name) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(tgz))) {
      byte[] header = new byte[512];
      while (in.readNBytes(header, 0, 512) == 512) {
        if (header[0] == 0) {
          return null;
        }
        String entryName = field(header, 0, 100);
        String prefix = field(header, 345, 155);
        if (!prefix.isEmpty()) {
          entryName = prefix + "/" + entryName;
        }
        long size = Long.parseLong(field(header, 124, 12).strip().isEmpty() ? "0" : field(header, 124, 12).strip(),
            8);
        long padded = (size + 511) / 512 * 512;
        if (entryName.equals(name)) {
          ByteArrayOutputStream out = new ByteArrayOutputStream((int) size);
          out.write(in.readNBytes((int) size));
          in.skipNBytes(padded - size);
          return out.toByteArray();
        }
        in.skipNBytes(padded);
      }
      return null;
    }
  }

  private static String field(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.US_ASCII).strip();
  }
}
