package dev.latchkey.auth.core;

import dev.latchkey.auth.core.event.AuthEvent;
import dev.latchkey.auth.core.event.AuthEventType;
import dev.latchkey.auth.core.event.EventSink;
import dev.latchkey.auth.core.role.Role;
import dev.latchkey.auth.core.role.RoleAssignment;
import dev.latchkey.auth.core.service.ApiKey;
import dev.latchkey.auth.core.service.ApiKeyId;
import dev.latchkey.auth.core.service.Service;
import dev.latchkey.auth.core.service.ServiceId;
import dev.latchkey.auth.core.token.AccessTokens;
import dev.latchkey.auth.core.token.IssuedAccessToken;
import dev.latchkey.auth.core.token.Principal;
import dev.latchkey.auth.core.token.RawToken;
import dev.latchkey.auth.core.token.TokenVerification;
import dev.latchkey.auth.core.user.User;
import dev.latchkey.auth.core.user.UserId;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Roles and permissions, registered services, and API keys (service credentials). Obtained from
 * {@link Auth#accessControl()}. Role changes are seen by {@link Auth#verify} at once: the holder's earlier access
 * tokens are refused and the next refresh carries the new roles. Thread-safe.
 */
public final class AccessControl {
  /** A permission every role may grant to mean "everything". */
  public static final String ALL_PERMISSIONS = "*";
  private static final Duration TOUCH_SPACING = Duration.ofMinutes(1);
  private static final int MAX_NAME = 100;
  private static final int MAX_DESCRIPTION = 1000;
  private static final int MAX_PERMISSIONS = 64;
  private static final java.util.regex.Pattern PERMISSION = java.util.regex.Pattern.compile("[A-Za-z0-9._:*/-]{1,100}");

  private final Stores stores;
  private final SessionFlow sessions;
  private final AccessTokens accessTokens;
  private final EventSink events;
  private final Clock clock;
  private final SecureRandom random;

  AccessControl(Stores stores, SessionFlow sessions, AccessTokens accessTokens, EventSink events, Clock clock,
      SecureRandom random) {
    this.stores = stores;
    this.sessions = sessions;
    this.accessTokens = accessTokens;
    this.events = events;
    this.clock = clock;
    this.random = random;
  }

  /**
   * Whether the principal may do {@code permission}: an active administrator may do everything; otherwise one of
   * the user's global roles, or of their roles in {@code service} when given, must grant it. Client (API key) tokens
   * are judged by the key's roles. Reads current assignments, so a change applies at once.
   */
  public boolean authorize(Principal principal, String permission, @Nullable ServiceId service) {
    Objects.requireNonNull(permission, "permission");
    if (principal.isClient()) {
      Optional<ApiKey> key = liveKey(principal.clientId());
      if (key.isEmpty()) {
        return false;
      }
      ServiceId scope = key.get().service();
      if (service != null && scope != null && !scope.equals(service)) {
        return false;
      }
      return key.get().roles().stream().anyMatch(r -> grants(r, scope, permission));
    }
    Optional<User> user = stores.users().findById(principal.userId()).filter(User::active);
    if (user.isEmpty()) {
      return false;
    }
    if (user.get().admin()) {
      return true;
    }
    for (RoleAssignment a : stores.roleAssignments().assignmentsOf(principal.userId())) {
      if ((a.service() == null || a.service().equals(service)) && grants(a.role(), a.service(), permission)) {
        return true;
      }
    }
    return false;
  }

  private boolean grants(String role, @Nullable ServiceId service, String permission) {
    return stores.roles().find(role, service)
        .map(r -> r.permissions().contains(permission) || r.permissions().contains(ALL_PERMISSIONS))
        .orElse(false);
  }

  /**
   * Creates or replaces a role.
   *
   * @throws ValidationException when it is named {@code admin} in any casing (administrator rights come only from a
   *     user's admin flag, never from a role), when its description is over 1000 characters, or it has more than 64
   *     permissions, or one that is not 1 to 100 of {@code A-Z a-z 0-9 . _ : * / -} (so that every store holds them)
   * @throws NotFoundException when its service does not exist
   */
  public Role saveRole(Role role) {
    refuseReserved(role.name(), "name");
    checkLength("description", role.description(), MAX_DESCRIPTION);
    if (role.permissions().size() > MAX_PERMISSIONS
        || !role.permissions().stream().allMatch(p -> PERMISSION.matcher(p).matches())) {
      throw ValidationException.of("permissions", "at most " + MAX_PERMISSIONS
          + ", each 1 to 100 letters, digits or . _ : * / -");
    }
    if (role.service() != null) {
      requireService(role.service());
    }
    stores.roles().save(role);
    events.emit(AuthEvent.of(AuthEventType.ROLE_SAVED, clock.instant()).with("role", role.name()));
    return role;
  }

  /** Deletes a role and takes it from everyone who held it; their tokens are refused at once. */
  public boolean deleteRole(String name, @Nullable ServiceId service) {
    boolean existed = stores.roles().delete(name, service);
    for (UserId holder : stores.roleAssignments().removeRole(name, service)) {
      sessions.revokeIssuedTokens(holder);
    }
    if (existed) {
      events.emit(AuthEvent.of(AuthEventType.ROLE_DELETED, clock.instant()).with("role", name));
    }
    return existed;
  }

  /** Every role, global ones first. */
  public List<Role> roles() {
    return stores.roles().list();
  }

  /**
   * Gives a user a role; idempotent. The user's earlier access tokens are refused at once.
   *
   * @throws NotFoundException when the user or the role does not exist
   */
  public void assign(UserId userId, String role, @Nullable ServiceId service) {
    stores.users().findById(userId).orElseThrow(() -> new NotFoundException("the user does not exist"));
    requireRole(role, service);
    if (stores.roleAssignments().assign(new RoleAssignment(userId, role, service))) {
      sessions.revokeIssuedTokens(userId);
      events.emit(AuthEvent.of(AuthEventType.ROLE_ASSIGNED, clock.instant()).user(userId).with("role", role));
    }
  }

  /** Takes a role from a user; idempotent. The user's earlier access tokens are refused at once. */
  public void unassign(UserId userId, String role, @Nullable ServiceId service) {
    if (stores.roleAssignments().unassign(new RoleAssignment(userId, role, service))) {
      sessions.revokeIssuedTokens(userId);
      events.emit(AuthEvent.of(AuthEventType.ROLE_UNASSIGNED, clock.instant()).user(userId).with("role", role));
    }
  }

  /** The user's role assignments, with their services. */
  public List<RoleAssignment> assignmentsOf(UserId userId) {
    return stores.roleAssignments().assignmentsOf(userId);
  }

  /**
   * Registers a service.
   *
   * @throws ValidationException when the name is blank or over 100 characters, or the description over 1000
   * @throws ConflictException when the name is taken
   */
  public Service registerService(String name, @Nullable String description) {
    checkService(name, description);
    Service service = new Service(ServiceId.random(), name.strip(), description, clock.instant());
    stores.services().create(service);
    events.emit(AuthEvent.of(AuthEventType.SERVICE_CHANGED, clock.instant()).with("service", service.id().toString()));
    return service;
  }

  /**
   * Renames or re-describes a service.
   *
   * @throws ValidationException as for {@link #registerService}
   * @throws NotFoundException when it does not exist
   */
  public Service updateService(ServiceId id, String name, @Nullable String description) {
    checkService(name, description);
    Service existing = requireService(id);
    Service updated = new Service(id, name.strip(), description, existing.createdAt());
    if (!stores.services().update(updated)) {
      throw new NotFoundException("the service does not exist");
    }
    events.emit(AuthEvent.of(AuthEventType.SERVICE_CHANGED, clock.instant()).with("service", id.toString()));
    return updated;
  }

  /**
   * Deletes a service.
   *
   * @throws ConflictException while roles or API keys are scoped to it
   */
  public boolean deleteService(ServiceId id) {
    boolean inUse = stores.roles().list().stream().anyMatch(r -> id.equals(r.service()))
        || stores.apiKeys().list().stream().anyMatch(k -> id.equals(k.service()));
    if (inUse) {
      throw new ConflictException("roles or API keys are scoped to this service; delete them first");
    }
    boolean existed = stores.services().delete(id);
    if (existed) {
      events.emit(AuthEvent.of(AuthEventType.SERVICE_CHANGED, clock.instant()).with("service", id.toString()));
    }
    return existed;
  }

  /** Every registered service. */
  public List<Service> services() {
    return stores.services().list();
  }

  /**
   * Creates an API key. Its secret is in the result only: store it now.
   *
   * @param name what it is for
   * @param roles the roles its tokens carry (each must exist, in {@code service} when given)
   * @param service the service it is scoped to, or null
   * @param expiresAt when it stops working, or null for never
   */
  public CreatedApiKey createApiKey(String name, Set<String> roles, @Nullable ServiceId service,
      @Nullable Instant expiresAt) {
    if (name.isBlank() || name.length() > 100) {
      throw ValidationException.of("name", "must be 1 to 100 characters");
    }
    if (service != null) {
      requireService(service);
    }
    roles.forEach(r -> requireRole(r, service));
    Instant now = clock.instant();
    if (expiresAt != null && !expiresAt.isAfter(now)) {
      throw ValidationException.of("expires_at", "must be in the future");
    }
    ApiKeyId id = ApiKeyId.random();
    RawToken secret = OpaqueSecrets.generate(OpaqueSecrets.API_KEY_PREFIX, id.value(), random);
    ApiKey key = new ApiKey(id, name.strip(), secret.hash(), roles, service, now, expiresAt, null);
    stores.apiKeys().create(key);
    events.emit(AuthEvent.of(AuthEventType.API_KEY_CREATED, now).with("api_key", id.toString()));
    return new CreatedApiKey(key, secret);
  }

  /** Every API key (hashes only), oldest first. */
  public List<ApiKey> apiKeys() {
    return stores.apiKeys().list();
  }

  /** Deletes an API key; the access tokens it was exchanged for are refused at once. */
  public boolean deleteApiKey(ApiKeyId id) {
    boolean existed = stores.apiKeys().delete(id);
    sessions.revokeIssuedTokens(new UserId(id.value()));
    if (existed) {
      events.emit(AuthEvent.of(AuthEventType.API_KEY_REVOKED, clock.instant()).with("api_key", id.toString()));
    }
    return existed;
  }

  /** The live key this secret belongs to: unknown, wrong, deleted and expired secrets all give empty. */
  public Optional<ApiKey> authenticateApiKey(String secret) {
    Optional<UUID> id = OpaqueSecrets.idOf(OpaqueSecrets.API_KEY_PREFIX, secret);
    if (id.isEmpty()) {
      return Optional.empty();
    }
    Optional<ApiKey> key = stores.apiKeys().find(new ApiKeyId(id.get()));
    Instant now = clock.instant();
    if (key.isEmpty() || !key.get().secretHash().matches(RawToken.of(secret).hash()) || key.get().isExpiredAt(now)) {
      return Optional.empty();
    }
    Instant last = key.get().lastUsedAt();
    if (last == null || !now.isBefore(last.plus(TOUCH_SPACING))) {
      stores.apiKeys().touch(key.get().id(), now);
    }
    return key.map(AccessControl::withoutReservedRoles);
  }

  /**
   * Whether a bearer credential is shaped like an API-key secret (the {@code lk_} prefix this class's keys carry)
   * rather than an access token, whose compact JWS starts with a base64url JSON header ({@code ey…}).
   */
  static boolean isApiKeySecret(String bearer) {
    return bearer.startsWith(OpaqueSecrets.API_KEY_PREFIX);
  }

  /**
   * The key's secret presented as a bearer credential ({@link Auth#authenticate}): a client principal named by the
   * key id, carrying the key's roles, expiring with the key (or in a minute for a key that never expires, so that
   * callers caching principals ask again), or {@link TokenVerification.Reason#UNKNOWN_API_KEY}.
   */
  TokenVerification authenticateBearer(String secret) {
    Instant now = clock.instant();
    return authenticateApiKey(secret).<TokenVerification>map(key -> new TokenVerification.Valid(new Principal(
        new UserId(key.id().value()), key.name(), null, "api-key:" + key.id(), key.roles(), now,
        key.expiresAt() != null ? key.expiresAt() : now.plus(Duration.ofMinutes(1)), key.id().toString())))
        .orElseGet(() -> new TokenVerification.Invalid(TokenVerification.Reason.UNKNOWN_API_KEY));
  }

  /**
   * The client-credentials grant: exchanges a key's id and secret for a short-lived access token carrying the key's
   * roles ({@code sub} and {@code client_id} are the key id). Empty when the pair does not authenticate.
   */
  public Optional<IssuedAccessToken> issueClientToken(ApiKeyId id, String secret) {
    Optional<ApiKey> key = authenticateApiKey(secret).filter(k -> k.id().equals(id));
    key.ifPresent(k -> events.emit(AuthEvent.of(AuthEventType.CLIENT_TOKEN_ISSUED, clock.instant())
        .with("api_key", k.id().toString())));
    return key.map(k -> accessTokens.issueForClient(k.id(), k.name(), k.roles()));
  }

  private static void checkService(String name, @Nullable String description) {
    if (name.isBlank() || name.strip().length() > MAX_NAME) {
      throw ValidationException.of("name", "must be 1 to " + MAX_NAME + " characters");
    }
    checkLength("description", description, MAX_DESCRIPTION);
  }

  private static void checkLength(String field, @Nullable String value, int max) {
    if (value != null && value.length() > max) {
      throw ValidationException.of(field, "must be at most " + max + " characters");
    }
  }

  /**
   * The name tokens carry for administrators ({@code admin}); reserved, in any casing, for the user's admin flag, so no
   * role or API key can grant it.
   */
  public static boolean isReservedRole(String name) {
    return SessionFlow.ADMIN_ROLE.equalsIgnoreCase(name);
  }

  private static void refuseReserved(String role, String field) {
    if (isReservedRole(role)) {
      throw ValidationException.of(field, "'admin' is reserved: administrator rights come from the user's admin flag");
    }
  }

  /** A role that may be given to a user or a key: it exists, and is not a stored role named like the reserved one. */
  Role requireRole(String name, @Nullable ServiceId service) {
    refuseReserved(name, "roles");
    return stores.roles().find(name, service)
        .orElseThrow(() -> new NotFoundException("the role does not exist"));
  }

  /** A key stored before the name was reserved may carry {@code admin}: it never reaches a principal or a token. */
  private static ApiKey withoutReservedRoles(ApiKey key) {
    if (key.roles().stream().noneMatch(AccessControl::isReservedRole)) {
      return key;
    }
    return new ApiKey(key.id(), key.name(), key.secretHash(), key.roles().stream()
        .filter(r -> !isReservedRole(r)).collect(Collectors.toUnmodifiableSet()), key.service(),
        key.createdAt(), key.expiresAt(), key.lastUsedAt());
  }

  private Service requireService(ServiceId id) {
    return stores.services().find(id).orElseThrow(() -> new NotFoundException("the service does not exist"));
  }

  private Optional<ApiKey> liveKey(@Nullable String clientId) {
    if (clientId == null) {
      return Optional.empty();
    }
    try {
      return stores.apiKeys().find(ApiKeyId.parse(clientId)).filter(k -> !k.isExpiredAt(clock.instant()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
