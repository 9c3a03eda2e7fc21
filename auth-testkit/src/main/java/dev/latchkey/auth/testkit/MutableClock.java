package dev.latchkey.auth.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that tests move by hand, so expiry is tested without sleeping. Thread-safe: concurrent readers see every
 * move at once.
 *
 * <pre>{@code
 * MutableClock clock = MutableClock.at("2030-01-01T00:00:00Z");
 * clock.advance(Duration.ofMinutes(15));
 * }</pre>
 */
public final class MutableClock extends Clock {
  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /** A clock standing at {@code instant}, in UTC. */
  public static MutableClock at(Instant instant) {
    return new MutableClock(new AtomicReference<>(Objects.requireNonNull(instant, "instant")), ZoneOffset.UTC);
  }

  /** A clock standing at an ISO-8601 instant such as {@code 2030-01-01T00:00:00Z}. */
  public static MutableClock at(String isoInstant) {
    return at(Instant.parse(isoInstant));
  }

  /** A clock standing at a fixed, whole-second instant (2030-01-01T00:00:00Z). */
  public static MutableClock standard() {
    return at("2030-01-01T00:00:00Z");
  }

  /** Moves the clock forward (or back, for a negative duration). */
  public MutableClock advance(Duration duration) {
    now.updateAndGet(i -> i.plus(duration));
    return this;
  }

  /** Sets the clock. */
  public MutableClock set(Instant instant) {
    now.set(Objects.requireNonNull(instant, "instant"));
    return this;
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /** A view in another zone that still moves with this clock. */
  @Override
  public Clock withZone(ZoneId newZone) {
    return new MutableClock(now, newZone);
  }

  @Override
  public String toString() {
    return "MutableClock[" + now.get() + "]";
  }
}
