package dev.latchkey.auth.core.event;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to the event log and a listener, containing their failures so that auditing can never break a
 * login. Used by the core flows; thread-safe.
 */
public final class EventSink {
  private static final Logger LOG = LoggerFactory.getLogger(EventSink.class);
  private final AuthEventListener listener;
  private final @Nullable EventLog log;

  /** Delivers to a listener only. */
  public EventSink(AuthEventListener listener) {
    this(listener, null);
  }

  /** Delivers to a log (if any) and a listener. */
  public EventSink(AuthEventListener listener, @Nullable EventLog log) {
    this.listener = listener;
    this.log = log;
  }

  /** Delivers one event. */
  public void emit(AuthEvent event) {
    if (log != null) {
      try {
        log.append(event);
      } catch (RuntimeException e) {
        LOG.warn("Event log failed on {} ({})", event.type(), e.getClass().getName());
      }
    }
    try {
      listener.onEvent(event);
    } catch (RuntimeException e) {
      LOG.warn("Audit listener failed on {} ({})", event.type(), e.getClass().getName());
    }
  }
}
