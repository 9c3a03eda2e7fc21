package dev.latchkey.auth.core;

import dev.latchkey.auth.core.token.AccessTokens;
import dev.latchkey.auth.core.token.Principal;
import dev.latchkey.auth.core.token.TokenPolicy;
import dev.latchkey.auth.core.token.TokenVerification;
import dev.latchkey.auth.core.user.User;
import dev.latchkey.auth.core.user.UserId;
import dev.latchkey.auth.core.user.UserStore;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The facade of every authentication flow. Build one per service with {@link #builder()}; it is immutable and
 * thread-safe, holds no global state, and talks to storage only through the ports it was given.
 *
 * <pre>{@code
 * Auth auth = Auth.builder()
 *     .issuer("https://auth.example.com")
 *     .audience("my-api")
 *     .build();                                   // in-memory stores, RS256, Argon2id
 *
 * auth.register(Registration.of("alice", "alice@example.com", "correct horse battery staple"));
 * switch (auth.login("alice", "correct horse battery staple", ClientInfo.ip("203.0.113.9"))) {
 *   case LoginResult.Success s -> respond(s.tokens());
 *   case LoginResult.InvalidCredentials i -> respond401();
 *   case LoginResult.RateLimited r -> respond429(r.retryAfter());
 * }
 * }</pre>
 *
 * <p>Expected outcomes are sealed results; failures are {@link AuthException}s: {@link StoreUnavailableException}
 * when a store is down (never a success), {@link OverloadedException} when password hashing is saturated.
 */
public final class Auth {
  private final LoginFlow logins;
  private final SessionFlow sessions;
  private final AccessTokens accessTokens;
  private final UserStore users;

  Auth(LoginFlow logins, SessionFlow sessions, AccessTokens accessTokens, UserStore users) {
    this.logins = logins;
    this.sessions = sessions;
    this.accessTokens = accessTokens;
    this.users = users;
  }

  /** Starts configuring an instance. */
  public static AuthBuilder builder() {
    return new AuthBuilder();
  }

  /**
   * Creates an account with a password.
   *
   * @return the stored user (email not yet verified)
   * @throws ValidationException for a malformed username or email
   * @throws WeakPasswordException when the password policy refuses the password
   * @throws ConflictException when the username or email is taken
   */
  public User register(Registration registration) {
    Objects.requireNonNull(registration, "registration");
    return logins.register(registration);
  }

  /**
   * Logs in with a username or email and a password, starting a session.
   *
   * <p>Attempts are counted per normalised identifier and per client address before the password is checked, so
   * parallel guesses cannot exceed the threshold. Unknown users pay the cost of a hash too. A stored hash with old
   * parameters or another algorithm is replaced with Argon2id on success.
   */
  public LoginResult login(String identifier, String password, ClientInfo client) {
    Objects.requireNonNull(identifier, "identifier");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(client, "client");
    return logins.login(identifier, password, client);
  }

  /**
   * Exchanges a refresh token for a new access token and a new refresh token (rotation). Presenting a spent token
   * after the grace window revokes the whole session.
   */
  public RefreshResult refresh(String refreshToken, ClientInfo client) {
    Objects.requireNonNull(refreshToken, "refreshToken");
    Objects.requireNonNull(client, "client");
    return sessions.refresh(refreshToken, client);
  }

  /**
   * Verifies an access token and checks that neither it, nor its session, nor its user's earlier tokens were revoked:
   * a logout is seen at once. Costs one revocation-store lookup.
   */
  public TokenVerification verify(@Nullable String accessToken) {
    return sessions.verify(accessToken);
  }

  /**
   * Verifies signature and claims only, without asking any store: revocation then takes effect only when the token
   * expires (at most {@link TokenPolicy#accessTokenTtl()}).
   */
  public TokenVerification verifyStateless(@Nullable String accessToken) {
    return accessTokens.verifyStateless(accessToken);
  }

  /** Ends the principal's session and revokes this access token (and every other token of the session). */
  public void logout(Principal principal, ClientInfo client) {
    Objects.requireNonNull(principal, "principal");
    sessions.logout(principal, client == null ? ClientInfo.unknown() : client);
  }

  /** Ends every session of the user and revokes every access token issued to them so far. */
  public void logoutEverywhere(UserId userId) {
    Objects.requireNonNull(userId, "userId");
    sessions.logoutEverywhere(userId);
  }

  /** The user with this id, if any. */
  public Optional<User> user(UserId userId) {
    return users.findById(userId);
  }

  /** The public signing keys as a JWK set document, for {@code /.well-known/jwks.json}. */
  public String jwks() {
    return accessTokens.jwksJson();
  }

  /**
   * Publishes a successor signing key now; it starts signing after {@link TokenPolicy#keyPublishLead()}, and the
   * current key stays published for an access-token lifetime after that. Keys also rotate by themselves every
   * {@link TokenPolicy#keyRotationInterval()}.
   *
   * @return the new key's id
   */
  public String rotateSigningKeys() {
    return accessTokens.rotateKeys();
  }

  /** The token policy in force (issuer, audience, lifetimes). */
  public TokenPolicy tokenPolicy() {
    return accessTokens.policy();
  }
}
