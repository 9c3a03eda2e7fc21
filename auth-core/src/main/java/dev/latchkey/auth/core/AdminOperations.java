package dev.latchkey.auth.core;

import dev.latchkey.auth.core.event.AuthEvent;
import dev.latchkey.auth.core.event.AuthEventType;
import dev.latchkey.auth.core.event.EventQuery;
import dev.latchkey.auth.core.event.EventSink;
import dev.latchkey.auth.core.oauth.OAuthAccount;
import dev.latchkey.auth.core.oauth.OAuthProvider;
import dev.latchkey.auth.core.oauth.ProviderSettings;
import dev.latchkey.auth.core.password.Password;
import dev.latchkey.auth.core.password.PasswordHasher;
import dev.latchkey.auth.core.password.PasswordPolicy;
import dev.latchkey.auth.core.role.RoleAssignment;
import dev.latchkey.auth.core.session.Session;
import dev.latchkey.auth.core.user.Identifiers;
import dev.latchkey.auth.core.user.User;
import dev.latchkey.auth.core.user.UserId;
import dev.latchkey.auth.core.user.UserPage;
import dev.latchkey.auth.core.user.UserQuery;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * User administration: create, search, change, disable and delete users, see and end their sessions, read the audit
 * log. Obtained from {@link Auth#admin()}; the caller decides who may use it (the HTTP module requires the
 * {@code admin} role). The last active administrator can never be deleted, disabled or demoted
 * ({@link LastAdminException}), even by concurrent requests. Thread-safe.
 */
public final class AdminOperations {
  /** How many locked-out login identifiers {@link #stats()} examines at most. */
  public static final int MAX_LOCKED_COUNTED = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(AdminOperations.class);

  private final Stores stores;
  private final LoginFlow logins;
  private final AccountFlow accounts;
  private final SessionFlow sessions;
  private final AccessControl access;
  private final OAuthLogin oauth;
  private final ProviderAdministration providerAdmin;
  private final PasswordHasher hasher;
  private final PasswordPolicy passwordPolicy;
  private final EventSink events;
  private final Clock clock;

  AdminOperations(Stores stores, LoginFlow logins, AccountFlow accounts, SessionFlow sessions, AccessControl access,
      OAuthLogin oauth, ProviderAdministration providerAdmin, PasswordHasher hasher, PasswordPolicy passwordPolicy,
      EventSink events, Clock clock) {
    this.oauth = oauth;
    this.providerAdmin = providerAdmin;
    this.stores = stores;
    this.logins = logins;
    this.accounts = accounts;
    this.sessions = sessions;
    this.access = access;
    this.hasher = hasher;
    this.passwordPolicy = passwordPolicy;
    this.events = events;
    this.clock = clock;
  }

  /**
   * Creates a user whose email counts as verified.
   *
   * @throws ValidationException as for registration
   * @throws WeakPasswordException as for registration
   * @throws ConflictException as for registration
   * @throws NotFoundException when a named role does not exist
   */
  public User createUser(NewUser user) {
    for (String role : user.roles()) {
      access.requireRole(role, null);
    }
    User created = logins.register(new Registration(user.username(), user.email(), user.password(), user.name(),
        null), true);
    if (user.admin()) {
      created = accounts.updateUser(created.id(), u -> u.withAdmin(true)).orElseThrow();
    }
    for (String role : user.roles()) {
      stores.roleAssignments().assign(new RoleAssignment(created.id(), role, null));
    }
    events.emit(AuthEvent.of(AuthEventType.USER_CREATED, clock.instant()).user(created.id()));
    return created;
  }

  /**
   * Imports a user with an existing password hash (see {@link ImportedUser}), which is re-hashed with Argon2id at
   * the next successful login.
   *
   * @throws ValidationException for a malformed username or email, or a hash in an unknown format
   * @throws ConflictException when the username or email is taken
   */
  public User importUser(ImportedUser imported) {
    String username = Identifiers.validUsername(imported.username());
    String email = Identifiers.validEmail(imported.email());
    if (!PasswordHasher.recognizes(imported.passwordHash())) {
      throw ValidationException.of("password_hash", "must be a bcrypt, Argon2 or Spring-prefixed PBKDF2 hash");
    }
    User user = new User(UserId.random(), username, email, imported.emailVerified(),
        Identifiers.validName(imported.name()), null, imported.active(), imported.admin(), imported.passwordHash(),
        false, imported.createdAt(), null, 1);
    stores.users().create(user);
    events.emit(AuthEvent.of(AuthEventType.USER_CREATED, clock.instant()).user(user.id()).with("imported", "true"));
    return user;
  }

  /**
   * Counts for an overview: users, recent activity, live sessions and locked-out accounts. Reads every store once
   * (sessions and lockouts may be scanned), so it is meant for an admin page, not for every request.
   */
  public AuthStats stats() {
    Instant now = clock.instant();
    Instant dayAgo = now.minus(Duration.ofHours(24));
    return new AuthStats(stores.userDirectory().countUsers(), stores.userDirectory().countLoggedInSince(dayAgo),
        stores.sessions().countLive(), stores.eventLog().count(AuthEventType.LOGIN_SUCCEEDED, dayAgo),
        stores.eventLog().count(AuthEventType.LOGIN_FAILED, dayAgo), lockedAccounts(now));
  }

  private long lockedAccounts(Instant now) {
    String prefix = LoginFlow.ACCOUNT_KEY_PREFIX; // failures are counted per account, identifiers without one apart
    Set<UserId> locked = new HashSet<>();
    for (String key : stores.rateLimiter().lockedKeys(prefix, now, MAX_LOCKED_COUNTED)) {
      try {
        locked.add(UserId.parse(key.substring(prefix.length())));
      } catch (IllegalArgumentException e) {
        LOG.debug("Ignoring a malformed lockout key");
      }
    }
    return locked.size();
  }

  /** One page of users whose username or email contains the query text. */
  public UserPage listUsers(UserQuery query) {
    return stores.userDirectory().search(query);
  }

  /** The user with this id, if any. */
  public Optional<User> user(UserId id) {
    return stores.users().findById(id);
  }

  /**
   * Applies an administrator's changes. Disabling or a new password revokes every session at once; a change of
   * administrator rights or roles revokes the user's access tokens at once (sessions live on and refresh with the new
   * roles).
   *
   * @throws NotFoundException when the user or a named role does not exist
   * @throws LastAdminException when it would disable or demote the last active administrator
   */
  public User updateUser(UserId id, UserChanges changes) {
    User before = user(id).orElseThrow(() -> new NotFoundException("the user does not exist"));
    String email = changes.email() == null ? null : Identifiers.validEmail(changes.email());
    String hash = null;
    if (changes.password() != null) {
      Password password = Password.of(changes.password());
      passwordPolicy.check(password, before.username(), before.email()).ifPresent(r -> {
        throw new WeakPasswordException(r);
      });
      hash = hasher.hash(password);
    }
    if (changes.roles() != null) {
      changes.roles().forEach(r -> access.requireRole(r, null));
    }
    String newHash = hash;
    User after = accounts.updateUser(id, u -> {
      User next = u;
      if (email != null) {
        next = next.withEmail(email, true);
      }
      if (changes.name() != null) {
        next = next.withProfile(Identifiers.validName(changes.name()), next.phone());
      }
      if (changes.active() != null && changes.active() != next.active()) {
        next = next.withActive(changes.active());
      }
      if (changes.admin() != null && changes.admin() != next.admin()) {
        next = next.withAdmin(changes.admin());
      }
      if (newHash != null) {
        next = next.withPasswordHash(newHash).withPasswordChangeRequired(false);
      }
      return next;
    }).orElseThrow(() -> new NotFoundException("the user does not exist"));
    if (newHash != null || email != null) {
      accounts.credentialsChanged(id); // reset links and a pending email change sent before stop working
    }
    boolean rolesChanged = changes.roles() != null && replaceRoles(id, changes.roles());
    if (!after.active() || newHash != null) {
      sessions.logoutEverywhere(id);
    } else if (rolesChanged || after.admin() != before.admin()) {
      sessions.revokeIssuedTokens(id);
    }
    AuthEventType type = before.active() && !after.active() ? AuthEventType.USER_DISABLED : AuthEventType.USER_UPDATED;
    events.emit(AuthEvent.of(type, clock.instant()).user(id));
    return after;
  }

  /** Disables a user and revokes every session at once. */
  public User disableUser(UserId id) {
    return updateUser(id, UserChanges.none().withActive(false));
  }

  /**
   * Deletes a user and everything stored about them.
   *
   * @throws NotFoundException when the user does not exist
   * @throws LastAdminException when it is the last active administrator
   */
  public void deleteUser(UserId id) {
    User user = user(id).orElseThrow(() -> new NotFoundException("the user does not exist"));
    accounts.deleteUserData(user);
    events.emit(AuthEvent.of(AuthEventType.USER_DELETED, clock.instant()).user(id));
  }

  /** The user's live sessions, oldest first. */
  public List<Session> sessionsOf(UserId id) {
    return sessions.list(id);
  }

  /** Ends every session of the user and revokes their tokens. */
  public void revokeSessions(UserId id) {
    sessions.logoutEverywhere(id);
  }

  /** Audit events, newest first. */
  public List<AuthEvent> events(EventQuery query) {
    return stores.eventLog().query(query);
  }

  /** Creates the first administrator when no active one exists; see {@link AccountPolicy#adminBootstrap()}. */
  void bootstrap(AccountPolicy.AdminBootstrap bootstrap, SecureRandom random) {
    if (stores.userDirectory().countActiveAdmins() > 0) {
      return;
    }
    if (stores.users().findByUsername(bootstrap.username()).isPresent()
        || stores.users().findByEmail(bootstrap.email()).isPresent()) {
      throw new IllegalStateException(
          "accountPolicy.adminBootstrap names a username or email that a non-admin account already has");
    }
    String password = bootstrap.password();
    boolean generated = password == null;
    if (generated) {
      byte[] bytes = new byte[24];
      random.nextBytes(bytes);
      password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
    try {
      User admin = createUser(new NewUser(bootstrap.username(), bootstrap.email(), password, null, true, Set.of()));
      if (generated) { // a secret that went through a log must be replaced before it opens a session
        accounts.updateUser(admin.id(), u -> u.withPasswordChangeRequired(true)).orElseThrow();
      }
    } catch (WeakPasswordException e) {
      throw new IllegalArgumentException("accountPolicy.adminBootstrap.password: " + e.getMessage(), e);
    }
    events.emit(AuthEvent.of(AuthEventType.ADMIN_BOOTSTRAPPED, clock.instant()).with("username", bootstrap.username()));
    if (generated) {
      // Deliberately logged once: it is how an operator learns the generated first-admin secret. Change it at once.
      LOG.warn("Created the first administrator '{}' with the one-time password {} - the first login with it asks"
              + " for a new password",
          bootstrap.username(), password);
    } else {
      LOG.info("Created the first administrator '{}' from the bootstrap configuration", bootstrap.username());
    }
  }

  private boolean replaceRoles(UserId id, Set<String> wanted) {
    Set<String> current = new HashSet<>();
    for (RoleAssignment a : stores.roleAssignments().assignmentsOf(id)) {
      if (a.service() == null) {
        current.add(a.role());
      }
    }
    boolean changed = false;
    for (String role : current) {
      if (!wanted.contains(role)) {
        changed |= stores.roleAssignments().unassign(new RoleAssignment(id, role, null));
      }
    }
    for (String role : wanted) {
      changed |= stores.roleAssignments().assign(new RoleAssignment(id, role, null));
    }
    return changed;
  }

  /**
   * Configures an identity provider; its client secret is encrypted under the {@code oauthSecretKey} before it is
   * stored. Templates: {@link ProviderSettings#google}, {@link ProviderSettings#github},
   * {@link ProviderSettings#microsoft}, {@link ProviderSettings#discord}, {@link ProviderSettings#oidc}.
   *
   * @throws ValidationException when a setting is invalid or the secret is missing
   * @throws ConflictException when the name is taken, or no {@code oauthSecretKey} was configured
   */
  public OAuthProvider createOAuthProvider(ProviderSettings settings) {
    return providerAdmin.create(settings);
  }

  /**
   * Replaces a provider's settings (found by name); a null or empty client secret keeps the stored one.
   *
   * @throws NotFoundException when there is no such provider
   * @throws ConflictException when a new client secret is given and no {@code oauthSecretKey} was configured
   */
  public OAuthProvider updateOAuthProvider(ProviderSettings settings) {
    return providerAdmin.update(settings);
  }

  /** The provider with this name (its client secret stays encrypted). */
  public Optional<OAuthProvider> oauthProvider(String name) {
    return stores.oauthProviders().find(name);
  }

  /** Every configured provider, enabled or not, by name. */
  public List<OAuthProvider> oauthProviders() {
    return stores.oauthProviders().list();
  }

  /**
   * Deletes a provider. Users keep their links (keyed by issuer and subject), so configuring the same issuer again
   * restores their logins.
   *
   * @param force delete even when accounts are linked to it
   * @return whether it existed
   * @throws ConflictException when accounts are linked to it and {@code force} is false
   */
  public boolean deleteOAuthProvider(String name, boolean force) {
    return providerAdmin.delete(name, force);
  }

  /** The identities linked to a user. */
  public List<OAuthAccount> oauthAccountsOf(UserId id) {
    return oauth.accounts(id);
  }

  /**
   * Unlinks one of a user's identities.
   *
   * @throws LastLoginMethodException when it is the last way a password-less user can log in
   */
  public void unlinkOAuthAccount(UserId id, UUID accountId) {
    oauth.unlink(id, accountId);
  }
}
