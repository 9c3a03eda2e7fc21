package dev.latchkey.auth.core.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.auth.core.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifiersTest {
  @Test
  void normalisationFoldsCaseWhitespaceAndCompatibilityForms() {
    assertThat(Identifiers.normalize("  Alice@Example.COM\t")).isEqualTo("alice@example.com");
    assertThat(Identifiers.normalize("ＡＬＩＣＥ")).isEqualTo("alice");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ab", "-alice", "al ice", "alice@x", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "<script>"})
  void badUsernamesAreRefusedWithoutEchoingThem(String username) {
    assertThatThrownBy(() -> Identifiers.validUsername(username))
        .isInstanceOfSatisfying(ValidationException.class, e -> {
          assertThat(e.errors()).extracting(ValidationException.FieldError::field).containsExactly("username");
          if (username.length() > 3) {
            assertThat(e.getMessage()).doesNotContain(username);
          }
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"no-at-sign", "two@@example.com", "a b@example.com", "@example.com", "x@"})
  void badEmailsAreRefused(String email) {
    assertThatThrownBy(() -> Identifiers.validEmail(email)).isInstanceOf(ValidationException.class);
  }

  @Test
  void goodValuesAreKeptAsEntered() {
    assertThat(Identifiers.validUsername(" Alice.B-2 ")).isEqualTo("Alice.B-2");
    assertThat(Identifiers.validEmail(" Alice@Example.com ")).isEqualTo("Alice@Example.com");
  }
}
