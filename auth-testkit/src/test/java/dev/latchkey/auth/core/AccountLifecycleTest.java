package dev.latchkey.auth.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.auth.core.event.AuthEventType;
import dev.latchkey.auth.core.event.EventQuery;
import dev.latchkey.auth.core.mail.MailMessage;
import dev.latchkey.auth.core.memory.InMemoryStores;
import dev.latchkey.auth.core.otp.TokenPurpose;
import dev.latchkey.auth.core.token.Principal;
import dev.latchkey.auth.core.token.TokenHash;
import dev.latchkey.auth.core.token.TokenVerification;
import dev.latchkey.auth.core.user.User;
import dev.latchkey.auth.testkit.CapturingMailer;
import dev.latchkey.auth.testkit.MutableClock;
import dev.latchkey.auth.testkit.Race;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Self-service account flows: sign-up, verification, reset, change password and email, profile, deletion. */
class AccountLifecycleTest {
  private static final String PASSWORD = "correct horse battery staple";
  private static final String NEW_PASSWORD = "an entirely different passphrase";
  private static final Pattern TOKEN = Pattern.compile("https://app\\.example\\.test/[a-z-]+\\?token=(\\S+)");

  private MutableClock clock;
  private Stores stores;
  private CapturingMailer mailer;
  private Auth auth;

  @BeforeEach
  void setUp() {
    clock = MutableClock.standard();
    stores = InMemoryStores.create(clock);
    mailer = new CapturingMailer();
    build(AccountPolicy.defaults());
  }

  private void build(AccountPolicy policy) {
    auth = Auth.builder().issuer("https://auth.example.test").audience("api").clock(clock).stores(stores)
        .mailer(mailer).accountPolicy(policy.withBaseUrl(URI.create("https://app.example.test/"))).build();
  }

  private void requireVerification() {
    build(AccountPolicy.defaults().withRequiredEmailVerification(true));
  }

  private static String tokenIn(MailMessage message) {
    Matcher m = TOKEN.matcher(message.body());
    assertThat(m.find()).as("a link in: %s", message.subject()).isTrue();
    return URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
  }

  private String lastToken(String to) {
    return tokenIn(mailer.lastTo(to).orElseThrow());
  }

  private LoginResult login(String password) {
    return auth.login("alice", password, ClientInfo.unknown());
  }

  private AuthTokens signedIn() {
    return ((LoginResult.Success) login(PASSWORD)).tokens();
  }

  private Principal principal(AuthTokens tokens) {
    return ((TokenVerification.Valid) auth.verify(tokens.accessToken().token())).principal();
  }

  private User alice() {
    return auth.register(Registration.of("alice", "alice@example.com", PASSWORD));
  }

  @Nested
  @DisplayName("sign-up")
  class SignUp {
    @Test
    @DisplayName("without required verification, sign-up logs the new user in")
    void signsIn() {
      SignUpResult r = auth.signUp(Registration.of("alice", "alice@example.com", PASSWORD), ClientInfo.unknown());
      assertThat(r).isInstanceOf(SignUpResult.SignedIn.class);
      assertThat(auth.verify(((SignUpResult.SignedIn) r).tokens().accessToken().token()))
          .isInstanceOf(TokenVerification.Valid.class);
    }

    @Test
    @DisplayName("without required verification, a taken email or username is a conflict")
    void conflicts() {
      alice();
      assertThatThrownBy(() -> auth.signUp(Registration.of("other", "ALICE@example.com", PASSWORD),
          ClientInfo.unknown())).isInstanceOf(ConflictException.class);
      assertThatThrownBy(() -> auth.signUp(Registration.of("Alice", "other@example.com", PASSWORD),
          ClientInfo.unknown())).isInstanceOf(ConflictException.class);
    }

    @Test
    @DisplayName("switched off, sign-up is refused with registration_disabled")
    void disabled() {
      build(AccountPolicy.defaults().withSelfRegistration(false));
      assertThatThrownBy(() -> auth.signUp(Registration.of("alice", "alice@example.com", PASSWORD),
          ClientInfo.unknown())).isInstanceOfSatisfying(RegistrationDisabledException.class,
              e -> assertThat(e.code()).isEqualTo("registration_disabled"));
    }

    @Test
    @DisplayName("with required verification, new and existing emails get the same answer; only the new one a link")
    void enumerationSafe() {
      requireVerification();
      SignUpResult fresh = auth.signUp(Registration.of("alice", "alice@example.com", PASSWORD), ClientInfo.unknown());
      SignUpResult again = auth.signUp(Registration.of("mallory", "Alice@Example.com", "another long passphrase"),
          ClientInfo.unknown());
      assertThat(fresh).isEqualTo(again).isEqualTo(new SignUpResult.VerificationRequired());
      List<MailMessage> mails = mailer.messagesTo("alice@example.com");
      assertThat(mails).hasSize(2);
      assertThat(mails.get(0).subject()).isEqualTo("Confirm your email address");
      assertThat(mails.get(1).subject()).isEqualTo("Someone tried to register with your address");
      assertThat(mails.get(1).body()).doesNotContain("token=");
      assertThat(stores.users().findByUsername("mallory")).isEmpty();
    }

    @Test
    @DisplayName("an unverified account cannot log in until it verifies; then it can")
    void verifyThenLogin() {
      requireVerification();
      auth.signUp(Registration.of("alice", "alice@example.com", PASSWORD), ClientInfo.unknown());
      assertThat(login(PASSWORD)).isEqualTo(new LoginResult.InvalidCredentials());
      assertThat(login("wrong password entirely")).isEqualTo(login(PASSWORD));
      assertThat(auth.verifyEmail(lastToken("alice@example.com"))).isTrue();
      assertThat(login(PASSWORD)).isInstanceOf(LoginResult.Success.class);
    }

    @Test
    @DisplayName("two concurrent sign-ups with one email create one account")
    void concurrentSignUps() {
      requireVerification();
      Race.run(10, i -> auth.signUp(Registration.of("user" + i, "same@example.com", PASSWORD), ClientInfo.unknown()));
      assertThat(stores.userDirectory().search(new dev.latchkey.auth.core.user.UserQuery("same@", 1, 10)).total())
          .isEqualTo(1);
    }
  }

  @Nested
  @DisplayName("email verification")
  class Verification {
    @BeforeEach
    void signUp() {
      requireVerification();
      auth.signUp(Registration.of("alice", "alice@example.com", PASSWORD), ClientInfo.unknown());
    }

    @Test
    @DisplayName("a link is single use and stored only as a hash")
    void singleUse() {
      String token = lastToken("alice@example.com");
      assertThat(stores.oneTimeTokens().consume(TokenHash.of("not it"), TokenPurpose.EMAIL_VERIFICATION)).isEmpty();
      assertThat(auth.verifyEmail(token)).isTrue();
      assertThat(auth.verifyEmail(token)).isFalse();
      assertThat(stores.users().findByUsername("alice").orElseThrow().emailVerified()).isTrue();
    }

    @Test
    @DisplayName("a link works until one nanosecond before 24 hours, not at 24 hours")
    void expiry() {
      String token = lastToken("alice@example.com");
      clock.advance(Duration.ofHours(24));
      assertThat(auth.verifyEmail(token)).isFalse();
      auth.resendVerification("alice@example.com");
      String fresh = lastToken("alice@example.com");
      clock.advance(Duration.ofHours(24).minusNanos(1));
      assertThat(auth.verifyEmail(fresh)).isTrue();
    }

    @Test
    @DisplayName("a resend replaces the earlier link")
    void resendReplaces() {
      String first = lastToken("alice@example.com");
      auth.resendVerification("ALICE@example.com");
      String second = lastToken("alice@example.com");
      assertThat(second).isNotEqualTo(first);
      assertThat(auth.verifyEmail(first)).isFalse();
      assertThat(auth.verifyEmail(second)).isTrue();
    }

    @Test
    @DisplayName("resend to an unknown or verified address sends nothing")
    void resendNothing() {
      auth.verifyEmail(lastToken("alice@example.com"));
      int before = mailer.messages().size();
      auth.resendVerification("alice@example.com");
      auth.resendVerification("nobody@example.com");
      assertThat(mailer.messages()).hasSize(before);
    }

    @Test
    @DisplayName("links are built from the configured base URL and garbage tokens are refused")
    void garbage() {
      assertThat(mailer.lastTo("alice@example.com").orElseThrow().body())
          .contains("https://app.example.test/verify-email?token=");
      assertThat(auth.verifyEmail("")).isFalse();
      assertThat(auth.verifyEmail("x".repeat(5000))).isFalse();
    }
  }

  @Nested
  @DisplayName("forgot and reset password")
  class Reset {
    @Test
    @DisplayName("an unknown email gets the same outcome and no mail")
    void unknownEmail() {
      alice();
      auth.requestPasswordReset("nobody@example.com");
      assertThat(mailer.messages()).isEmpty();
      assertThat(stores.eventLog().query(new EventQuery(null, AuthEventType.PASSWORD_RESET_REQUESTED, 10))).isEmpty();
    }

    @Test
    @DisplayName("a reset sets the password, revokes every session, notifies, and logs nobody in")
    void resets() {
      alice();
      AuthTokens before = signedIn();
      auth.requestPasswordReset("Alice@Example.com");
      assertThat(auth.resetPassword(lastToken("alice@example.com"), NEW_PASSWORD)).isTrue();
      assertThat(auth.verify(before.accessToken().token())).isInstanceOf(TokenVerification.Invalid.class);
      assertThat(auth.refresh(before.refreshToken().reveal(), ClientInfo.unknown()))
          .isInstanceOf(RefreshResult.InvalidToken.class);
      assertThat(auth.sessions(before.user().id())).isEmpty();
      assertThat(mailer.lastTo("alice@example.com").orElseThrow().subject()).isEqualTo("Your password was changed");
      assertThat(login(PASSWORD)).isInstanceOf(LoginResult.InvalidCredentials.class);
      assertThat(login(NEW_PASSWORD)).isInstanceOf(LoginResult.Success.class);
    }

    @Test
    @DisplayName("a reset token is single use, expires after one hour, and is bound to its purpose")
    void tokenRules() {
      alice();
      auth.requestPasswordReset("alice@example.com");
      String token = lastToken("alice@example.com");
      assertThat(auth.verifyEmail(token)).isFalse();
      clock.advance(Duration.ofHours(1));
      assertThat(auth.resetPassword(token, NEW_PASSWORD)).isFalse();
      auth.requestPasswordReset("alice@example.com");
      String fresh = lastToken("alice@example.com");
      clock.advance(Duration.ofHours(1).minusNanos(1));
      assertThat(auth.resetPassword(fresh, NEW_PASSWORD)).isTrue();
      assertThat(auth.resetPassword(fresh, "yet another long passphrase")).isFalse();
    }

    @Test
    @DisplayName("a weak new password is refused and the link stays usable")
    void weakPassword() {
      alice();
      auth.requestPasswordReset("alice@example.com");
      String token = lastToken("alice@example.com");
      assertThatThrownBy(() -> auth.resetPassword(token, "short")).isInstanceOf(WeakPasswordException.class);
      assertThatThrownBy(() -> auth.resetPassword(token, "alice@example.com")).isInstanceOf(WeakPasswordException.class);
      assertThat(auth.resetPassword(token, NEW_PASSWORD)).isTrue();
    }

    @Test
    @DisplayName("a reset lifts a lockout")
    void liftsLockout() {
      alice();
      for (int i = 0; i < 11; i++) {
        login("wrong password number " + i);
      }
      auth.requestPasswordReset("alice@example.com");
      auth.resetPassword(lastToken("alice@example.com"), NEW_PASSWORD);
      assertThat(login(NEW_PASSWORD)).isInstanceOf(LoginResult.Success.class);
    }

    @Test
    @DisplayName("two concurrent resets with one token: exactly one wins")
    void concurrentResets() {
      alice();
      auth.requestPasswordReset("alice@example.com");
      String token = lastToken("alice@example.com");
      List<Boolean> won = Race.run(2, i -> auth.resetPassword(token, "concurrent passphrase number " + i));
      assertThat(won).containsOnlyOnce(true);
    }

    @Test
    @DisplayName("reset mails are rate limited per address")
    void mailLimit() {
      alice();
      for (int i = 0; i < 10; i++) {
        auth.requestPasswordReset("alice@example.com");
      }
      assertThat(mailer.messagesTo("alice@example.com")).hasSize(5);
    }
  }

  @Nested
  @DisplayName("signed-in changes")
  class Changes {
    @Test
    @DisplayName("change password needs the current one, keeps this session and revokes the others")
    void changePassword() {
      alice();
      AuthTokens here = signedIn();
      AuthTokens elsewhere = signedIn();
      assertThat(auth.changePassword(principal(here), "not the password at all", NEW_PASSWORD))
          .isEqualTo(new AccountUpdate.WrongPassword());
      assertThat(auth.changePassword(principal(here), PASSWORD, NEW_PASSWORD)).isInstanceOf(AccountUpdate.Done.class);
      assertThat(auth.verify(here.accessToken().token())).isInstanceOf(TokenVerification.Valid.class);
      assertThat(auth.verify(elsewhere.accessToken().token())).isInstanceOf(TokenVerification.Invalid.class);
      assertThat(auth.refresh(elsewhere.refreshToken().reveal(), ClientInfo.unknown()))
          .isInstanceOf(RefreshResult.InvalidToken.class);
      assertThat(login(NEW_PASSWORD)).isInstanceOf(LoginResult.Success.class);
      assertThat(mailer.lastTo("alice@example.com").orElseThrow().subject()).isEqualTo("Your password was changed");
    }

    @Test
    @DisplayName("wrong current passwords count as failed attempts and lock like logins do")
    void wrongCurrentPasswordCounts() {
      alice();
      Principal p = principal(signedIn());
      for (int i = 0; i < 10; i++) {
        auth.changePassword(p, "wrong password number " + i, NEW_PASSWORD);
      }
      assertThat(auth.changePassword(p, PASSWORD, NEW_PASSWORD)).isEqualTo(new AccountUpdate.WrongPassword());
    }

    @Test
    @DisplayName("change email needs the password; the new address must confirm it, and the old one is told twice")
    void changeEmail() {
      requireVerification();
      auth.signUp(Registration.of("alice", "alice@example.com", PASSWORD), ClientInfo.unknown());
      auth.verifyEmail(lastToken("alice@example.com"));
      Principal p = principal(signedIn());
      assertThat(auth.changeEmail(p, "new@example.com", "wrong password here"))
          .isEqualTo(new AccountUpdate.WrongPassword());
      AccountUpdate r = auth.changeEmail(p, "New@example.com", PASSWORD);
      assertThat(r).isInstanceOfSatisfying(AccountUpdate.EmailChangePending.class, pending -> {
        assertThat(pending.pendingEmail()).isEqualTo("New@example.com");
        assertThat(pending.user().email()).isEqualTo("alice@example.com");
      });
      User unchanged = stores.users().findByUsername("alice").orElseThrow();
      assertThat(unchanged.email()).isEqualTo("alice@example.com");
      assertThat(unchanged.emailVerified()).isTrue();
      assertThat(mailer.lastTo("alice@example.com").orElseThrow().subject())
          .isEqualTo("A change of your email address was requested");
      MailMessage link = mailer.lastTo("new@example.com").orElseThrow();
      assertThat(link.subject()).isEqualTo("Confirm your new email address");
      assertThat(auth.verifyEmail(tokenIn(link))).isTrue();
      User changed = stores.users().findByUsername("alice").orElseThrow();
      assertThat(changed.email()).isEqualTo("New@example.com");
      assertThat(changed.emailVerified()).isTrue();
      assertThat(mailer.lastTo("alice@example.com").orElseThrow().subject())
          .isEqualTo("Your email address was changed");
      assertThat(auth.verifyEmail(tokenIn(link))).isFalse();
    }

    @Test
    @DisplayName("a second change replaces the pending one; changing back to the current address cancels it")
    void onePendingChange() {
      alice();
      Principal p = principal(signedIn());
      auth.changeEmail(p, "first@example.com", PASSWORD);
      String first = lastToken("first@example.com");
      auth.changeEmail(p, "second@example.com", PASSWORD);
      String second = lastToken("second@example.com");
      assertThat(auth.verifyEmail(first)).isFalse();
      assertThat(auth.changeEmail(p, "ALICE@example.com", PASSWORD)).isInstanceOf(AccountUpdate.Done.class);
      assertThat(auth.verifyEmail(second)).isFalse();
      assertThat(stores.users().findByUsername("alice").orElseThrow().email()).isEqualTo("alice@example.com");
    }

    @Test
    @DisplayName("a password change or reset drops a pending email change (whoever asked knew the old password)")
    void passwordChangeDropsPendingChange() {
      alice();
      Principal p = principal(signedIn());
      auth.changeEmail(p, "attacker@evil.example", PASSWORD);
      String stolen = lastToken("attacker@evil.example");
      auth.requestPasswordReset("alice@example.com");
      assertThat(auth.resetPassword(lastToken("alice@example.com"), NEW_PASSWORD)).isTrue();
      assertThat(auth.verifyEmail(stolen)).isFalse();
      assertThat(stores.users().findByUsername("alice").orElseThrow().email()).isEqualTo("alice@example.com");
    }

    @Test
    @DisplayName("an administrator's new password or address refuses the reset links sent before")
    void adminChangesKillResetLinks() {
      User alice = alice();
      auth.requestPasswordReset("alice@example.com");
      String beforePassword = lastToken("alice@example.com");
      auth.admin().updateUser(alice.id(), UserChanges.none().withPassword(NEW_PASSWORD));
      assertThat(auth.resetPassword(beforePassword, "the attacker's own passphrase")).isFalse();
      auth.requestPasswordReset("alice@example.com");
      String beforeAddress = lastToken("alice@example.com");
      auth.admin().updateUser(alice.id(), UserChanges.none().withEmail("alice@corp.example"));
      assertThat(auth.resetPassword(beforeAddress, "the attacker's own passphrase")).isFalse();
      assertThat(login(NEW_PASSWORD)).isInstanceOf(LoginResult.Success.class);
    }

    @Test
    @DisplayName("a verification link for the old address verifies only the old address")
    void oldLinkUseless() {
      alice();
      Principal p = principal(signedIn());
      auth.resendVerification("alice@example.com");
      String oldLink = lastToken("alice@example.com");
      auth.changeEmail(p, "new@example.com", PASSWORD);
      assertThat(auth.verifyEmail(oldLink)).isTrue();
      User alice = stores.users().findByUsername("alice").orElseThrow();
      assertThat(alice.email()).isEqualTo("alice@example.com");
      assertThat(alice.emailVerified()).isTrue();
    }

    @Test
    @DisplayName("changing to a taken email is a conflict")
    void emailTaken() {
      alice();
      auth.register(Registration.of("bob", "bob@example.com", PASSWORD));
      Principal p = principal(signedIn());
      assertThatThrownBy(() -> auth.changeEmail(p, "BOB@example.com", PASSWORD)).isInstanceOf(ConflictException.class);
    }

    @Test
    @DisplayName("profile updates validate the phone number")
    void profile() {
      User alice = alice();
      User updated = auth.updateProfile(alice.id(), " Alice Liddell ", "+442071234567");
      assertThat(updated.name()).isEqualTo("Alice Liddell");
      assertThat(updated.phone()).isEqualTo("+442071234567");
      assertThatThrownBy(() -> auth.updateProfile(alice.id(), null, "0207 123"))
          .isInstanceOfSatisfying(ValidationException.class,
              e -> assertThat(e.errors().get(0).field()).isEqualTo("phone"));
      assertThat(auth.updateProfile(alice.id(), "", "").phone()).isNull();
    }

    @Test
    @DisplayName("deleting the account needs the password and removes the user's data from every store")
    void deleteAccount() {
      User alice = alice();
      auth.accessControl().saveRole(new dev.latchkey.auth.core.role.Role("editor", null, null, java.util.Set.of()));
      auth.accessControl().assign(alice.id(), "editor", null);
      AuthTokens t = signedIn();
      auth.requestPasswordReset("alice@example.com");
      stores.oauthAccounts().link(new dev.latchkey.auth.core.oauth.OAuthAccount(java.util.UUID.randomUUID(),
          alice.id(), "google", "https://accounts.google.com", "110", null, true, clock.instant()));
      assertThat(auth.deleteAccount(principal(t), "wrong password here")).isEqualTo(new AccountUpdate.WrongPassword());
      assertThat(auth.deleteAccount(principal(t), PASSWORD)).isInstanceOf(AccountUpdate.Done.class);
      assertThat(stores.users().findById(alice.id())).isEmpty();
      assertThat(stores.sessions().listByUser(alice.id())).isEmpty();
      assertThat(stores.roleAssignments().assignmentsOf(alice.id())).isEmpty();
      assertThat(stores.oauthAccounts().listByUser(alice.id())).isEmpty();
      assertThat(stores.oneTimeTokens().deleteByUser(alice.id(), TokenPurpose.PASSWORD_RESET)).isZero();
      assertThat(auth.verify(t.accessToken().token())).isInstanceOf(TokenVerification.Invalid.class);
      auth.register(Registration.of("alice", "alice@example.com", PASSWORD));
    }
  }

  @Test
  @DisplayName("security-relevant actions land in the event log, newest first, without secrets")
  void auditTrail() {
    User alice = alice();
    login("wrong password here");
    AuthTokens t = signedIn();
    auth.changePassword(principal(t), PASSWORD, NEW_PASSWORD);
    var events = auth.admin().events(new EventQuery(alice.id(), null, 50));
    assertThat(events).extracting(e -> e.type()).containsSubsequence(AuthEventType.PASSWORD_CHANGED,
        AuthEventType.LOGIN_SUCCEEDED, AuthEventType.LOGIN_FAILED, AuthEventType.USER_REGISTERED);
    assertThat(events.toString()).doesNotContain(PASSWORD).doesNotContain(t.refreshToken().reveal());
  }
}
