package dev.latchkey.auth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.ClientInfo;
import dev.latchkey.auth.core.LoginResult;
import dev.latchkey.auth.core.Registration;
import dev.latchkey.auth.core.SignUpResult;
import dev.latchkey.auth.core.Stores;
import dev.latchkey.auth.core.token.SigningAlgorithm;
import dev.latchkey.auth.core.token.TokenVerification;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RegisteredExtensionTest {
  @RegisterExtension
  static LatchkeyExtension latchkey = LatchkeyExtension.builder()
      .issuer("https://notes.example.com")
      .audience("notes")
      .signingAlgorithm(SigningAlgorithm.ES256)
      .requireEmailVerification(true)
      .baseUrl("https://notes.example.com/app")
      .clockAt("2031-06-01T09:00:00Z")
      .build();

  private Auth fromBeforeEach;

  @BeforeEach
  void rememberAuth() {
    fromBeforeEach = latchkey.auth();
  }

  @Test
  void appliesTheSettings() {
    Auth auth = latchkey.auth();
    assertThat(auth.tokenPolicy().issuer()).isEqualTo("https://notes.example.com");
    assertThat(auth.tokenPolicy().audience()).isEqualTo("notes");
    assertThat(auth.tokenPolicy().algorithm()).isEqualTo(SigningAlgorithm.ES256);
    assertThat(latchkey.clock().instant()).isEqualTo(Instant.parse("2031-06-01T09:00:00Z"));

    SignUpResult result = auth.signUp(Registration.of("dora", "dora@example.com", "a long and unusual passphrase"),
        ClientInfo.unknown());
    assertThat(result).isInstanceOf(SignUpResult.VerificationRequired.class);
    assertThat(auth.login("dora", "a long and unusual passphrase", ClientInfo.unknown()))
        .isInstanceOf(LoginResult.InvalidCredentials.class);
    assertThat(latchkey.mailer().lastLinkTo("dora@example.com"))
        .startsWith("https://notes.example.com/app/verify-email?token=");
  }

  @Test
  void accessorsAndParametersAreTheSameObjects(Auth auth, MutableClock clock, CapturingMailer mailer, Stores stores) {
    assertThat(auth).isSameAs(latchkey.auth()).isSameAs(fromBeforeEach);
    assertThat(clock).isSameAs(latchkey.clock());
    assertThat(mailer).isSameAs(latchkey.mailer());
    assertThat(stores).isSameAs(latchkey.stores());
  }

  @Test
  void theClockDrivesExpiry() {
    SignedInUser erin = latchkey.givenUser("erin").signedIn();
    assertThat(latchkey.auth().verify(erin.accessToken())).isInstanceOf(TokenVerification.Valid.class);
    latchkey.clock().advance(Duration.ofMinutes(16));
    assertThat(latchkey.auth().verify(erin.accessToken())).isInstanceOf(TokenVerification.Invalid.class);
  }

  /** The same username in every repetition: it would be taken if state leaked from one test method to the next. */
  @RepeatedTest(3)
  void eachTestMethodStartsEmpty() {
    assertThat(latchkey.stores().users().findByUsername("frank")).isEmpty();
    assertThat(latchkey.mailer().messages()).isEmpty();
    assertThat(latchkey.clock().instant()).isEqualTo(Instant.parse("2031-06-01T09:00:00Z"));
    latchkey.givenUser("frank").create();
    latchkey.auth().requestPasswordReset("frank@example.com");
    latchkey.clock().advance(Duration.ofDays(1));
    assertThat(latchkey.stores().users().findByUsername("frank")).isPresent();
  }
}
