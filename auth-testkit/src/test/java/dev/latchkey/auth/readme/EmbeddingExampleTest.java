package dev.latchkey.auth.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.ClientInfo;
import dev.latchkey.auth.core.LoginResult;
import dev.latchkey.auth.core.Registration;
import dev.latchkey.auth.core.token.TokenVerification;
import org.junit.jupiter.api.Test;

/** Runs the embedding example that README.md shows; {@link ReadmeSnippetsTest} keeps the two identical. */
class EmbeddingExampleTest {

  @Test
  void embeddingExampleRuns() {
    // README:embedding:start
    Auth auth = Auth.builder()
        .issuer("https://auth.example.com")
        .audience("my-api")
        .build(); // in-memory stores, RS256 tokens, Argon2id passwords

    auth.register(Registration.of("alice", "alice@example.com", "correct horse battery staple"));

    LoginResult result = auth.login("alice", "correct horse battery staple", ClientInfo.ip("203.0.113.7"));
    String accessToken = switch (result) {
      case LoginResult.Success success -> success.tokens().accessToken().token();
      case LoginResult.InvalidCredentials invalid -> throw new IllegalStateException("wrong login or password");
      case LoginResult.RateLimited limited -> throw new IllegalStateException("retry in " + limited.retryAfter());
      case LoginResult.SessionLimitReached full -> throw new IllegalStateException("too many sessions");
      case LoginResult.PasswordChangeRequired change -> // hand change.token() to the owner, for auth.resetPassword
          throw new IllegalStateException("choose a new password first");
    };

    String greeting = switch (auth.verify(accessToken)) {
      case TokenVerification.Valid valid -> "Hello, " + valid.principal().username();
      case TokenVerification.Invalid invalid -> "Refused: " + invalid.reason(); // log it, answer 401
    };
    // README:embedding:end
    assertThat(greeting).isEqualTo("Hello, alice");
  }
}
