package dev.latchkey.auth.core;

/** The outcome of {@link Auth#refresh}. */
public sealed interface RefreshResult {

  /** Rotated: a new access token and a new refresh token; the presented one is spent. */
  record Success(AuthTokens tokens) implements RefreshResult {}

  /** Unknown, expired, malformed or superseded token, or a disabled user: nothing changed. */
  record InvalidToken() implements RefreshResult {}

  /** A spent token was presented again: the whole session, newest token included, is now revoked. */
  record TokenReused() implements RefreshResult {}
}
