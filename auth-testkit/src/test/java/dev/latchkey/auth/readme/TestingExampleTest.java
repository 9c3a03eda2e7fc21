package dev.latchkey.auth.readme;

// README:testing:start
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.ClientInfo;
import dev.latchkey.auth.core.LoginResult;
import dev.latchkey.auth.core.Registration;
import dev.latchkey.auth.core.token.TokenVerification;
import dev.latchkey.auth.testkit.LatchkeyExtension;
import dev.latchkey.auth.testkit.SignedInUser;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TestingExampleTest {
  private static final String PASSWORD = "a long and unusual passphrase";

  // A fresh in-memory Auth, mailbox and clock for every test method; passwords are hashed with fast, test-only
  // Argon2id parameters that production builders refuse (.productionHashing() to opt out).
  @RegisterExtension
  static LatchkeyExtension latchkey = LatchkeyExtension.builder().requireEmailVerification(true).build();

  @Test
  void signUpIsConfirmedByTheMailedLink() {
    Auth auth = latchkey.auth();
    auth.signUp(Registration.of("bob", "bob@example.com", PASSWORD), ClientInfo.unknown());
    assertThat(auth.login("bob", PASSWORD, ClientInfo.unknown())).isInstanceOf(LoginResult.InvalidCredentials.class);

    String token = latchkey.mailer().lastTokenTo("bob@example.com"); // sent before signUp returned: no waiting
    assertThat(auth.verifyEmail(token)).isTrue();
    assertThat(auth.login("bob", PASSWORD, ClientInfo.unknown())).isInstanceOf(LoginResult.Success.class);
  }

  @Test
  void accessTokensExpireAfterFifteenMinutes() {
    SignedInUser alice = latchkey.givenUser("alice").withRole("editor", "notes:write").signedIn();
    assertThat(latchkey.auth().verify(alice.accessToken())).isInstanceOf(TokenVerification.Valid.class);

    latchkey.clock().advance(Duration.ofMinutes(16)); // no sleeping: the clock is yours
    assertThat(latchkey.auth().verify(alice.accessToken())).isInstanceOf(TokenVerification.Invalid.class);
  }
}
// README:testing:end
