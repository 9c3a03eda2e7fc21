package dev.latchkey.auth.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.session.SessionId;
import dev.latchkey.auth.core.token.RawToken;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class OpaqueSecretsTest {
  private final SecureRandom random = new SecureRandom();

  @Test
  void tokenNamesItsSessionAndCarries256RandomBits() {
    SessionId sid = SessionId.random();
    RawToken a = OpaqueSecrets.generate("", sid.value(), random);
    RawToken b = OpaqueSecrets.generate("", sid.value(), random);
    assertThat(a.reveal()).hasSize(64).isNotEqualTo(b.reveal());
    assertThat(OpaqueSecrets.idOf("", a.reveal())).contains(sid.value());
    RawToken key = OpaqueSecrets.generate("lk_", sid.value(), random);
    assertThat(key.reveal()).startsWith("lk_").hasSize(67);
    assertThat(OpaqueSecrets.idOf("lk_", key.reveal())).contains(sid.value());
    assertThat(OpaqueSecrets.idOf("", key.reveal())).isEmpty();
    assertThat(a.toString()).doesNotContain(a.reveal());
  }

  @Test
  void malformedTokensNameNoSession() {
    assertThat(OpaqueSecrets.idOf("", "")).isEmpty();
    assertThat(OpaqueSecrets.idOf("", "a".repeat(63))).isEmpty();
    assertThat(OpaqueSecrets.idOf("", "*".repeat(64))).isEmpty();
    assertThat(OpaqueSecrets.idOf("", "a".repeat(65))).isEmpty();
  }

  @Test
  void exceptionCodesAreStable() {
    assertThat(new ConflictException("x").code()).isEqualTo("conflict");
    assertThat(new NotFoundException("x").code()).isEqualTo("not_found");
    assertThat(new StoreUnavailableException("x", null).code()).isEqualTo("store_unavailable");
    assertThat(ValidationException.of("f", "m").code()).isEqualTo("validation_failed");
    assertThat(new OverloadedException("x", java.time.Duration.ofSeconds(1)).code()).isEqualTo("overloaded");
  }
}
