package dev.latchkey.auth.core.event;

/** The security-relevant things Latchkey reports. */
public enum AuthEventType {
  /** A user account was created. */
  USER_REGISTERED,
  /** A login succeeded and a session started. */
  LOGIN_SUCCEEDED,
  /** A login was refused: wrong password, unknown user, disabled or locked account. */
  LOGIN_FAILED,
  /** A login was refused by the per-IP limit. */
  LOGIN_THROTTLED,
  /** A stored password hash was replaced by a current Argon2id hash at login. */
  PASSWORD_REHASHED,
  /** A refresh token rotated. */
  TOKEN_REFRESHED,
  /** A spent refresh token was presented again: its session was revoked. */
  REFRESH_TOKEN_REUSED,
  /** A session was ended by its user. */
  LOGOUT,
  /** Every session of a user was ended. */
  LOGOUT_EVERYWHERE,
  /** A signing key was generated and published. */
  SIGNING_KEY_CREATED,
  /** A signing key stopped signing and will leave the published set. */
  SIGNING_KEY_RETIRED
}
