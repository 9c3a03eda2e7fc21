package dev.latchkey.auth.core;

import dev.latchkey.auth.core.session.SessionId;
import dev.latchkey.auth.core.token.IssuedAccessToken;
import dev.latchkey.auth.core.token.RawToken;
import dev.latchkey.auth.core.user.User;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * What a login or refresh hands the client: an access token, a new refresh token, the session and the user.
 *
 * @param accessToken the signed JWT
 * @param refreshToken the opaque refresh token; it rotates on every refresh
 * @param sessionId the session both belong to
 * @param user the user, as stored
 * @param roles the roles in the access token
 */
public record AuthTokens(
    IssuedAccessToken accessToken, RawToken refreshToken, SessionId sessionId, User user, Set<String> roles) {

  /** Requires every part. */
  public AuthTokens {
    Objects.requireNonNull(accessToken, "accessToken");
    Objects.requireNonNull(refreshToken, "refreshToken");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(user, "user");
    roles = Set.copyOf(roles);
  }

  /** Seconds until the access token expires, as of {@code now} (the {@code expires_in} of a token response). */
  public long expiresIn(Instant now) {
    return Math.max(0, Duration.between(now, accessToken.expiresAt()).toSeconds());
  }
}
