package dev.latchkey.demo.web;

import dev.latchkey.auth.core.session.SessionId;
import dev.latchkey.auth.core.token.Principal;
import dev.latchkey.auth.core.user.UserId;
import java.time.Instant;

/**
 * The signed-in person a page is shown to: the principal of the browser session's verified access token, that token
 * (for pages that call the API as a client would, such as Hello), and the Latchkey session it belongs to.
 *
 * @param sessionStarted when the Latchkey session began (every browser session begins with a sign-in of its own)
 * @param sessionRefreshed when the session's refresh token was last used (its last use: only this browser holds it)
 */
public record Viewer(Principal principal, String accessToken, SessionId sessionId, Instant sessionStarted,
    Instant sessionRefreshed) {
  /** The user's id. */
  public UserId userId() {
    return principal.userId();
  }

  /** The user's username. */
  public String username() {
    return principal.username();
  }

  /** Whether the user holds the admin role. */
  public boolean admin() {
    return principal.hasRole("admin");
  }

  /** Keeps the token out of logs and toString. */
  @Override
  public String toString() {
    return "Viewer[" + principal.username() + "]";
  }
}
