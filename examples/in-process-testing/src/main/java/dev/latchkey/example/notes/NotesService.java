package dev.latchkey.example.notes;

import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.ClientInfo;
import dev.latchkey.auth.core.LoginResult;
import dev.latchkey.auth.core.Registration;
import dev.latchkey.auth.core.SignUpResult;
import dev.latchkey.auth.core.role.Role;
import dev.latchkey.auth.core.token.Principal;
import dev.latchkey.auth.core.token.TokenVerification;
import dev.latchkey.auth.core.user.UserId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Notes that only their authors read, written by editors. Accounts, passwords, mail, tokens and roles are Latchkey's:
 * this class only decides what a caller may do with notes. Anyone signed in reads their own notes; writing takes the
 * {@value #WRITE} permission, which the {@value #EDITOR} role grants. Thread-safe.
 */
public final class NotesService {
  /** The permission to write notes. */
  public static final String WRITE = "notes:write";
  /** The role that may write. */
  public static final String EDITOR = "editor";

  private final Auth auth;
  private final Map<String, List<Note>> notesByOwner = new ConcurrentHashMap<>();

  /** A service over {@code auth}; creates the {@value #EDITOR} role. */
  public NotesService(Auth auth) {
    this.auth = auth;
    auth.accessControl().saveRole(new Role(EDITOR, null, "Writes notes", Set.of(WRITE)));
  }

  /**
   * Creates an account whose owner must confirm the address through the link Latchkey mails before logging in.
   *
   * @return true when the account needs that confirmation (Latchkey answers the same for an address that is taken, so
   *     that sign-up does not tell who has an account)
   */
  public boolean signUp(String username, String email, String password) {
    return auth.signUp(Registration.of(username, email, password), ClientInfo.unknown())
        instanceof SignUpResult.VerificationRequired;
  }

  /** Confirms an address with the token of the mailed link; false when the token is unknown, used or expired. */
  public boolean confirmEmail(String token) {
    return auth.verifyEmail(token);
  }

  /**
   * Logs in.
   *
   * @return who signed in and the access token to present afterwards; empty when the credentials are refused (or the
   *     address is not confirmed yet)
   */
  public Optional<SignedIn> login(String username, String password) {
    return auth.login(username, password, ClientInfo.unknown()) instanceof LoginResult.Success success
        ? Optional.of(new SignedIn(success.tokens().user().id(), success.tokens().accessToken().token()))
        : Optional.empty();
  }

  /** Makes a user an editor (what an administrator's screen would do); it applies to tokens already issued. */
  public void makeEditor(UserId user) {
    auth.accessControl().assign(user, EDITOR, null);
  }

  /**
   * Writes a note as the caller.
   *
   * @throws NotSignedInException when the token is missing, expired or logged out
   * @throws NotAllowedException when the caller may not write
   */
  public Note write(String accessToken, String text) {
    Principal caller = require(accessToken, WRITE);
    Note note = new Note(UUID.randomUUID(), caller.username(), text);
    notesByOwner.computeIfAbsent(caller.username(), k -> new CopyOnWriteArrayList<>()).add(note);
    return note;
  }

  /**
   * The caller's notes, oldest first.
   *
   * @throws NotSignedInException when the token is missing, expired or logged out
   */
  public List<Note> myNotes(String accessToken) {
    Principal caller = authenticate(accessToken);
    return List.copyOf(notesByOwner.getOrDefault(caller.username(), List.of()));
  }

  /** Logs the caller out: the token (and the session's refresh token) stop working at once. */
  public void logout(String accessToken) {
    auth.logout(authenticate(accessToken), ClientInfo.unknown());
  }

  private Principal require(String accessToken, String permission) {
    Principal caller = authenticate(accessToken);
    if (!auth.authorize(caller, permission)) {
      throw new NotAllowedException(caller.username() + " may not " + permission);
    }
    return caller;
  }

  private Principal authenticate(String accessToken) {
    return switch (auth.verify(accessToken)) {
      case TokenVerification.Valid valid -> valid.principal();
      case TokenVerification.Invalid invalid -> throw new NotSignedInException();
    };
  }

  /**
   * A signed-in user.
   *
   * @param userId who
   * @param accessToken what to present on each call; it expires after 15 minutes
   */
  public record SignedIn(UserId userId, String accessToken) {
    @Override
    public String toString() {
      return "SignedIn[" + userId + "]";
    }
  }

  /**
   * A note.
   *
   * @param id its id
   * @param author the username of who wrote it
   * @param text what it says
   */
  public record Note(UUID id, String author, String text) {}

  /** The caller presented no valid access token. */
  public static final class NotSignedInException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotSignedInException() {
      super("sign in first");
    }
  }

  /** The caller is signed in but lacks the permission. */
  public static final class NotAllowedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotAllowedException(String message) {
      super(message);
    }
  }
}
