package dev.latchkey.auth.core.event;

import dev.latchkey.auth.core.user.UserId;
import org.jspecify.annotations.Nullable;

/**
 * A filter on the event log.
 *
 * @param userId only this user's events, if given
 * @param type only events of this type, if given
 * @param limit at most this many, 1–1000
 */
public record EventQuery(@Nullable UserId userId, @Nullable AuthEventType type, int limit) {
  /** Validates the limit. */
  public EventQuery {
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit must be between 1 and 1000");
    }
  }

  /** Whether {@code event} passes the filter. */
  public boolean matches(AuthEvent event) {
    return (userId == null || userId.equals(event.userId())) && (type == null || type == event.type());
  }
}
