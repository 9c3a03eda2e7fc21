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
  /** A verification link was sent. */
  EMAIL_VERIFICATION_SENT,
  /** An email address was verified. */
  EMAIL_VERIFIED,
  /** A password reset was requested for an existing account (unknown addresses leave no event). */
  PASSWORD_RESET_REQUESTED,
  /** A password was reset with a reset link. */
  PASSWORD_RESET_COMPLETED,
  /** A user changed their password. */
  PASSWORD_CHANGED,
  /** A user changed their email address. */
  EMAIL_CHANGED,
  /** A user changed their name or phone. */
  PROFILE_UPDATED,
  /** A user deleted their own account. */
  ACCOUNT_DELETED,
  /** A session was revoked (by its user or an administrator). */
  SESSION_REVOKED,
  /** An administrator created a user. */
  USER_CREATED,
  /** An administrator changed a user. */
  USER_UPDATED,
  /** A user was disabled. */
  USER_DISABLED,
  /** An administrator deleted a user. */
  USER_DELETED,
  /** The first administrator was created from the bootstrap configuration. */
  ADMIN_BOOTSTRAPPED,
  /** A role was created or changed. */
  ROLE_SAVED,
  /** A role was deleted. */
  ROLE_DELETED,
  /** A user was given a role. */
  ROLE_ASSIGNED,
  /** A role was taken from a user. */
  ROLE_UNASSIGNED,
  /** A service was registered, changed or deleted. */
  SERVICE_CHANGED,
  /** An API key was created. */
  API_KEY_CREATED,
  /** An API key was deleted. */
  API_KEY_REVOKED,
  /** An API key was exchanged for an access token. */
  CLIENT_TOKEN_ISSUED,
  /** A signing key was generated and published. */
  SIGNING_KEY_CREATED,
  /** A signing key stopped signing and will leave the published set. */
  SIGNING_KEY_RETIRED,
  /** An external identity was linked to a user. */
  OAUTH_LINKED,
  /** An external identity was unlinked from a user. */
  OAUTH_UNLINKED,
  /** An identity provider was created, changed or deleted. */
  OAUTH_PROVIDER_CHANGED
}
