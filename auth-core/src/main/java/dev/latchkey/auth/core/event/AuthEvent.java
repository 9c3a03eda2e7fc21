package dev.latchkey.auth.core.event;

import dev.latchkey.auth.core.session.SessionId;
import dev.latchkey.auth.core.user.UserId;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One audit event. Never carries a password, token or other secret.
 *
 * @param type what happened
 * @param at when
 * @param userId whose account, if any
 * @param sessionId which session, if any
 * @param ip the client address, if known
 * @param details further non-secret facts (a key id, a reason)
 */
public record AuthEvent(
    AuthEventType type,
    Instant at,
    @Nullable UserId userId,
    @Nullable SessionId sessionId,
    @Nullable String ip,
    Map<String, String> details) {

  /** Validates and copies. */
  public AuthEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(at, "at");
    details = Map.copyOf(details);
  }

  /** An event with no subject yet. */
  public static AuthEvent of(AuthEventType type, Instant at) {
    return new AuthEvent(type, at, null, null, null, Map.of());
  }

  /** A copy naming the user. */
  public AuthEvent user(@Nullable UserId user) {
    return new AuthEvent(type, at, user, sessionId, ip, details);
  }

  /** A copy naming the session. */
  public AuthEvent session(@Nullable SessionId session) {
    return new AuthEvent(type, at, userId, session, ip, details);
  }

  /** A copy naming the client address. */
  public AuthEvent ip(@Nullable String address) {
    return new AuthEvent(type, at, userId, sessionId, address, details);
  }

  /** A copy with one more detail. */
  public AuthEvent with(String key, String value) {
    Map<String, String> copy = new HashMap<>(details);
    copy.put(key, value);
    return new AuthEvent(type, at, userId, sessionId, ip, copy);
  }
}
