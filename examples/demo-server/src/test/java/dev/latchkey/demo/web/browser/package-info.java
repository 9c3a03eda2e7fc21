/**
 * Browser tests of the web UI: a real headless Chromium (Debian's {@code /usr/bin/chromium} through
 * {@code /usr/bin/chromedriver}, never downloaded), axe-core for accessibility, and screenshots.
 *
 * <ul>
 *   <li>{@link dev.latchkey.demo.web.browser.Browser}: one browser per test class, a fresh profile, helpers to open
 *       pages, fill fields by label, submit, sign in and out, read the flash and {@code document.cookie}; skips the
 *       class loudly when Chromium is missing, fails it under {@code LATCHKEY_BROWSER_TESTS=required} (CI).</li>
 *   <li>{@link dev.latchkey.demo.web.browser.Variant}: desktop 1280×900 or phone 390×844, light or dark.</li>
 *   <li>{@link dev.latchkey.demo.web.browser.Axe}: runs axe-core (from npm, cached) and fails on serious or
 *       critical violations.</li>
 *   <li>{@link dev.latchkey.demo.web.browser.Screenshots}: PNGs in
 *       {@code target/screenshots/<page>-<desktop|phone>-<light|dark>.png}.</li>
 *   <li>{@code PageCatalogueTest}: one line per page and role; every page loads, passes axe and is photographed in
 *       the four variants. Add your pages there.</li>
 * </ul>
 *
 * <p>A browser test class:
 * <pre>{@code
 * class AccountBrowserTest {
 *   @TempDir static Path data;
 *   @RegisterExtension static final Browser browser = new Browser();
 *   static TestServer server;
 *
 *   @BeforeAll static void start() { server = TestServer.start(data); browser.base(server.url()); }
 *   @AfterAll static void stop() { server.close(); }
 *
 *   @Test void changesName() {
 *     browser.signIn(TestServer.ADMIN, TestServer.ADMIN_PASSWORD).open("/account")
 *         .fill("Display name", "Ada").submit();
 *     assertThat(browser.flash()).contains("saved");
 *     Axe.check(browser, "account after saving");
 *   }
 * }
 * }</pre>
 */
package dev.latchkey.demo.web.browser;
