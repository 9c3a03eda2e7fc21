package dev.latchkey.auth.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.latchkey.auth.core.mail.MailMessage;
import dev.latchkey.auth.core.memory.InMemoryStores;
import dev.latchkey.auth.core.token.Principal;
import dev.latchkey.auth.core.token.TokenVerification;
import dev.latchkey.auth.core.user.User;
import dev.latchkey.auth.core.user.UserQuery;
import dev.latchkey.auth.testkit.CapturingMailer;
import dev.latchkey.auth.testkit.MutableClock;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 15, item 13: new passwords of the minimum length that an attacker guesses early (a common password with a
 * number sequence, a keyboard walk, a repeat, l33t, the user's own name with digits) are refused on every path that
 * sets one: sign-up, change, reset, and an administrator creating a user or setting a password. Each refusal says why,
 * without repeating the password.
 */
class PasswordScreeningTest {
  private static final String PASSWORD = "correct horse battery staple";
  private static final Pattern TOKEN = Pattern.compile("https://app\\.example\\.test/[a-z-]+\\?token=(\\S+)");

  /** Guessable passwords of 15 characters or more, with a word the reason must use. */
  static Stream<Arguments> guessable() {
    return Stream.of(
        Arguments.of("password123456789", "common password"),
        Arguments.of("qwertyuiopasdfgh", "common"),
        Arguments.of("iloveyou12345678", "common password"),
        Arguments.of("P@ssw0rd20242024", "substitutions"),
        Arguments.of("aaaaaaaaaaaaaaaa", "repeated"),
        Arguments.of("abcdefghijklmnop", "sequence"),
        Arguments.of("zxcvbnmasdfghjkl", "common password"),
        Arguments.of("monkey1234567890", "number sequence"),
        Arguments.of("football19871987", "repeated"),
        Arguments.of("Password1234567!", "common password"),
        Arguments.of("p4ssw0rdp4ssw0rd", "substitutions"),
        Arguments.of("Summer2024Summer2024", "year"),
        Arguments.of("1q2w3e4r5t6y7u8i", "common password"),
        Arguments.of("qazwsxedcrfvtgbyhn", "common password"));
  }

  private MutableClock clock;
  private CapturingMailer mailer;
  private Auth auth;

  @BeforeEach
  void setUp() {
    clock = MutableClock.standard();
    mailer = new CapturingMailer();
    auth = Auth.builder().issuer("https://auth.example.test").audience("api").clock(clock)
        .stores(InMemoryStores.create(clock)).mailer(mailer)
        .accountPolicy(AccountPolicy.defaults().withBaseUrl(URI.create("https://app.example.test/"))).build();
  }

  private User alice() {
    return auth.register(Registration.of("alice", "alice@example.com", PASSWORD));
  }

  private Principal signedIn() {
    AuthTokens tokens = ((LoginResult.Success) auth.login("alice", PASSWORD, ClientInfo.unknown())).tokens();
    return ((TokenVerification.Valid) auth.verify(tokens.accessToken().token())).principal();
  }

  private String resetToken() {
    auth.requestPasswordReset("alice@example.com");
    MailMessage mail = mailer.lastTo("alice@example.com").orElseThrow();
    Matcher m = TOKEN.matcher(mail.body());
    assertThat(m.find()).isTrue();
    return URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
  }

  /** Runs the attempt, expects a refusal whose reason names the pattern and never repeats the password. */
  private static void refused(String password, String reasonWord, Runnable attempt) {
    WeakPasswordException e = catchThrowableOfType(WeakPasswordException.class, attempt::run);
    assertThat(e).as("refused: a %d-character guessable password", password.length()).isNotNull();
    assertThat(e.code()).isEqualTo("weak_password");
    assertThat(e.getMessage()).containsIgnoringCase(reasonWord).doesNotContainIgnoringCase(password);
  }

  @Nested
  @DisplayName("every path that sets a password screens it")
  class EveryPath {
    @ParameterizedTest
    @MethodSource("dev.latchkey.auth.core.PasswordScreeningTest#guessable")
    @DisplayName("sign-up and an administrator's new user refuse a guessable password, with the reason")
    void signUpAndAdminCreate(String password, String reason) {
      refused(password, reason, () -> auth.register(Registration.of("zoe", "zoe@example.com", password)));
      refused(password, reason, () -> auth.admin().createUser(
          new NewUser("zoe", "zoe@example.com", password, null, false, Set.of())));
      assertThat(auth.admin().listUsers(new UserQuery(null, 1, 10)).total()).isZero();
    }

    @ParameterizedTest
    @MethodSource("dev.latchkey.auth.core.PasswordScreeningTest#guessable")
    @DisplayName("change password refuses a guessable password, with the reason, and the old one still works")
    void changePassword(String password, String reason) {
      alice();
      Principal alice = signedIn();
      refused(password, reason, () -> auth.changePassword(alice, PASSWORD, password));
      assertThat(auth.login("alice", PASSWORD, ClientInfo.unknown())).isInstanceOf(LoginResult.Success.class);
    }

    @ParameterizedTest
    @MethodSource("dev.latchkey.auth.core.PasswordScreeningTest#guessable")
    @DisplayName("a reset refuses a guessable password, with the reason, and the link stays usable")
    void resetPassword(String password, String reason) {
      alice();
      String token = resetToken();
      refused(password, reason, () -> auth.resetPassword(token, password));
      assertThat(auth.resetPassword(token, "an entirely different passphrase")).isTrue();
    }

    @ParameterizedTest
    @MethodSource("dev.latchkey.auth.core.PasswordScreeningTest#guessable")
    @DisplayName("an administrator setting a password is refused a guessable one, with the reason")
    void adminSetsPassword(String password, String reason) {
      User alice = alice();
      refused(password, reason,
          () -> auth.admin().updateUser(alice.id(), UserChanges.none().withPassword(password)));
      assertThat(auth.login("alice", PASSWORD, ClientInfo.unknown())).isInstanceOf(LoginResult.Success.class);
    }
  }

  @Nested
  @DisplayName("the user's own identifiers")
  class Identifiers {
    @Test
    @DisplayName("a username or email address with digits, a year or repeated is refused on sign-up")
    void signUp() {
      refused("alice12345678901", "username",
          () -> auth.register(Registration.of("alice", "alice@example.com", "alice12345678901")));
      refused("alicealicealice1", "username",
          () -> auth.register(Registration.of("alice", "alice@example.com", "alicealicealice1")));
      refused("Mallory.Smith2024!", "email",
          () -> auth.register(Registration.of("msmith", "mallory.smith@example.com", "Mallory.Smith2024!")));
      refused("initechinitech2024", "email",
          () -> auth.register(Registration.of("peter", "peter@initech.com", "initechinitech2024")));
    }

    @Test
    @DisplayName("an uncommon username with affixes is refused on change, reset and an administrator's set")
    void changeResetAndAdminSet() {
      User vexlor = auth.register(Registration.of("vexlor", "vexlor@example.com", PASSWORD));
      AuthTokens tokens = ((LoginResult.Success) auth.login("vexlor", PASSWORD, ClientInfo.unknown())).tokens();
      Principal p = ((TokenVerification.Valid) auth.verify(tokens.accessToken().token())).principal();
      refused("vexlorvexlor2024!!", "username", () -> auth.changePassword(p, PASSWORD, "vexlorvexlor2024!!"));
      auth.requestPasswordReset("vexlor@example.com");
      Matcher m = TOKEN.matcher(mailer.lastTo("vexlor@example.com").orElseThrow().body());
      assertThat(m.find()).isTrue();
      String token = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
      refused("!!vexlor1234vexlor", "username", () -> auth.resetPassword(token, "!!vexlor1234vexlor"));
      refused("2024-vexlor-2024-vexlor", "username",
          () -> auth.admin().updateUser(vexlor.id(), UserChanges.none().withPassword("2024-vexlor-2024-vexlor")));
      assertThat(auth.resetPassword(token, "an entirely different passphrase")).isTrue();
    }
  }

  @Nested
  @DisplayName("what stays allowed")
  class Allowed {
    @ParameterizedTest
    @ValueSource(strings = {PASSWORD, "a long and unusual passphrase", "an entirely different passphrase",
        "jumbo tulip orbit canyon", "glacier velvet lantern", "my cat likes tuna", "Xk8s-Pq2m-Zr7t-Lw4v",
        "Ünïcödé pässwörd çafé", "fifteen chars!!", "passphrase one 2"})
    @DisplayName("passphrases of ordinary words and random strings are accepted on every path")
    void passphrases(String password) {
      User alice = alice();
      Principal p = signedIn();
      assertThat(auth.changePassword(p, PASSWORD, password)).isInstanceOf(AccountUpdate.Done.class);
      auth.admin().updateUser(alice.id(), UserChanges.none().withPassword(PASSWORD));
      assertThat(auth.resetPassword(resetToken(), password)).isTrue();
      assertThat(auth.login("alice", password, ClientInfo.unknown())).isInstanceOf(LoginResult.Success.class);
      auth.admin().updateUser(alice.id(), UserChanges.none().withPassword(password));
      assertThat(auth.register(Registration.of("bob", "bob@example.com", password)).username()).isEqualTo("bob");
      assertThat(auth.admin().createUser(new NewUser("carol", "carol@example.com", password, null, false, Set.of()))
          .username()).isEqualTo("carol");
    }

    @Test
    @DisplayName("passwords longer than the analysed 64 characters are judged by their beginning and accepted")
    void longPassphrase() {
      String passphrase = "🦊 le renard brun rapide saute par-dessus le chien paresseux 🐕 ".repeat(4).strip();
      assertThat(auth.register(Registration.of("zoe", "zoe@example.com", passphrase)).username()).isEqualTo("zoe");
    }
  }
}
