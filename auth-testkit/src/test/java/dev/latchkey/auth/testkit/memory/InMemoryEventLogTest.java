package dev.latchkey.auth.testkit.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.event.AuthEvent;
import dev.latchkey.auth.core.event.AuthEventType;
import dev.latchkey.auth.core.event.EventLog;
import dev.latchkey.auth.core.event.EventQuery;
import dev.latchkey.auth.core.memory.InMemoryEventLog;
import dev.latchkey.auth.testkit.EventLogContract;
import dev.latchkey.auth.testkit.MutableClock;
import org.junit.jupiter.api.Test;

class InMemoryEventLogTest extends EventLogContract {
  @Override
  protected EventLog createStore(MutableClock clock) {
    return new InMemoryEventLog();
  }

  @Test
  void keepsOnlyTheNewestEventsWithinItsCapacity() {
    InMemoryEventLog log = new InMemoryEventLog(3);
    for (int i = 0; i < 5; i++) {
      log.append(AuthEvent.of(AuthEventType.LOGIN_FAILED, clock.instant().plusSeconds(i)));
    }
    assertThat(log.query(new EventQuery(null, null, 10))).hasSize(3)
        .first().satisfies(e -> assertThat(e.at()).isEqualTo(clock.instant().plusSeconds(4)));
  }
}
