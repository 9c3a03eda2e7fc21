package dev.latchkey.auth.core;

import dev.latchkey.auth.core.event.AuthEvent;
import dev.latchkey.auth.core.event.AuthEventType;
import dev.latchkey.auth.core.event.EventSink;
import dev.latchkey.auth.core.role.RoleAssignment;
import dev.latchkey.auth.core.role.RoleAssignmentStore;
import dev.latchkey.auth.core.service.ApiKey;
import dev.latchkey.auth.core.service.ApiKeyId;
import dev.latchkey.auth.core.service.ApiKeyStore;
import dev.latchkey.auth.core.session.RefreshPolicy;
import dev.latchkey.auth.core.session.Rotation;
import dev.latchkey.auth.core.session.RotationResult;
import dev.latchkey.auth.core.session.Session;
import dev.latchkey.auth.core.session.SessionId;
import dev.latchkey.auth.core.session.SessionStore;
import dev.latchkey.auth.core.token.AccessTokens;
import dev.latchkey.auth.core.token.IssuedAccessToken;
import dev.latchkey.auth.core.token.Principal;
import dev.latchkey.auth.core.token.RawToken;
import dev.latchkey.auth.core.token.RevocationStore;
import dev.latchkey.auth.core.token.TokenVerification;
import dev.latchkey.auth.core.user.User;
import dev.latchkey.auth.core.user.UserId;
import dev.latchkey.auth.core.user.UserStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Sessions and tokens: start, refresh with rotation and reuse detection, verify, logout. */
final class SessionFlow {
  /** The role every administrator's tokens carry. */
  static final String ADMIN_ROLE = "admin";

  private final UserStore users;
  private final SessionStore sessions;
  private final RevocationStore revocations;
  private final RoleAssignmentStore roleAssignments;
  private final ApiKeyStore apiKeys;
  private final AccountPolicy accountPolicy;
  private final AccessTokens accessTokens;
  private final RefreshPolicy refreshPolicy;
  private final EventSink events;
  private final Clock clock;
  private final SecureRandom random;

  SessionFlow(Stores stores, AccessTokens accessTokens, RefreshPolicy refreshPolicy, AccountPolicy accountPolicy,
      EventSink events, Clock clock, SecureRandom random) {
    this.users = stores.users();
    this.sessions = stores.sessions();
    this.revocations = stores.revocations();
    this.roleAssignments = stores.roleAssignments();
    this.apiKeys = stores.apiKeys();
    this.accountPolicy = accountPolicy;
    this.accessTokens = accessTokens;
    this.refreshPolicy = refreshPolicy;
    this.events = events;
    this.clock = clock;
    this.random = random;
  }

  /** Starts a session, or returns empty when the session limit refuses it. */
  Optional<AuthTokens> start(User user, ClientInfo client) {
    SessionId sessionId = SessionId.random();
    RawToken refresh = OpaqueSecrets.generate("", sessionId.value(), random);
    Session session = Session.start(sessionId, user.id(), refresh.hash(), clock.instant(), refreshPolicy,
        client.userAgent(), client.ip());
    sessions.create(session);
    if (!withinSessionLimit(user.id(), sessionId)) {
      sessions.delete(sessionId);
      return Optional.empty();
    }
    return Optional.of(tokens(user, sessionId, refresh));
  }

  /**
   * Enforces the per-user session limit after a new session was stored: checking afterwards (oldest first, ties by
   * id) makes concurrent logins agree on who is over the limit.
   */
  private boolean withinSessionLimit(UserId userId, SessionId fresh) {
    int max = accountPolicy.maxSessionsPerUser();
    if (max == 0) {
      return true;
    }
    List<Session> live = sessions.listByUser(userId);
    if (live.size() <= max) {
      return true;
    }
    if (accountPolicy.sessionLimit() == AccountPolicy.SessionLimit.REFUSE) {
      return live.subList(0, max).stream().anyMatch(s -> s.id().equals(fresh));
    }
    for (Session oldest : live.subList(0, live.size() - max)) {
      if (!oldest.id().equals(fresh)) {
        revoke(oldest, clock.instant());
      }
    }
    return true;
  }

  List<Session> list(UserId userId) {
    return sessions.listByUser(userId);
  }

  /** Revokes one of the user's sessions; false when it is not theirs or already gone. */
  boolean revokeSession(UserId userId, SessionId sessionId) {
    Optional<Session> session = sessions.find(sessionId).filter(s -> s.userId().equals(userId));
    session.ifPresent(s -> revoke(s, clock.instant()));
    return session.isPresent();
  }

  /** Revokes every session of the user but {@code keep} (which may be null: then all of them). */
  int revokeOtherSessions(UserId userId, @Nullable SessionId keep) {
    int revoked = 0;
    Instant now = clock.instant();
    for (Session s : sessions.listByUser(userId)) {
      if (!s.id().equals(keep)) {
        revoke(s, now);
        revoked++;
      }
    }
    return revoked;
  }

  /**
   * Refuses every access token issued to the subject so far (a role change must be seen at once) while sessions live
   * on: their next refresh issues tokens with the new roles.
   */
  void revokeIssuedTokens(UserId subject) {
    Instant now = clock.instant();
    revocations.revokeUserBefore(subject, AccessTokens.issueTimeOf(now), accessTokenHorizon(now));
  }

  private void revoke(Session session, Instant now) {
    revocations.revokeSession(session.userId(), session.id(), accessTokenHorizon(now));
    sessions.delete(session.id());
    events.emit(AuthEvent.of(AuthEventType.SESSION_REVOKED, now).user(session.userId()).session(session.id()));
  }

  /**
   * Rotates a refresh token. Everything the answer needs (the session's user and roles) is read before the rotation
   * commits and nothing that can fail comes after it: a store failing between the two would answer 503 for a rotation
   * that happened, and the client's retry with its old token after the grace window would then end the session as
   * reuse (found by the fault campaign, StoreOutageTest). The price is one read of the session.
   */
  RefreshResult refresh(String presented, ClientInfo client) {
    Optional<SessionId> named = OpaqueSecrets.idOf("", presented).map(SessionId::new);
    if (named.isEmpty()) {
      return new RefreshResult.InvalidToken();
    }
    SessionId sessionId = named.get();
    RawToken next = OpaqueSecrets.generate("", sessionId.value(), random);
    Instant now = clock.instant();
    Rotation rotation = new Rotation(RawToken.of(presented).hash(), next.hash(), now, refreshPolicy);
    Optional<Session> found = sessions.find(sessionId);
    if (found.isEmpty() || found.get().isExpiredAt(now)
        || rotation.decide(found.get()) instanceof RotationResult.Invalid) {
      return new RefreshResult.InvalidToken(); // no token becomes valid later: nothing more to read or write
    }
    Optional<User> user = users.findById(found.get().userId());
    @Nullable Set<String> granted = user.filter(User::active).map(this::granted).orElse(null);
    return switch (sessions.rotate(sessionId, rotation)) {
      case RotationResult.Rotated rotated -> {
        if (user.isEmpty() || granted == null || !user.get().id().equals(rotated.session().userId())) {
          sessions.delete(sessionId); // the user is gone or disabled: a valid token ends its session
          yield new RefreshResult.InvalidToken();
        }
        events.emit(AuthEvent.of(AuthEventType.TOKEN_REFRESHED, now).user(rotated.session().userId())
            .session(sessionId).ip(client.ip()));
        yield new RefreshResult.Success(tokens(user.get(), sessionId, next, granted));
      }
      case RotationResult.Reused reused -> {
        revocations.revokeSession(reused.session().userId(), sessionId, accessTokenHorizon(now));
        events.emit(AuthEvent.of(AuthEventType.REFRESH_TOKEN_REUSED, now).user(reused.session().userId())
            .session(sessionId).ip(client.ip()));
        yield new RefreshResult.TokenReused();
      }
      case RotationResult.Invalid invalid -> new RefreshResult.InvalidToken();
    };
  }

  TokenVerification verify(@Nullable String token) {
    TokenVerification result = accessTokens.verifyStateless(token);
    if (result instanceof TokenVerification.Valid valid
        && (revocations.isRevoked(valid.principal()) || clientGone(valid.principal()))) {
      return new TokenVerification.Invalid(TokenVerification.Reason.REVOKED);
    }
    return result;
  }

  /** A client token whose API key was deleted or has expired. */
  private boolean clientGone(Principal principal) {
    String clientId = principal.clientId();
    if (clientId == null) {
      return false;
    }
    Optional<ApiKey> key;
    try {
      key = apiKeys.find(ApiKeyId.parse(clientId));
    } catch (IllegalArgumentException e) {
      return true;
    }
    return key.isEmpty() || key.get().isExpiredAt(clock.instant());
  }

  void logout(Principal principal, ClientInfo client) {
    Instant now = clock.instant();
    revocations.revokeToken(principal.userId(), principal.tokenId(), principal.expiresAt().plus(accessTokens.policy().leeway()));
    SessionId sessionId = principal.sessionId();
    if (sessionId != null) {
      revocations.revokeSession(principal.userId(), sessionId, accessTokenHorizon(now));
      sessions.delete(sessionId);
    }
    events.emit(AuthEvent.of(AuthEventType.LOGOUT, now).user(principal.userId()).session(sessionId).ip(client.ip()));
  }

  void logoutEverywhere(UserId userId) {
    Instant now = clock.instant();
    Instant horizon = accessTokenHorizon(now);
    // Token ids carry their issue time below the millisecond, so the epoch refuses exactly what came before now.
    revocations.revokeUserBefore(userId, AccessTokens.issueTimeOf(now), horizon);
    for (Session session : sessions.deleteByUser(userId)) {
      revocations.revokeSession(userId, session.id(), horizon);
    }
    events.emit(AuthEvent.of(AuthEventType.LOGOUT_EVERYWHERE, now).user(userId));
  }

  /** Until when a revocation must be remembered: every access token issued before now has expired by then. */
  private Instant accessTokenHorizon(Instant now) {
    return now.plus(accessTokens.policy().accessTokenTtl()).plus(accessTokens.policy().leeway())
        .plusSeconds(1);
  }

  private AuthTokens tokens(User user, SessionId sessionId, RawToken refresh) {
    return tokens(user, sessionId, refresh, granted(user));
  }

  /** The roles an access token of {@code user} carries: global assignments, plus admin for an administrator. */
  private Set<String> granted(User user) {
    Set<String> granted = new HashSet<>();
    for (RoleAssignment a : roleAssignments.assignmentsOf(user.id())) {
      if (a.service() == null && !AccessControl.isReservedRole(a.role())) {
        granted.add(a.role()); // service-scoped roles are checked by Auth.authorize, not carried in tokens
      }
    }
    if (user.admin()) { // the only source of the admin role: a stored role named so (from older versions) is not
      granted.add(ADMIN_ROLE);
    }
    return granted;
  }

  private AuthTokens tokens(User user, SessionId sessionId, RawToken refresh, Set<String> granted) {
    IssuedAccessToken access = accessTokens.issue(user.id(), user.username(), sessionId, granted);
    events.probes().refreshTokenIssued();
    return new AuthTokens(access, refresh, sessionId, user, granted);
  }
}
