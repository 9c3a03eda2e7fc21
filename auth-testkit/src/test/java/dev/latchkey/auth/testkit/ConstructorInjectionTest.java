package dev.latchkey.auth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.Registration;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LatchkeyExtension.class)
class ConstructorInjectionTest {
  private final Auth auth;

  ConstructorInjectionTest(Auth auth) {
    this.auth = auth;
  }

  /** Constructor parameters are fresh per test method too: the second repetition would find "gina" taken. */
  @RepeatedTest(2)
  void constructorParametersAreFreshPerTest(Auth sameTest) {
    assertThat(sameTest).isSameAs(auth);
    auth.register(Registration.of("gina", "gina@example.com", "a long and unusual passphrase"));
  }
}
