package dev.latchkey.demo.web;

import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.AuthTokens;
import dev.latchkey.auth.core.ClientInfo;
import dev.latchkey.auth.http.javalin.AuthPlugin;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The toolbox of every page handler: who is signed in, the common page model, rendering, CSRF tokens, flash
 * messages, redirects and the browser session's cookies.
 *
 * <p>Cookies: over HTTPS (directly or per a trusted proxy) {@code __Host-latchkey} and {@code __Host-latchkey-id},
 * {@code Secure}; on plain HTTP (local development) the same without the prefix, which browsers only accept with
 * {@code Secure}. Both {@code HttpOnly}, {@code SameSite=Lax}, {@code Path=/}, no {@code Domain}. The first names a
 * browser session (see {@link BrowserSessions}); the second is a random id given to browsers that are not signed in,
 * so that their forms (login, register) carry a CSRF token too. Neither holds a token.
 *
 * <p>CSRF: a browser's secret is an HMAC, under a key made at each start, of its live session cookie (else its browser
 * id). Pages never render it as is: each rendering carries {@code mask || (mask XOR secret)} with a fresh random mask,
 * URL-safe base64 without padding. The pages are served compressed (a proxy gzips HTML) next to text an attacker
 * chooses (the login page echoes the username, the user list its search); a token the same in every answer
 * would leak through the compressed length (BREACH). A POST's token is unmasked and compared in constant time.
 */
public final class Web {
  /** The form field every POST carries. */
  public static final String CSRF_FIELD = "_csrf";
  private static final String SESSION = "latchkey";
  private static final String BROWSER = "latchkey-id";
  private static final String VIEWER = "web.viewer";
  private static final String NEW_SESSION = "web.newSession";
  private static final String NEW_BROWSER = "web.newBrowser";
  /** Set once a page was rendered: the error pages then leave the answer alone. */
  static final String RENDERED = "web.rendered";
  private static final Duration FLASH_TTL = Duration.ofMinutes(2);
  private static final int MAX_FLASHES = 10_000;
  /** The length of the CSRF secret, an HMAC-SHA256, and of the mask that hides it. */
  private static final int CSRF_BYTES = 32;
  /** The length of a rendered CSRF token: mask and masked secret, URL-safe base64 without padding. */
  private static final int CSRF_CHARS = (2 * CSRF_BYTES * 4 + 2) / 3;

  private final Auth auth;
  private final WebSettings settings;
  private final BrowserSessions sessions;
  private final TemplateEngine templates;
  private final Clock clock;
  private final SecretKeySpec csrfKey;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Pending> flashes = new ConcurrentHashMap<>();

  Web(Auth auth, WebSettings settings, TemplateEngine templates, Clock clock) {
    this.auth = auth;
    this.settings = settings;
    this.templates = templates;
    this.clock = clock;
    this.sessions = new BrowserSessions(auth, clock);
    byte[] key = new byte[32];
    random.nextBytes(key);
    this.csrfKey = new SecretKeySpec(key, "HmacSHA256");
  }

  /** The facade the pages call. */
  public Auth auth() {
    return auth;
  }

  /** The server's settings as the pages see them. */
  public WebSettings settings() {
    return settings;
  }

  /** The clock of the server. */
  public Clock clock() {
    return clock;
  }

  /** The client's address (trusted proxies honoured) and user agent. */
  public ClientInfo client(Context ctx) {
    return ctx.with(AuthPlugin.class).client();
  }

  /** The signed-in person, or null; a browser session found ended is forgotten and its cookie cleared. */
  public @Nullable Viewer viewer(Context ctx) {
    if (ctx.attribute(VIEWER) instanceof Viewer cached) {
      return cached;
    }
    String cookie = ctx.cookie(cookieName(ctx, SESSION));
    if (cookie == null) {
      return null;
    }
    BrowserSessions.Signed signed = sessions.find(cookie, client(ctx));
    if (signed == null) {
      clearCookie(ctx, SESSION);
      return null;
    }
    Viewer viewer = new Viewer(signed.principal(), signed.accessToken(), signed.sessionId(), signed.started(),
        signed.refreshed());
    ctx.attribute(VIEWER, viewer);
    return viewer;
  }

  /** The signed-in person; otherwise a redirect to the login page, which comes back here afterwards. */
  public Viewer requireUser(Context ctx) {
    Viewer viewer = viewer(ctx);
    if (viewer == null) {
      String back = ctx.method().name().equals("GET") ? ctx.path() : "/dashboard";
      throw new WebRedirect("/login?next=" + URLEncoder.encode(back, StandardCharsets.UTF_8));
    }
    return viewer;
  }

  /** The signed-in administrator; a 403 page for anyone else signed in. */
  public Viewer requireAdmin(Context ctx) {
    Viewer viewer = requireUser(ctx);
    // The token's roles are as of its issue (up to the access-token lifetime ago): an administrator demoted since
    // then must lose the admin pages now, so the stored account is asked as well.
    if (!viewer.admin() || !auth.user(viewer.userId()).map(u -> u.admin() && u.active()).orElse(false)) {
      throw new WebError(403, "Administrators only", "This page is for administrators. Your account does not have"
          + " the admin role.");
    }
    return viewer;
  }

  /** The model every template gets; takes the flash message, which is shown once. */
  public Page page(Context ctx, String title) {
    Viewer viewer = viewer(ctx);
    String basis = csrfBasis(ctx);
    Pending pending = flashes.remove(BrowserSessions.hash(basis));
    Flash flash = pending != null && pending.expires.isAfter(clock.instant()) ? pending.flash : null;
    return new Page(title, maskedCsrf(basis), viewer, flash, ctx.path(), settings.devMailbox() != null,
        settings.selfRegistration(), settings.passwordPolicy());
  }

  /** Renders a template that takes only the page model. */
  public void render(Context ctx, String template, Page page) {
    render(ctx, template, Map.of("page", page));
  }

  /** Renders a template that takes the page model and a page-specific model {@code m}. */
  public void render(Context ctx, String template, Page page, Object model) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("page", page);
    params.put("m", model);
    render(ctx, template, params);
  }

  private void render(Context ctx, String template, Map<String, Object> params) {
    StringOutput out = new StringOutput(8 * 1024);
    templates.render(template, params, out);
    ctx.attribute(RENDERED, Boolean.TRUE);
    ctx.html(out.toString());
  }

  /** POST-redirect-GET: a 303 to {@code path} (same origin only) and, when given, a message for the next page. */
  public void redirect(Context ctx, String path, @Nullable Flash flash) {
    String target = safeLocal(path, "/");
    if (flash != null) {
      if (flashes.size() >= MAX_FLASHES) {
        Instant now = clock.instant();
        flashes.values().removeIf(p -> p.expires.isBefore(now));
        if (flashes.size() >= MAX_FLASHES) {
          flashes.clear();
        }
      }
      flashes.put(BrowserSessions.hash(csrfBasis(ctx)), new Pending(flash, clock.instant().plus(FLASH_TTL)));
    }
    ctx.status(303).header("Location", target);
  }

  /**
   * Starts a browser session for a completed sign-in (password, OAuth, password change): a fresh cookie value, so
   * that a value planted before the login (session fixation) names nothing.
   */
  public void signIn(Context ctx, AuthTokens tokens) {
    String cookie = sessions.open(tokens);
    setCookie(ctx, SESSION, cookie);
    ctx.attribute(NEW_SESSION, cookie);
    ctx.attribute(VIEWER, null);
  }

  /** Ends the Latchkey session of this browser (when live) and forgets the browser session. */
  public void signOut(Context ctx) {
    String cookie = ctx.cookie(cookieName(ctx, SESSION));
    BrowserSessions.Signed signed = sessions.close(cookie, client(ctx));
    if (signed != null) {
      auth.logout(signed.principal(), client(ctx));
    }
    clearCookie(ctx, SESSION);
    ctx.attribute(VIEWER, null);
    ctx.attribute(NEW_SESSION, null);
  }

  /**
   * Whether a form POST may proceed: the browser did not mark it cross-site ({@code Sec-Fetch-Site}), and its
   * {@value #CSRF_FIELD} field is a rendering of this browser's token (any mask). Anything else, malformed included,
   * is a plain no.
   */
  boolean formAllowed(Context ctx) {
    String site = ctx.header("Sec-Fetch-Site");
    if (site != null && !site.equals("same-origin") && !site.equals("none")) {
      return false;
    }
    byte[] sent = unmask(ctx.formParam(CSRF_FIELD));
    return sent != null && MessageDigest.isEqual(sent, csrfSecret(csrfBasis(ctx)));
  }

  /** This browser's CSRF secret under a fresh mask: what one rendering of a page carries. */
  private String maskedCsrf(String basis) {
    byte[] secret = csrfSecret(basis);
    byte[] token = new byte[2 * CSRF_BYTES];
    byte[] mask = new byte[CSRF_BYTES];
    random.nextBytes(mask);
    for (int i = 0; i < CSRF_BYTES; i++) {
      token[i] = mask[i];
      token[CSRF_BYTES + i] = (byte) (mask[i] ^ secret[i]);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
  }

  /**
   * The secret a rendered token carries, or null when {@code token} is not one (missing, another length, not
   * URL-safe base64): the length is checked before decoding, so a huge field costs nothing.
   */
  private static byte @Nullable [] unmask(@Nullable String token) {
    if (token == null || token.length() != CSRF_CHARS) {
      return null;
    }
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (raw.length != 2 * CSRF_BYTES) {
      return null;
    }
    byte[] secret = new byte[CSRF_BYTES];
    for (int i = 0; i < CSRF_BYTES; i++) {
      secret[i] = (byte) (raw[i] ^ raw[CSRF_BYTES + i]);
    }
    return secret;
  }

  /** The value a browser's CSRF token derives from: its live session cookie, else its browser id (made if new). */
  private String csrfBasis(Context ctx) {
    if (ctx.attribute(NEW_SESSION) instanceof String fresh) {
      return fresh;
    }
    if (viewer(ctx) != null) {
      return ctx.cookie(cookieName(ctx, SESSION));
    }
    if (ctx.attribute(NEW_BROWSER) instanceof String made) {
      return made;
    }
    String id = ctx.cookie(cookieName(ctx, BROWSER));
    if (id == null || id.length() < 20 || id.length() > 100) {
      id = sessions.randomValue();
      setCookie(ctx, BROWSER, id);
      ctx.attribute(NEW_BROWSER, id);
    }
    return id;
  }

  /** The HMAC of the basis under this process's key: never rendered as is, see {@link #maskedCsrf}. */
  private byte[] csrfSecret(String basis) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(csrfKey);
      return mac.doFinal(("csrf|" + basis).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  private String cookieName(Context ctx, String base) {
    return ctx.with(AuthPlugin.class).https() ? "__Host-" + base : base;
  }

  private void setCookie(Context ctx, String base, String value) {
    boolean https = ctx.with(AuthPlugin.class).https();
    ctx.res().addHeader("Set-Cookie", cookieName(ctx, base) + "=" + value + "; Path=/; HttpOnly; SameSite=Lax"
        + (https ? "; Secure" : ""));
  }

  private void clearCookie(Context ctx, String base) {
    boolean https = ctx.with(AuthPlugin.class).https();
    ctx.res().addHeader("Set-Cookie", cookieName(ctx, base) + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"
        + (https ? "; Secure" : ""));
  }

  /** How many browser sessions are held. */
  int browserSessions() {
    return sessions.size();
  }

  /**
   * {@code path} when it is a path on this site ({@code /x}, not {@code //host} or {@code /\host}, which browsers
   * read as another origin), else {@code fallback}: the guard of every {@code next} parameter.
   */
  public static String safeLocal(@Nullable String path, String fallback) {
    if (path == null || path.isEmpty() || path.length() > 512 || path.charAt(0) != '/') {
      return fallback;
    }
    if (path.length() > 1 && (path.charAt(1) == '/' || path.charAt(1) == '\\')) {
      return fallback;
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c < 0x21 || c == 0x7f || c == '\\') {
        return fallback;
      }
    }
    return path;
  }

  private record Pending(Flash flash, Instant expires) {}
}
