package dev.latchkey.auth.core.memory;

import dev.latchkey.auth.core.event.AuthEvent;
import dev.latchkey.auth.core.event.AuthEventType;
import dev.latchkey.auth.core.event.EventLog;
import dev.latchkey.auth.core.event.EventQuery;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/** {@link EventLog} in memory, keeping the newest {@code capacity} events. */
public final class InMemoryEventLog implements EventLog {
  private final Deque<AuthEvent> events = new ArrayDeque<>();
  private final int capacity;

  /** Keeps at most 10,000 events. */
  public InMemoryEventLog() {
    this(10_000);
  }

  /** Keeps at most {@code capacity} events. */
  public InMemoryEventLog(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
  }

  @Override
  public synchronized void append(AuthEvent event) {
    events.addFirst(event);
    if (events.size() > capacity) {
      events.removeLast();
    }
  }

  @Override
  public synchronized List<AuthEvent> query(EventQuery query) {
    List<AuthEvent> out = new ArrayList<>();
    for (Iterator<AuthEvent> it = events.iterator(); it.hasNext() && out.size() < query.limit(); ) {
      AuthEvent e = it.next();
      if (query.matches(e)) {
        out.add(e);
      }
    }
    return List.copyOf(out);
  }

  @Override
  public synchronized long count(AuthEventType type, Instant since) {
    return events.stream().filter(e -> e.type() == type && !e.at().isBefore(since)).count();
  }
}
