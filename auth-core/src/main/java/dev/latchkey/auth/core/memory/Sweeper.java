package dev.latchkey.auth.core.memory;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/** Says, at most once per interval, that it is time to drop expired entries, so maps cannot grow without bound. */
final class Sweeper {
  private static final Duration INTERVAL = Duration.ofMinutes(1);
  private final AtomicReference<Instant> next = new AtomicReference<>(Instant.MIN);

  boolean due(Instant now) {
    Instant n = next.get();
    return !now.isBefore(n) && next.compareAndSet(n, now.plus(INTERVAL));
  }
}
