package dev.latchkey.auth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class MutableClockTest {
  @Test
  void advancesSetsAndSharesTimeAcrossZones() {
    MutableClock clock = MutableClock.at("2030-01-01T00:00:00Z");
    var paris = clock.withZone(ZoneId.of("Europe/Paris"));
    clock.advance(Duration.ofMinutes(5));
    assertThat(clock.instant()).isEqualTo(Instant.parse("2030-01-01T00:05:00Z"));
    assertThat(paris.instant()).isEqualTo(clock.instant());
    clock.set(Instant.EPOCH);
    assertThat(paris.millis()).isZero();
  }
}
