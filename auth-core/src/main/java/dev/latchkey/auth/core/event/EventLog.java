package dev.latchkey.auth.core.event;

import java.util.List;

/** Keeps audit events for administrators to read. Thread-safe. */
public interface EventLog {

  /** Records one event. */
  void append(AuthEvent event);

  /** Matching events, newest first. */
  List<AuthEvent> query(EventQuery query);
}
