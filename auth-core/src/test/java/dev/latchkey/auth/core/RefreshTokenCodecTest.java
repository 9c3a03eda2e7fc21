package dev.latchkey.auth.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.session.SessionId;
import dev.latchkey.auth.core.token.RawToken;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class RefreshTokenCodecTest {
  private final SecureRandom random = new SecureRandom();

  @Test
  void tokenNamesItsSessionAndCarries256RandomBits() {
    SessionId sid = SessionId.random();
    RawToken a = RefreshTokenCodec.generate(sid, random);
    RawToken b = RefreshTokenCodec.generate(sid, random);
    assertThat(a.reveal()).hasSize(64).isNotEqualTo(b.reveal());
    assertThat(RefreshTokenCodec.sessionOf(a.reveal())).contains(sid);
    assertThat(a.toString()).doesNotContain(a.reveal());
  }

  @Test
  void malformedTokensNameNoSession() {
    assertThat(RefreshTokenCodec.sessionOf("")).isEmpty();
    assertThat(RefreshTokenCodec.sessionOf("a".repeat(63))).isEmpty();
    assertThat(RefreshTokenCodec.sessionOf("*".repeat(64))).isEmpty();
    assertThat(RefreshTokenCodec.sessionOf("a".repeat(65))).isEmpty();
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
