package dev.latchkey.auth.core;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.latchkey.auth.core.memory.InMemoryStores;
import dev.latchkey.auth.testkit.LatchkeyExtension;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** {@code Auth.builder().build()} warns about settings that only suit development; the test kit's builder does not. */
class DevelopmentWarningsTest {
  private final Logger logger = (Logger) LoggerFactory.getLogger(AuthBuilder.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @BeforeEach
  void capture() {
    logged.start();
    logger.addAppender(logged);
  }

  @AfterEach
  void release() {
    logger.detachAppender(logged);
  }

  private List<String> warnings() {
    return logged.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  private static AuthBuilder builder() {
    return Auth.builder().issuer("https://auth.example.com").audience("api");
  }

  @Test
  void theDefaultsWarnAboutMemoryStoresAndLocalhostLinks() {
    builder().build();
    assertThat(warnings()).hasSize(2);
    assertThat(warnings().get(0)).startsWith("Latchkey runs on in-memory stores");
    assertThat(warnings().get(1))
        .isEqualTo("Mailed links point at http://localhost:8080 (AccountPolicy.baseUrl): set the service's public URL "
            + "outside development.");
  }

  @Test
  void givenInMemoryStoresWarnToo() {
    builder().stores(InMemoryStores.create(Clock.systemUTC()))
        .accountPolicy(AccountPolicy.defaults().withBaseUrl(URI.create("https://app.example.com"))).build();
    assertThat(warnings()).singleElement().asString().startsWith("Latchkey runs on in-memory stores");
  }

  @Test
  void loopbackAddressesAreLocalToo() {
    builder().accountPolicy(AccountPolicy.defaults().withBaseUrl(URI.create("http://127.0.0.1:7000"))).build();
    assertThat(warnings()).anyMatch(w -> w.startsWith("Mailed links point at http://127.0.0.1:7000"));
  }

  @Test
  void aPublicBaseUrlDoesNotWarnAboutLinks() {
    builder().accountPolicy(AccountPolicy.defaults().withBaseUrl(URI.create("https://localhost.example.com")))
        .build();
    assertThat(warnings()).noneMatch(w -> w.startsWith("Mailed links"));
  }

  @Nested
  class InTheTestKit {
    @RegisterExtension
    final LatchkeyExtension latchkey = LatchkeyExtension.builder().build();

    @Test
    void instancesAreQuiet() {
      latchkey.auth().register(Registration.of("olga", "olga@example.com", "a long and unusual passphrase"));
      assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage).isEmpty();
    }
  }
}
