package dev.latchkey.auth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.auth.core.AccountUpdate;
import dev.latchkey.auth.core.ClientInfo;
import dev.latchkey.auth.core.Registration;
import dev.latchkey.auth.core.mail.MailMessage;
import dev.latchkey.auth.core.token.TokenVerification;
import dev.latchkey.auth.testkit.CapturingMailer.Link;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CapturingMailerTest {
  private static final String PASSWORD = "a long and unusual passphrase";

  @RegisterExtension
  static LatchkeyExtension latchkey = LatchkeyExtension.builder().requireEmailVerification(true).build();

  @Test
  void theVerificationLinkOfASignUpIsThereWhenSignUpReturns() {
    latchkey.auth().signUp(Registration.of("hana", "hana@example.com", PASSWORD), ClientInfo.unknown());
    CapturingMailer mailer = latchkey.mailer();
    String link = mailer.lastLinkTo("HANA@example.com");
    assertThat(link).startsWith("http://localhost:8080/verify-email?token=");
    assertThat(mailer.lastLinkTo("hana@example.com", Link.VERIFY_EMAIL)).isEqualTo(link);
    assertThat(latchkey.auth().verifyEmail(mailer.lastTokenTo("hana@example.com"))).isTrue();
    assertThat(latchkey.stores().users().findByUsername("hana").orElseThrow().emailVerified()).isTrue();
  }

  @Test
  void picksTheNewestLinkOfTheAskedKind() {
    latchkey.givenUser("ivan").create();
    latchkey.auth().requestPasswordReset("ivan@example.com");
    String first = latchkey.mailer().lastTokenTo("ivan@example.com", Link.RESET_PASSWORD);
    latchkey.auth().requestPasswordReset("ivan@example.com");
    String second = latchkey.mailer().lastTokenTo("ivan@example.com");
    assertThat(second).isNotEqualTo(first);
    assertThat(latchkey.auth().resetPassword(second, "another long and unusual passphrase")).isTrue();
    // The reset notice ("your password was changed") has no link: the newest link is still the reset's.
    assertThat(latchkey.mailer().lastTo("ivan@example.com").orElseThrow().subject())
        .isEqualTo("Your password was changed");
    assertThat(latchkey.mailer().lastTokenTo("ivan@example.com")).isEqualTo(second);
  }

  @Test
  void anEmailChangeIsConfirmedThroughTheLinkToTheNewAddress() {
    SignedInUser june = latchkey.givenUser("june").signedIn();
    var principal = ((TokenVerification.Valid) latchkey.auth().verify(june.accessToken())).principal();
    assertThat(latchkey.auth().changeEmail(principal, "june@new.example.com", june.password()))
        .isInstanceOf(AccountUpdate.EmailChangePending.class);
    assertThat(latchkey.auth().verifyEmail(latchkey.mailer().lastTokenTo("june@new.example.com", Link.VERIFY_EMAIL)))
        .isTrue();
    assertThat(latchkey.auth().user(june.userId()).orElseThrow().email()).isEqualTo("june@new.example.com");
  }

  @Test
  void failsWithWhatWasSentWhenNothingMatches() {
    CapturingMailer mailer = latchkey.mailer();
    assertThatThrownBy(() -> mailer.lastLinkTo("kim@example.com"))
        .isInstanceOf(AssertionError.class)
        .hasMessage("No mail to kim@example.com with a link; nothing was sent");
    latchkey.auth().signUp(Registration.of("kim", "kim@example.com", PASSWORD), ClientInfo.unknown());
    mailer.send(new MailMessage("lee@example.com", "Welcome", "no link here"));
    assertThatThrownBy(() -> mailer.lastTokenTo("kim@example.com", Link.RESET_PASSWORD))
        .isInstanceOf(AssertionError.class)
        .hasMessage("No mail to kim@example.com with a /reset-password link; 2 message(s) were sent:\n"
            + "  to kim@example.com: \"Confirm your email address\" (with a link)\n"
            + "  to lee@example.com: \"Welcome\"")
        .message().doesNotContain("token=");
  }
}
