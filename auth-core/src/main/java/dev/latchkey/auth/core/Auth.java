package dev.latchkey.auth.core;

import dev.latchkey.auth.core.event.EventSink;
import dev.latchkey.auth.core.mail.MailStats;
import dev.latchkey.auth.core.metrics.AuthProbe;
import dev.latchkey.auth.core.token.AccessTokens;
import dev.latchkey.auth.core.token.Principal;
import dev.latchkey.auth.core.token.TokenPolicy;
import dev.latchkey.auth.core.token.TokenVerification;
import dev.latchkey.auth.core.user.User;
import dev.latchkey.auth.core.user.UserId;
import dev.latchkey.auth.core.user.UserStore;
import dev.latchkey.auth.core.service.ServiceId;
import dev.latchkey.auth.core.session.Session;
import dev.latchkey.auth.core.session.SessionId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
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
 *   case LoginResult.SessionLimitReached s -> respond409();
 * }
 * }</pre>
 *
 * <p>Expected outcomes are sealed results; failures are {@link AuthException}s: {@link StoreUnavailableException}
 * when a store is down (never a success), {@link OverloadedException} when password hashing is saturated.
 */
public final class Auth {
  private final LoginFlow logins;
  private final SessionFlow sessions;
  private final AccountFlow accounts;
  private final AccessTokens accessTokens;
  private final UserStore users;
  private final AdminOperations admin;
  private final AccessControl access;
  private final OAuthLogin oauth;
  private final EventSink events;

  Auth(LoginFlow logins, SessionFlow sessions, AccountFlow accounts, AccessTokens accessTokens, UserStore users,
      AdminOperations admin, AccessControl access, OAuthLogin oauth) {
    this.logins = logins;
    this.sessions = sessions;
    this.accounts = accounts;
    this.accessTokens = accessTokens;
    this.users = users;
    this.admin = admin;
    this.access = access;
    this.oauth = oauth;
    this.events = logins.events();
    logins.hasher().observe(events.probes());
  }

  /** Starts configuring an instance. */
  public static AuthBuilder builder() {
    return new AuthBuilder();
  }

  /**
   * Creates an account with a password, for the host service's own use: no self-registration switch, no mail, no
   * login. Self-service sign-up is {@link #signUp}.
   *
   * @return the stored user (email not yet verified)
   * @throws ValidationException for a malformed username or email
   * @throws WeakPasswordException when the password policy refuses the password
   * @throws ConflictException when the username or email is taken
   */
  public User register(Registration registration) {
    Objects.requireNonNull(registration, "registration");
    return guard(() -> logins.register(registration, false));
  }

  /**
   * Self-service registration. Without required verification the account is created and logged in; with it, a
   * verification link is mailed and the answer is {@link SignUpResult.VerificationRequired} for a new and an already
   * registered email alike (the owner of the existing account gets a notice instead). Every rule (username, address,
   * password policy, name, phone) and the username's availability are checked before the address is looked up, and a
   * registered address costs the same password hash, so no answer, failure or timing tells which addresses exist;
   * mail leaves on the mail executor after the answer.
   *
   * @throws RegistrationDisabledException when self-registration is off
   * @throws ValidationException as for {@link #register}
   * @throws WeakPasswordException as for {@link #register}
   * @throws ConflictException when the username is taken, or (without required verification) the email
   */
  public SignUpResult signUp(Registration registration, ClientInfo client) {
    Objects.requireNonNull(registration, "registration");
    return guard(() -> accounts.signUp(registration, client));
  }

  /**
   * Consumes an email-verification link, or the link that confirms a new address after {@link #changeEmail} (the
   * account then switches to it, verified, and reset links sent before stop working); false when it is unknown, used,
   * expired, for an address the account no longer has, or the new address was taken in the meantime.
   */
  public boolean verifyEmail(String token) {
    Objects.requireNonNull(token, "token");
    return guard(() -> accounts.verifyEmail(token));
  }

  /** Sends a fresh verification link if the address belongs to an unverified account; otherwise does nothing. */
  public void resendVerification(String email) {
    Objects.requireNonNull(email, "email");
    guardRun(() -> accounts.resendVerification(email));
  }

  /**
   * Mails a one-hour reset link if the address belongs to an active account; for any other address nothing happens,
   * and the caller cannot tell the difference.
   */
  public void requestPasswordReset(String email) {
    Objects.requireNonNull(email, "email");
    guardRun(() -> accounts.requestPasswordReset(email));
  }

  /**
   * Sets a new password with a reset token (from a reset mail, or from {@link LoginResult.PasswordChangeRequired}):
   * every session of the user is revoked, a lockout lifted (its escalation is remembered), a required password
   * change satisfied, the other reset links and a pending email change dropped, and the user notified; nobody is
   * logged in.
   *
   * @return false when the token is unknown, used or expired
   * @throws WeakPasswordException when the policy refuses the password (the token stays usable)
   */
  public boolean resetPassword(String token, String newPassword) {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(newPassword, "newPassword");
    return guard(() -> accounts.resetPassword(token, newPassword));
  }

  /**
   * Changes the password given the current one; the user's other sessions are revoked, this one stays, and reset links
   * and a pending email change requested before stop working.
   */
  public AccountUpdate changePassword(Principal principal, String currentPassword, String newPassword) {
    return guard(() -> accounts.changePassword(principal, currentPassword, newPassword));
  }

  /**
   * Asks to change the email given the current password: the answer is {@link AccountUpdate.EmailChangePending} and the
   * account keeps its address (its login, and where reset links go) until the link mailed to the new address is used
   * ({@link #verifyEmail}); the current address gets a notice. The current address again cancels a pending change
   * ({@link AccountUpdate.Done}).
   *
   * @throws ValidationException for a malformed address
   * @throws ConflictException when another account has the address
   */
  public AccountUpdate changeEmail(Principal principal, String newEmail, String currentPassword) {
    return guard(() -> accounts.changeEmail(principal, newEmail, currentPassword));
  }

  /** Sets the display name and phone (E.164); blank values clear them. */
  public User updateProfile(UserId userId, @Nullable String name, @Nullable String phone) {
    return guard(() -> accounts.updateProfile(userId, name, phone));
  }

  /**
   * Deletes the principal's own account and everything stored about it, given the current password; an account
   * without a password instead needs this session to have started with a provider login in the last ten minutes
   * ({@link AccountUpdate.ReauthenticationRequired} otherwise).
   */
  public AccountUpdate deleteAccount(Principal principal, @Nullable String currentPassword) {
    return guard(() -> accounts.deleteAccount(principal, currentPassword));
  }

  /** The user's live sessions, oldest first. */
  public List<Session> sessions(UserId userId) {
    return guard(() -> sessions.list(userId));
  }

  /** Ends one of the user's own sessions; false when it is not theirs or already over. */
  public boolean revokeSession(UserId userId, SessionId sessionId) {
    return guard(() -> sessions.revokeSession(userId, sessionId));
  }

  /** Ends every session of the principal's user except the principal's own; returns how many ended. */
  public int revokeOtherSessions(Principal principal) {
    return guard(() -> sessions.revokeOtherSessions(principal.userId(), principal.sessionId()));
  }

  /** Whether the principal holds {@code permission} through a global role (see {@link AccessControl#authorize}). */
  public boolean authorize(Principal principal, String permission) {
    return guard(() -> access.authorize(principal, permission, null));
  }

  /** Whether the principal holds {@code permission} through a global role or a role in {@code service}. */
  public boolean authorize(Principal principal, String permission, ServiceId service) {
    return guard(() -> access.authorize(principal, permission, service));
  }

  /** User administration. */
  public AdminOperations admin() {
    return admin;
  }

  /** Roles, services and API keys. */
  public AccessControl accessControl() {
    return access;
  }

  /** Login with identity providers (needs an {@code OAuthClient} on the builder). */
  public OAuthLogin oauth() {
    return oauth;
  }

  /**
   * Logs in with a username or email and a password, starting a session.
   *
   * <p>Attempts are counted per account (its username and email share one budget; an identifier without an account
   * is counted on its own, alike) and per client address before the password is checked, so parallel guesses cannot
   * exceed the threshold; a right password is given back to the address's count, which so counts failures only.
   * Unknown users pay the cost of a hash too. A stored hash with old parameters or another algorithm is replaced with
   * Argon2id on success. A generated password that must be changed first answers
   * {@link LoginResult.PasswordChangeRequired} with a token for {@link #resetPassword}.
   */
  public LoginResult login(String identifier, String password, ClientInfo client) {
    Objects.requireNonNull(identifier, "identifier");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(client, "client");
    return guard(() -> logins.login(identifier, password, client));
  }

  /**
   * Exchanges a refresh token for a new access token and a new refresh token (rotation). Presenting a spent token
   * after the grace window revokes the whole session.
   */
  public RefreshResult refresh(String refreshToken, ClientInfo client) {
    Objects.requireNonNull(refreshToken, "refreshToken");
    Objects.requireNonNull(client, "client");
    return guard(() -> sessions.refresh(refreshToken, client));
  }

  /**
   * Verifies an access token and checks that neither it, nor its session, nor its user's earlier tokens were revoked:
   * a logout is seen at once. Costs one revocation-store lookup.
   */
  public TokenVerification verify(@Nullable String accessToken) {
    return guard(() -> sessions.verify(accessToken));
  }

  /**
   * Verifies signature and claims only, without asking any store: revocation then takes effect only when the token
   * expires (at most {@link TokenPolicy#accessTokenTtl()}).
   */
  public TokenVerification verifyStateless(@Nullable String accessToken) {
    return guard(() -> accessTokens.verifyStateless(accessToken));
  }

  /**
   * Authenticates whatever a client presented as {@code Authorization: Bearer} (pass the credential, without the
   * scheme): an access token, verified with the revocation check of {@link #verify}, or an API key's secret, which
   * authenticates as a client principal ({@link Principal#isClient()}) carrying the key's roles while the key is live.
   * Which of the two it is, the library decides; callers need not know either format.
   *
   * <pre>{@code
   * switch (auth.authenticate(bearer)) {
   *   case TokenVerification.Valid v -> handle(v.principal());
   *   case TokenVerification.Invalid i -> respond401();   // i.reason() is for logs and metrics only
   * }
   * }</pre>
   *
   * @param bearer the credential; null, blank and malformed values are {@link TokenVerification.Invalid}, never thrown
   * @throws StoreUnavailableException when the revocation or API-key store is down
   */
  public TokenVerification authenticate(@Nullable String bearer) {
    return bearer != null && AccessControl.isApiKeySecret(bearer) ? guard(() -> access.authenticateBearer(bearer))
        : verify(bearer);
  }

  /**
   * {@link #authenticate} with an access token verified as by {@link #verifyStateless} (no revocation lookup: a
   * logout takes effect when the token expires). An API key is still looked up, so a deleted key stops at once.
   */
  public TokenVerification authenticateStateless(@Nullable String bearer) {
    return bearer != null && AccessControl.isApiKeySecret(bearer) ? guard(() -> access.authenticateBearer(bearer))
        : verifyStateless(bearer);
  }

  /** Ends the principal's session and revokes this access token (and every other token of the session). */
  public void logout(Principal principal, ClientInfo client) {
    Objects.requireNonNull(principal, "principal");
    guardRun(() -> sessions.logout(principal, client == null ? ClientInfo.unknown() : client));
  }

  /** Ends every session of the user and revokes every access token issued to them so far. */
  public void logoutEverywhere(UserId userId) {
    Objects.requireNonNull(userId, "userId");
    guardRun(() -> sessions.logoutEverywhere(userId));
  }

  /** The user with this id, if any. */
  public Optional<User> user(UserId userId) {
    return guard(() -> users.findById(userId));
  }

  /**
   * The user with this id for display, such as a {@code /me} page: it may lag a change made on another instance by the
   * store's change-feed delay (see {@link dev.latchkey.auth.core.user.UserStore#findProfile}); decide nothing on it.
   */
  public Optional<User> profile(UserId userId) {
    return guard(() -> users.findProfile(userId));
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
    return guard(accessTokens::rotateKeys);
  }

  /**
   * What became of the mail this instance sent: accepted by the mailer, refused by it, or dropped because the mail
   * queue was full (see {@link AuthBuilder#mailExecutor}).
   */
  public MailStats mailStats() {
    return accounts.mailStats();
  }

  /**
   * Adds a probe that receives every later audit event of this instance and the measurements events do not carry:
   * waits for a password-hashing slot, tokens issued, store failures. {@link dev.latchkey.auth.core.metrics.AuthMetrics} is the Micrometer one; any
   * number may be added, and none can be removed. Probes run on the thread that did the work, after the audit log and
   * listener; an exception they throw is logged and ignored.
   */
  public void addProbe(AuthProbe probe) {
    events.addProbe(probe);
  }

  /**
   * Mail (or its preparation) handed to the mail queue and not finished yet, waiting or running: a gauge of the
   * backlog that {@link #mailStats()} counts the outcomes of. Always 0 with an in-memory mailer, which is called at once.
   */
  public long mailPending() {
    return accounts.mailPending();
  }

  /** The token policy in force (issuer, audience, lifetimes). */
  public TokenPolicy tokenPolicy() {
    return accessTokens.policy();
  }

  /** Runs a call to the stores, reporting a {@link StoreUnavailableException} to the probes before it propagates. */
  private <T> T guard(Supplier<T> call) {
    try {
      return call.get();
    } catch (StoreUnavailableException e) {
      events.probes().storeFailed();
      throw e;
    }
  }

  private void guardRun(Runnable call) {
    guard(() -> {
      call.run();
      return null;
    });
  }
}
