package dev.latchkey.demo.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.demo.TestServer;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CSRF token against BREACH: behind a proxy that compresses HTML, a token that is the same in every answer, next
 * to text the attacker chooses (the login page echoes the username, the admin user list its search), leaks through
 * the compressed length. Each rendering therefore carries {@code mask || (mask XOR secret)} with a fresh mask, and
 * whatever a POST sends that is not such a token of this browser is refused with the usual page, never a 500.
 */
class CsrfTokenTest {
  private static final String REFUSED = "This form could not be accepted";
  /** 32 random bytes of mask and 32 of masked HMAC, URL-safe base64 without padding. */
  private static final int TOKEN_CHARS = 86;

  @TempDir static Path data;
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(data);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String token(WebClient.Page page) {
    return page.one("input[name=_csrf]").attr("value");
  }

  /** A login POST with a wrong password: 422 when the CSRF check lets it through, 403 when it does not. */
  private static WebClient.Page login(WebClient browser, String csrf) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("_csrf", csrf);
    form.put("identifier", TestServer.ADMIN);
    form.put("password", "not-the-password-at-all");
    return browser.post("/login", form, Map.of("Sec-Fetch-Site", "same-origin"));
  }

  private static byte[] unmasked(String token) {
    byte[] raw = Base64.getUrlDecoder().decode(token);
    assertThat(raw).hasSize(64);
    byte[] secret = new byte[32];
    for (int i = 0; i < 32; i++) {
      secret[i] = (byte) (raw[i] ^ raw[32 + i]);
    }
    return secret;
  }

  @Test
  @DisplayName("two renderings for the same browser carry different tokens, masks of one secret, and both are accepted")
  void maskedPerRendering() {
    WebClient browser = new WebClient(server.port());
    String first = token(browser.get("/login"));
    String second = token(browser.get("/login"));
    assertThat(first).isNotEqualTo(second);
    assertThat(first).hasSize(TOKEN_CHARS).matches("[A-Za-z0-9_-]+");
    assertThat(second).hasSize(TOKEN_CHARS).matches("[A-Za-z0-9_-]+");
    assertThat(unmasked(first)).isEqualTo(unmasked(second));
    // The older one still works after the newer was rendered, and each works more than once (tabs, back button).
    for (String token : new String[] {first, second, first}) {
      WebClient.Page answer = login(browser, token);
      assertThat(answer.status()).isEqualTo(422);
      assertThat(answer.one("#error-summary").text()).contains("do not match");
    }
  }

  @Test
  @DisplayName("signed in: each page view masks the session's token anew, and an older rendering still signs out")
  void maskedWhenSignedIn() {
    WebClient browser = new WebClient(server.port());
    WebClient.Page done = browser.submit(browser.get("/login"), "form[action=/login]", Map.of("identifier",
        TestServer.ADMIN, "password", TestServer.ADMIN_PASSWORD));
    assertThat(done.status()).isEqualTo(303);
    WebClient.Page older = browser.get("/");
    WebClient.Page newer = browser.get("/");
    assertThat(token(older)).isNotEqualTo(token(newer));
    assertThat(unmasked(token(older))).isEqualTo(unmasked(token(newer)));
    WebClient.Page out = browser.submit(older, "form[action=/logout]", Map.of());
    assertThat(out.status()).isEqualTo(303);
    assertThat(out.location()).isEqualTo("/signed-out");
  }

  @Test
  @DisplayName("attack: another browser's, truncated, non-base64, padded, tampered, empty and 10 KB tokens are refused")
  void malformedRefused() {
    WebClient attacker = new WebClient(server.port());
    String theirs = token(attacker.get("/login"));
    WebClient victim = new WebClient(server.port());
    String own = token(victim.get("/login"));
    char flipped = own.charAt(70) == 'A' ? 'B' : 'A';
    Map<String, String> forged = new LinkedHashMap<>();
    forged.put("another browser's", theirs);
    forged.put("truncated by one", own.substring(0, TOKEN_CHARS - 1));
    forged.put("truncated to the mask", own.substring(0, 43));
    forged.put("one character too many", own + "A");
    forged.put("padded", own + "==");
    forged.put("not base64", "*".repeat(TOKEN_CHARS));
    forged.put("standard base64 alphabet", own.substring(0, TOKEN_CHARS - 2) + "+/");
    forged.put("non-ASCII", own.substring(0, TOKEN_CHARS - 1) + "é");
    forged.put("masked secret tampered", own.substring(0, 70) + flipped + own.substring(71));
    forged.put("mask half swapped for another's", theirs.substring(0, 43) + own.substring(43));
    forged.put("empty", "");
    forged.put("10 KB", "A".repeat(10 * 1024));
    forged.put("10 KB starting with the real token", own + "A".repeat(10 * 1024));
    forged.forEach((what, csrf) -> {
      WebClient.Page answer = login(victim, csrf);
      assertThat(answer.status()).as(what).isEqualTo(403);
      assertThat(answer.heading()).as(what).isEqualTo(REFUSED);
    });
    WebClient.Page none = victim.post("/login", Map.of("identifier", TestServer.ADMIN, "password",
        TestServer.ADMIN_PASSWORD), Map.of("Sec-Fetch-Site", "same-origin"));
    assertThat(none.status()).isEqualTo(403);
    // The real token still works after all that: nothing above spoiled it.
    assertThat(login(victim, own).status()).isEqualTo(422);
  }

  @Test
  @DisplayName("attack: the bare secret (what pages used to render) is refused; masking adds no secret of its own")
  void bareSecretRefused() {
    WebClient browser = new WebClient(server.port());
    String own = token(browser.get("/login"));
    byte[] secret = unmasked(own);
    String bare = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    WebClient.Page answer = login(browser, bare);
    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.heading()).isEqualTo(REFUSED);
    // Only the rendered form is accepted. Refusing the bare secret is about the format, not a defence: whoever knows
    // it can mask it themselves (here with a mask of zeros), exactly as whoever knows a token could replay it. The
    // mask hides the secret from compression; the secret itself stays the HMAC of this browser's cookie.
    byte[] zeroMask = new byte[64];
    System.arraycopy(secret, 0, zeroMask, 32, 32);
    assertThat(login(browser, Base64.getUrlEncoder().withoutPadding().encodeToString(zeroMask)).status())
        .isEqualTo(422);
  }
}
