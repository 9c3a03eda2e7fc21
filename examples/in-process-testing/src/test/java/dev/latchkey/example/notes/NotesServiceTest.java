package dev.latchkey.example.notes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.auth.testkit.LatchkeyExtension;
import dev.latchkey.auth.testkit.SignedInUser;
import dev.latchkey.example.notes.NotesService.NotAllowedException;
import dev.latchkey.example.notes.NotesService.NotSignedInException;
import dev.latchkey.example.notes.NotesService.SignedIn;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The notes service's flows, tested in process with the test kit alone: a fresh in-memory Latchkey per test, mail
 * captured as it is sent, and a clock the test moves.
 */
class NotesServiceTest {
  private static final String PASSWORD = "a long and unusual passphrase";

  @RegisterExtension
  static LatchkeyExtension latchkey = LatchkeyExtension.builder()
      .requireEmailVerification(true)
      .baseUrl("https://notes.example.com")
      .build();

  private NotesService notes;

  @BeforeEach
  void startTheService() {
    notes = new NotesService(latchkey.auth());
  }

  @Test
  void signUpConfirmByMailLogInWriteAndLogOut() {
    // Sign up: nobody logs in before the mailed link is opened.
    assertThat(notes.signUp("alice", "alice@example.com", PASSWORD)).isTrue();
    assertThat(notes.login("alice", PASSWORD)).isEmpty();

    // The mail is there as soon as signUp returns: no waiting, no polling.
    assertThat(latchkey.mailer().lastLinkTo("alice@example.com"))
        .startsWith("https://notes.example.com/verify-email?token=");
    assertThat(notes.confirmEmail(latchkey.mailer().lastTokenTo("alice@example.com"))).isTrue();

    // Log in: a new account reads its (empty) notes but may not write.
    SignedIn alice = notes.login("alice", PASSWORD).orElseThrow();
    assertThat(notes.myNotes(alice.accessToken())).isEmpty();
    assertThatThrownBy(() -> notes.write(alice.accessToken(), "first!"))
        .isInstanceOf(NotAllowedException.class)
        .hasMessage("alice may not notes:write");

    // Once an editor, the same token may write: permissions are checked at each call.
    notes.makeEditor(alice.userId());
    notes.write(alice.accessToken(), "first!");
    assertThat(notes.myNotes(alice.accessToken())).extracting(NotesService.Note::text).containsExactly("first!");

    // Log out: the token stops working at once, long before it would expire.
    notes.logout(alice.accessToken());
    assertThatThrownBy(() -> notes.myNotes(alice.accessToken())).isInstanceOf(NotSignedInException.class);
  }

  @Test
  void onlyEditorsWrite() {
    // Seeded in one line each: verified, signed in, with the roles the test needs.
    SignedInUser erin = latchkey.givenUser("erin").withRoles(NotesService.EDITOR).signedIn();
    SignedInUser rob = latchkey.givenUser("rob").signedIn();

    assertThat(notes.write(erin.accessToken(), "from erin").author()).isEqualTo("erin");
    assertThatThrownBy(() -> notes.write(rob.accessToken(), "from rob")).isInstanceOf(NotAllowedException.class);
    assertThat(notes.myNotes(rob.accessToken())).isEmpty();
  }

  @Test
  void aLinkOpenedTwiceWorksOnce() {
    notes.signUp("bob", "bob@example.com", PASSWORD);
    String token = latchkey.mailer().lastTokenTo("bob@example.com");
    assertThat(notes.confirmEmail(token)).isTrue();
    assertThat(notes.confirmEmail(token)).isFalse();
  }

  @Test
  void accessTokensExpireAfterFifteenMinutes() {
    SignedInUser carol = latchkey.givenUser("carol").signedIn();
    latchkey.clock().advance(Duration.ofMinutes(14));
    assertThat(notes.myNotes(carol.accessToken())).isEmpty();
    latchkey.clock().advance(Duration.ofMinutes(2)); // no sleeping: the clock is the test's
    assertThatThrownBy(() -> notes.myNotes(carol.accessToken())).isInstanceOf(NotSignedInException.class);
  }

  @Test
  void aWrongPasswordIsRefused() {
    latchkey.givenUser("dave").create();
    assertThat(notes.login("dave", "not the password")).isEmpty();
    assertThatThrownBy(() -> notes.myNotes("not a token")).isInstanceOf(NotSignedInException.class);
  }
}
