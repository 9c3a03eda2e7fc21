package dev.latchkey.auth.core;

import dev.latchkey.auth.core.event.AuthEvent;
import dev.latchkey.auth.core.event.AuthEventType;
import dev.latchkey.auth.core.event.EventSink;
import dev.latchkey.auth.core.role.RoleStore;
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
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
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
  private final RoleStore roles;
  private final AccessTokens accessTokens;
  private final RefreshPolicy refreshPolicy;
  private final EventSink events;
  private final Clock clock;
  private final SecureRandom random;

  SessionFlow(Stores stores, AccessTokens accessTokens, RefreshPolicy refreshPolicy, EventSink events, Clock clock,
      SecureRandom random) {
    this.users = stores.users();
    this.sessions = stores.sessions();
    this.revocations = stores.revocations();
    this.roles = stores.roles();
    this.accessTokens = accessTokens;
    this.refreshPolicy = refreshPolicy;
    this.events = events;
    this.clock = clock;
    this.random = random;
  }

  AuthTokens start(User user, ClientInfo client) {
    SessionId sessionId = SessionId.random();
    RawToken refresh = RefreshTokenCodec.generate(sessionId, random);
    Session session = Session.start(sessionId, user.id(), refresh.hash(), clock.instant(), refreshPolicy,
        client.userAgent(), client.ip());
    sessions.create(session);
    return tokens(user, sessionId, refresh);
  }

  RefreshResult refresh(String presented, ClientInfo client) {
    Optional<SessionId> named = RefreshTokenCodec.sessionOf(presented);
    if (named.isEmpty()) {
      return new RefreshResult.InvalidToken();
    }
    SessionId sessionId = named.get();
    RawToken next = RefreshTokenCodec.generate(sessionId, random);
    Instant now = clock.instant();
    Rotation rotation = new Rotation(RawToken.of(presented).hash(), next.hash(), now, refreshPolicy);
    return switch (sessions.rotate(sessionId, rotation)) {
      case RotationResult.Rotated rotated -> issueAfterRotation(rotated.session(), next, now, client);
      case RotationResult.Reused reused -> {
        revocations.revokeSession(sessionId, accessTokenHorizon(now));
        events.emit(AuthEvent.of(AuthEventType.REFRESH_TOKEN_REUSED, now).user(reused.session().userId())
            .session(sessionId).ip(client.ip()));
        yield new RefreshResult.TokenReused();
      }
      case RotationResult.Invalid invalid -> new RefreshResult.InvalidToken();
    };
  }

  private RefreshResult issueAfterRotation(Session session, RawToken next, Instant now, ClientInfo client) {
    Optional<User> user = users.findById(session.userId());
    if (user.isEmpty() || !user.get().active()) {
      sessions.delete(session.id());
      return new RefreshResult.InvalidToken();
    }
    events.emit(AuthEvent.of(AuthEventType.TOKEN_REFRESHED, now).user(session.userId()).session(session.id())
        .ip(client.ip()));
    return new RefreshResult.Success(tokens(user.get(), session.id(), next));
  }

  TokenVerification verify(@Nullable String token) {
    TokenVerification result = accessTokens.verifyStateless(token);
    if (result instanceof TokenVerification.Valid valid && revocations.isRevoked(valid.principal())) {
      return new TokenVerification.Invalid(TokenVerification.Reason.REVOKED);
    }
    return result;
  }

  void logout(Principal principal, ClientInfo client) {
    Instant now = clock.instant();
    revocations.revokeToken(principal.tokenId(), principal.expiresAt().plus(accessTokens.policy().leeway()));
    SessionId sessionId = principal.sessionId();
    if (sessionId != null) {
      revocations.revokeSession(sessionId, accessTokenHorizon(now));
      sessions.delete(sessionId);
    }
    events.emit(AuthEvent.of(AuthEventType.LOGOUT, now).user(principal.userId()).session(sessionId).ip(client.ip()));
  }

  void logoutEverywhere(UserId userId) {
    Instant now = clock.instant();
    Instant horizon = accessTokenHorizon(now);
    // Every token issued in an earlier second is refused by the epoch (iat has whole-second precision); tokens of the
    // current second are refused through their sessions, so a login right after this one is not caught by it.
    revocations.revokeUserBefore(userId, now.truncatedTo(ChronoUnit.SECONDS), horizon);
    for (Session session : sessions.deleteByUser(userId)) {
      revocations.revokeSession(session.id(), horizon);
    }
    events.emit(AuthEvent.of(AuthEventType.LOGOUT_EVERYWHERE, now).user(userId));
  }

  /** Until when a revocation must be remembered: every access token issued before now has expired by then. */
  private Instant accessTokenHorizon(Instant now) {
    return now.plus(accessTokens.policy().accessTokenTtl()).plus(accessTokens.policy().leeway())
        .plusSeconds(1);
  }

  private AuthTokens tokens(User user, SessionId sessionId, RawToken refresh) {
    Set<String> granted = new HashSet<>(roles.rolesOf(user.id()));
    if (user.admin()) {
      granted.add(ADMIN_ROLE);
    }
    IssuedAccessToken access = accessTokens.issue(user.id(), user.username(), sessionId, granted);
    return new AuthTokens(access, refresh, sessionId, user, granted);
  }
}
