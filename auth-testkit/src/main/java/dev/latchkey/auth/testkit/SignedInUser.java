package dev.latchkey.auth.testkit;

import dev.latchkey.auth.core.AuthTokens;
import dev.latchkey.auth.core.session.SessionId;
import dev.latchkey.auth.core.user.UserId;
import java.util.Objects;

/**
 * A user that {@link GivenUser#signedIn()} created and logged in: the tokens of its session. {@link #toString()} leaves
 * the password and tokens out.
 *
 * @param seeded the user and its password
 * @param tokens what the login answered
 */
public record SignedInUser(SeededUser seeded, AuthTokens tokens) {
  /** Requires both. */
  public SignedInUser {
    Objects.requireNonNull(seeded, "seeded");
    Objects.requireNonNull(tokens, "tokens");
  }

  /** The signed access token, for {@code Authorization: Bearer} or {@code auth.verify}. */
  public String accessToken() {
    return tokens.accessToken().token();
  }

  /** The opaque refresh token, for {@code auth.refresh}. */
  public String refreshToken() {
    return tokens.refreshToken().reveal();
  }

  /** The user's id. */
  public UserId userId() {
    return seeded.id();
  }

  /** The user's username. */
  public String username() {
    return seeded.username();
  }

  /** The user's password in clear. */
  public String password() {
    return seeded.password();
  }

  /** The session the tokens belong to. */
  public SessionId sessionId() {
    return tokens.sessionId();
  }

  @Override
  public String toString() {
    return "SignedInUser[" + seeded.username() + ", session=" + tokens.sessionId() + "]";
  }
}
