package dev.latchkey.auth.core.event;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to a listener, containing its failures so that auditing can never break a login. Used by the core
 * flows; thread-safe.
 */
public final class EventSink {
  private static final Logger LOG = LoggerFactory.getLogger(EventSink.class);
  private final AuthEventListener listener;

  /** Wraps a listener. */
  public EventSink(AuthEventListener listener) {
    this.listener = listener;
  }

  /** Delivers one event. */
  public void emit(AuthEvent event) {
    try {
      listener.onEvent(event);
    } catch (RuntimeException e) {
      LOG.warn("Audit listener failed on {} ({})", event.type(), e.getClass().getName());
    }
  }
}
