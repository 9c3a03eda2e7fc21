package dev.latchkey.auth.core.event;

import java.time.Instant;
import java.util.List;

/** Keeps audit events for administrators to read. Thread-safe. */
public interface EventLog {

  /** Records one event. */
  void append(AuthEvent event);

  /** Matching events, newest first. */
  List<AuthEvent> query(EventQuery query);

  /** How many events of this type happened at or after {@code since}. */
  long count(AuthEventType type, Instant since);
}
