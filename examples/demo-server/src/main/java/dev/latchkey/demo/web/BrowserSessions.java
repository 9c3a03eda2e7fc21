package dev.latchkey.demo.web;

import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.AuthTokens;
import dev.latchkey.auth.core.ClientInfo;
import dev.latchkey.auth.core.RefreshResult;
import dev.latchkey.auth.core.session.SessionId;
import dev.latchkey.auth.core.token.Principal;
import dev.latchkey.auth.core.token.RawToken;
import dev.latchkey.auth.core.token.TokenVerification;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The browser sessions of the web pages: a random cookie value names one, and the server keeps what it refers to (the
 * Latchkey session's access and refresh tokens), so no token ever reaches the browser. Each page view verifies the
 * access token with the revocation check, so a logout elsewhere, a revoked session or a disabled account signs the
 * browser out at its next request; an access token about to expire is refreshed here, under the session's lock.
 *
 * <p>Held in memory, keyed by the SHA-256 of the cookie value: a restart signs browsers out (the Latchkey sessions
 * stay valid and can be revoked from the account page). At most {@link #MAX_SESSIONS}: the oldest is dropped first.
 */
final class BrowserSessions {
  static final int MAX_SESSIONS = 20_000;
  private static final Duration REFRESH_BEFORE = Duration.ofSeconds(30);

  private final Auth auth;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, BrowserSession> sessions = new ConcurrentHashMap<>();

  BrowserSessions(Auth auth, Clock clock) {
    this.auth = auth;
    this.clock = clock;
  }

  /** A new browser session for these tokens; answers the cookie value (shown to the browser once, never stored). */
  String open(AuthTokens tokens) {
    if (sessions.size() >= MAX_SESSIONS) {
      sessions.values().stream().min(java.util.Comparator.comparing(s -> s.created))
          .ifPresent(oldest -> sessions.remove(oldest.key));
    }
    String cookie = randomValue();
    BrowserSession session = new BrowserSession(hash(cookie), tokens, clock.instant());
    sessions.put(session.key, session);
    return cookie;
  }

  /**
   * The signed-in state behind this cookie value, or null when there is none any more (unknown cookie, the Latchkey
   * session ended, the account disabled). A session found dead is forgotten.
   */
  @Nullable Signed find(@Nullable String cookie, ClientInfo client) {
    if (cookie == null || cookie.isEmpty() || cookie.length() > 100) {
      return null;
    }
    BrowserSession session = sessions.get(hash(cookie));
    if (session == null) {
      return null;
    }
    Signed signed = session.current(auth, clock, client);
    if (signed == null) {
      sessions.remove(session.key);
    }
    return signed;
  }

  /** Forgets the browser session behind this cookie value; answers its tokens' principal for the logout, if live. */
  @Nullable Signed close(@Nullable String cookie, ClientInfo client) {
    Signed signed = find(cookie, client);
    if (cookie != null) {
      sessions.remove(hash(cookie));
    }
    return signed;
  }

  /** How many browser sessions are held (for tests and metrics). */
  int size() {
    return sessions.size();
  }

  String randomValue() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String hash(String value) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A live browser session: the verified principal, the access token the pages may use as a client would (the Hello
   * page calls the API with it), and the key that names it.
   */
  record Signed(Principal principal, String accessToken, SessionId sessionId, String key, Instant started,
      Instant refreshed) {}

  private static final class BrowserSession {
    final String key;
    final Instant created;
    private String accessToken;
    private Instant accessExpiresAt;
    private RawToken refreshToken;
    private final SessionId sessionId;
    /** When the refresh token was last used (the Latchkey session's last use: only this browser holds it). */
    private Instant refreshed;

    BrowserSession(String key, AuthTokens tokens, Instant now) {
      this.key = key;
      this.created = now;
      this.sessionId = tokens.sessionId();
      take(tokens, now);
    }

    private void take(AuthTokens tokens, Instant now) {
      accessToken = tokens.accessToken().token();
      accessExpiresAt = tokens.accessToken().expiresAt();
      refreshToken = tokens.refreshToken();
      refreshed = now;
    }

    synchronized @Nullable Signed current(Auth auth, Clock clock, ClientInfo client) {
      if (!clock.instant().plus(REFRESH_BEFORE).isBefore(accessExpiresAt)) {
        if (!(auth.refresh(refreshToken.reveal(), client) instanceof RefreshResult.Success success)) {
          return null;
        }
        take(success.tokens(), clock.instant());
      }
      if (auth.verify(accessToken) instanceof TokenVerification.Valid valid) {
        return new Signed(valid.principal(), accessToken, sessionId, key, created, refreshed);
      }
      return null;
    }
  }
}
