package dev.latchkey.auth.readme;

// README:testing:start
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.ClientInfo;
import dev.latchkey.auth.core.LoginResult;
import dev.latchkey.auth.core.Registration;
import dev.latchkey.auth.core.token.TokenVerification;
import dev.latchkey.auth.testkit.LatchkeyExtension;
import dev.latchkey.auth.testkit.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LatchkeyExtension.class)
class TestingExampleTest {

  @Test
  void accessTokensExpireAfterFifteenMinutes(Auth auth, MutableClock clock) {
    auth.register(Registration.of("bob", "bob@example.com", "a long and unusual passphrase"));
    var login = (LoginResult.Success) auth.login("bob", "a long and unusual passphrase", ClientInfo.unknown());
    String token = login.tokens().accessToken().token();

    assertThat(auth.verify(token)).isInstanceOf(TokenVerification.Valid.class);
    clock.advance(Duration.ofMinutes(16)); // no sleeping: the clock is yours
    assertThat(auth.verify(token)).isInstanceOf(TokenVerification.Invalid.class);
  }
}
// README:testing:end
