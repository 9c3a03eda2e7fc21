package dev.latchkey.auth.testkit;

import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.ClientInfo;
import dev.latchkey.auth.core.LoginResult;
import dev.latchkey.auth.core.NewUser;
import dev.latchkey.auth.core.Registration;
import dev.latchkey.auth.core.UserChanges;
import dev.latchkey.auth.core.role.Role;
import dev.latchkey.auth.core.user.User;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Seeds a user through {@link Auth}'s own API, in one line: by default with a verified email
 * ({@code <username>@example.com}) and a password the helper knows, so that a test can log in as the user.
 *
 * <pre>{@code
 * SignedInUser alice = latchkey.givenUser("alice").withRole("editor", "notes:write").signedIn();
 * SeededUser bob = latchkey.givenUser("bob").unverified().create();
 * }</pre>
 *
 * <p>Roles are global roles, created when missing; {@link #withRole(String, String...)} adds permissions to a role
 * (keeping those it already grants), and {@link #withPermissions} grants permissions through a role of the user's
 * own, named {@code given:<username>}. Not thread-safe; use it from one test thread.
 */
public final class GivenUser {
  private final Auth auth;
  private final String username;
  private String email;
  private String password;
  private boolean verified = true;
  private boolean admin;
  private final Map<String, Set<String>> roles = new LinkedHashMap<>();

  private GivenUser(Auth auth, String username) {
    this.auth = Objects.requireNonNull(auth, "auth");
    this.username = Objects.requireNonNull(username, "username");
    this.email = username + "@example.com";
    this.password = "unusual passphrase of " + username + " for tests";
  }

  /**
   * Starts seeding {@code username} in {@code auth}; with a registered {@link LatchkeyExtension}, call
   * {@link LatchkeyExtension#givenUser} instead.
   */
  public static GivenUser in(Auth auth, String username) {
    return new GivenUser(auth, username);
  }

  /** The user's email (default {@code <username>@example.com}). */
  public GivenUser withEmail(String value) {
    this.email = Objects.requireNonNull(value, "email");
    return this;
  }

  /** The user's password (default a passphrase derived from the username, which the password policy accepts). */
  public GivenUser withPassword(String value) {
    this.password = Objects.requireNonNull(value, "password");
    return this;
  }

  /** Global roles to hold; a missing role is created without permissions. */
  public GivenUser withRoles(String... names) {
    for (String name : names) {
      roles.computeIfAbsent(name, n -> new LinkedHashSet<>());
    }
    return this;
  }

  /** A global role to hold, granting (at least) {@code permissions}; created when missing, else extended. */
  public GivenUser withRole(String name, String... permissions) {
    roles.computeIfAbsent(name, n -> new LinkedHashSet<>()).addAll(List.of(permissions));
    return this;
  }

  /** Permissions to hold, through a role of the user's own named {@code given:<username>}. */
  public GivenUser withPermissions(String... permissions) {
    String own = "given:" + username;
    return withRole(own.length() > 64 ? own.substring(0, 64) : own, permissions);
  }

  /** Leaves the email unverified (as after a sign-up whose link was not yet opened). */
  public GivenUser unverified() {
    this.verified = false;
    return this;
  }

  /** Makes the user an administrator, who may do everything. */
  public GivenUser admin() {
    this.admin = true;
    return this;
  }

  /**
   * Creates the user (and the roles it needs).
   *
   * @throws dev.latchkey.auth.core.AuthException as the core would, for example when the username is taken
   */
  public SeededUser create() {
    for (Map.Entry<String, Set<String>> role : roles.entrySet()) {
      Optional<Role> existing = auth.accessControl().roles().stream()
          .filter(r -> r.service() == null && r.name().equals(role.getKey())).findFirst();
      Set<String> permissions = new LinkedHashSet<>(existing.map(Role::permissions).orElse(Set.of()));
      if (existing.isEmpty() || !permissions.containsAll(role.getValue())) {
        permissions.addAll(role.getValue());
        auth.accessControl().saveRole(new Role(role.getKey(), null,
            existing.map(Role::description).orElse("seeded by the test kit"), permissions));
      }
    }
    User user;
    if (verified) {
      user = auth.admin().createUser(new NewUser(username, email, password, null, admin, roles.keySet()));
    } else {
      user = auth.register(new Registration(username, email, password, null, null));
      if (admin || !roles.isEmpty()) {
        UserChanges changes = UserChanges.none().withRoles(roles.keySet());
        user = auth.admin().updateUser(user.id(), admin ? changes.withAdmin(true) : changes);
      }
    }
    return new SeededUser(user, password);
  }

  /**
   * Creates the user and logs in with its password.
   *
   * @throws IllegalStateException when the login does not succeed (for example an {@link #unverified()} user while
   *     the account policy requires verification), naming the result
   */
  public SignedInUser signedIn() {
    SeededUser seeded = create();
    LoginResult result = auth.login(username, password, ClientInfo.unknown());
    if (!(result instanceof LoginResult.Success success)) {
      throw new IllegalStateException("could not sign " + username + " in: " + result);
    }
    return new SignedInUser(seeded, success.tokens());
  }
}
