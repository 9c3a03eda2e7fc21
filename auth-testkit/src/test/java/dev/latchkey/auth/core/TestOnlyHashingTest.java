package dev.latchkey.auth.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.auth.core.password.HashingPolicy;
import dev.latchkey.auth.core.password.Password;
import dev.latchkey.auth.core.password.PasswordHasher;
import dev.latchkey.auth.testkit.LatchkeyExtension;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The test kit's fast password hashing: production code cannot reach it, and what it stores is still an Argon2id PHC
 * string that logs in and that a production hasher accepts (and asks to re-hash). This class is outside the test kit's
 * package, as production code is.
 */
class TestOnlyHashingTest {
  private static final String PASSWORD = "a long and unusual passphrase";

  @Test
  void theHookRefusesCallersOutsideTheTestKit() {
    assertThatThrownBy(() -> TestKitOnly.fastPasswordHashing(Auth.builder()))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("test kit");
    assertThatThrownBy(() -> TestKitOnly.quietDevelopmentWarnings(Auth.builder()))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void theFastHasherRefusesCallersOtherThanTheCoreBuilder() {
    assertThatThrownBy(() -> PasswordHasher.testOnlyFastHasher(HashingPolicy.defaults(), new SecureRandom()))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aProductionBuilderCannotBeGivenTheFastCost() {
    assertThatThrownBy(() -> Auth.builder().hashingPolicy(new HashingPolicy(256, 1, 1, 1, Duration.ofSeconds(5))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("argon2MemoryKib must be at least 47104");
  }

  @Test
  void aProductionBuilderHashesAtTheProductionCost() {
    Auth auth = Auth.builder().issuer("https://auth.example.com").audience("api").build();
    assertThat(auth.register(Registration.of("nina", "nina@example.com", PASSWORD)).passwordHash())
        .startsWith("{argon2}$argon2id$v=19$m=19456,t=2,p=1$");
  }

  @Nested
  class InTheTestKit {
    @RegisterExtension
    final LatchkeyExtension latchkey = LatchkeyExtension.builder().build();

    @Test
    void hashesAreLowCostArgon2idThatStillVerify() {
      latchkey.auth().register(Registration.of("nina", "nina@example.com", PASSWORD));
      String hash = latchkey.stores().users().findByUsername("nina").orElseThrow().passwordHash();
      assertThat(hash).startsWith("{argon2}$argon2id$v=19$m=256,t=1,p=1$");
      assertThat(latchkey.auth().login("nina", PASSWORD, ClientInfo.unknown())).isInstanceOf(LoginResult.Success.class);
      assertThat(latchkey.auth().login("nina", "not " + PASSWORD, ClientInfo.unknown()))
          .isInstanceOf(LoginResult.InvalidCredentials.class);
      PasswordHasher production = new PasswordHasher(HashingPolicy.defaults(), new SecureRandom());
      assertThat(production.verify(Password.of(PASSWORD), hash)).isEqualTo(PasswordHasher.Check.MATCH_NEEDS_REHASH);
      assertThat(production.verify(Password.of("not " + PASSWORD), hash)).isEqualTo(PasswordHasher.Check.MISMATCH);
    }
  }

  @Nested
  class OptedOut {
    @RegisterExtension
    final LatchkeyExtension latchkey = LatchkeyExtension.builder().productionHashing().build();

    @Test
    void hashesAtTheProductionCost() {
      latchkey.auth().register(Registration.of("nina", "nina@example.com", PASSWORD));
      assertThat(latchkey.stores().users().findByUsername("nina").orElseThrow().passwordHash())
          .startsWith("{argon2}$argon2id$v=19$m=19456,t=2,p=1$");
    }
  }
}
