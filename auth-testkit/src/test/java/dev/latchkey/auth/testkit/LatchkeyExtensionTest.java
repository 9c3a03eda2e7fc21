package dev.latchkey.auth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.ClientInfo;
import dev.latchkey.auth.core.LoginResult;
import dev.latchkey.auth.core.Registration;
import dev.latchkey.auth.core.Stores;
import dev.latchkey.auth.core.mail.MailMessage;
import dev.latchkey.auth.core.token.TokenVerification;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LatchkeyExtension.class)
class LatchkeyExtensionTest {

  @Test
  void providesAWiredInstance(Auth auth, MutableClock clock, Stores stores, CapturingMailer mailer) {
    auth.register(Registration.of("carol", "carol@example.com", "a long and unusual passphrase"));
    assertThat(stores.users().findByUsername("carol")).isPresent();
    var login = (LoginResult.Success) auth.login("carol", "a long and unusual passphrase", ClientInfo.unknown());
    assertThat(auth.tokenPolicy().issuer()).isEqualTo(LatchkeyExtension.ISSUER);
    clock.advance(Duration.ofMinutes(16));
    assertThat(auth.verify(login.tokens().accessToken().token())).isInstanceOf(TokenVerification.Invalid.class);
    mailer.send(new MailMessage("carol@example.com", "hi", "body"));
    assertThat(mailer.lastTo("CAROL@example.com")).isPresent();
  }

  @Test
  void eachTestGetsFreshState(Stores stores) {
    assertThat(stores.users().findByUsername("carol")).isEmpty();
  }

  @Test
  void sameInstancesWithinOneTest(Auth a, Auth b, MutableClock c1, MutableClock c2) {
    assertThat(a).isSameAs(b);
    assertThat(c1).isSameAs(c2);
  }

  @Test
  void seedsUsersInTheProvidedAuth(Auth auth) {
    SignedInUser fay = GivenUser.in(auth, "fay").withRole("viewer", "reports:read").signedIn();
    assertThat(auth.verify(fay.accessToken())).isInstanceOf(TokenVerification.Valid.class);
  }
}
