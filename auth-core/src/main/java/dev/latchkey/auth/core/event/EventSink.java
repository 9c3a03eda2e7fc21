package dev.latchkey.auth.core.event;

import dev.latchkey.auth.core.metrics.AuthProbe;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to the event log, a listener and any {@link AuthProbe}s, containing their failures so that auditing
 * and metrics can never break a login. Used by the core flows; thread-safe.
 */
public final class EventSink {
  private static final Logger LOG = LoggerFactory.getLogger(EventSink.class);
  private final AuthEventListener listener;
  private final @Nullable EventLog log;
  private final List<AuthProbe> probes = new CopyOnWriteArrayList<>();
  private final AuthProbe fanOut = new FanOut();

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
    if (!probes.isEmpty()) {
      fanOut.onEvent(event);
    }
  }

  /** Adds a probe: it receives every later event and measurement. */
  public void addProbe(AuthProbe probe) {
    probes.add(Objects.requireNonNull(probe, "probe"));
  }

  /** The measurements side: hands each one to every probe added, containing their failures. */
  public AuthProbe probes() {
    return fanOut;
  }

  private void each(Consumer<AuthProbe> call) {
    for (AuthProbe p : probes) {
      try {
        call.accept(p);
      } catch (RuntimeException e) {
        LOG.warn("Metrics probe failed ({})", e.getClass().getName());
      }
    }
  }

  /** Every probe in turn. */
  private final class FanOut implements AuthProbe {
    @Override
    public void onEvent(AuthEvent event) {
      each(p -> p.onEvent(event));
    }

    @Override
    public void hashSlotWaited(Duration waited, boolean acquired) {
      each(p -> p.hashSlotWaited(waited, acquired));
    }

    @Override
    public void accessTokenIssued() {
      each(AuthProbe::accessTokenIssued);
    }

    @Override
    public void refreshTokenIssued() {
      each(AuthProbe::refreshTokenIssued);
    }

    @Override
    public void storeFailed() {
      each(AuthProbe::storeFailed);
    }
  }
}
