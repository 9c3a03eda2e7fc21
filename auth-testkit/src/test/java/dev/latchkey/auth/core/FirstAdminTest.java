package dev.latchkey.auth.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.memory.InMemoryStores;
import dev.latchkey.auth.core.user.User;
import dev.latchkey.auth.testkit.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A generated first-admin password (it went through a log) opens no session until the owner has replaced it. */
class FirstAdminTest {
  private static final String KNOWN = "correct horse battery staple";
  private static final String CHOSEN = "a brand new admin passphrase";

  private MutableClock clock;
  private Stores stores;
  private Auth auth;
  private User root;

  @BeforeEach
  void setUp() {
    clock = MutableClock.standard();
    stores = InMemoryStores.create(clock);
    auth = Auth.builder().issuer("https://auth.example.test").audience("api").clock(clock).stores(stores)
        .accountPolicy(AccountPolicy.defaults().withAdminBootstrap(
            new AccountPolicy.AdminBootstrap("root", "root@example.com", null))).build();
    // The generated secret is only logged; give the account a password the test knows, keeping its flags.
    String knownHash = auth.register(Registration.of("helper", "helper@example.com", KNOWN)).passwordHash();
    User made = stores.users().findByUsername("root").orElseThrow();
    assertThat(stores.users().update(made.withPasswordHash(knownHash), made.version())).isTrue();
    root = stores.users().findByUsername("root").orElseThrow();
  }

  private LoginResult.PasswordChangeRequired changeRequired() {
    LoginResult result = auth.login("root", KNOWN, ClientInfo.ip("198.51.100.1"));
    assertThat(result).isInstanceOf(LoginResult.PasswordChangeRequired.class);
    return (LoginResult.PasswordChangeRequired) result;
  }

  @Test
  @DisplayName("a generated password opens no session: the login asks for a new password, and only then succeeds")
  void generatedPasswordMustBeChanged() {
    assertThat(root.passwordChangeRequired()).isTrue();
    LoginResult.PasswordChangeRequired change = changeRequired();
    assertThat(change.validFor()).isEqualTo(Duration.ofMinutes(10));
    assertThat(change.toString()).doesNotContain(change.token().reveal());
    assertThat(stores.sessions().listByUser(root.id())).isEmpty();

    assertThat(auth.resetPassword(change.token().reveal(), CHOSEN)).isTrue();
    assertThat(auth.resetPassword(change.token().reveal(), CHOSEN + " again")).isFalse(); // single use
    assertThat(stores.users().findById(root.id()).orElseThrow().passwordChangeRequired()).isFalse();
    assertThat(auth.login("root", KNOWN, ClientInfo.unknown())).isInstanceOf(LoginResult.InvalidCredentials.class);
    assertThat(auth.login("root", CHOSEN, ClientInfo.unknown())).isInstanceOf(LoginResult.Success.class);
  }

  @Test
  @DisplayName("a wrong password still gets the generic refusal, and the change credential expires after 10 minutes")
  void noOracleAndShortLived() {
    assertThat(auth.login("root", "not the password", ClientInfo.unknown()))
        .isInstanceOf(LoginResult.InvalidCredentials.class);
    LoginResult.PasswordChangeRequired change = changeRequired();
    clock.advance(Duration.ofMinutes(10));
    assertThat(auth.resetPassword(change.token().reveal(), CHOSEN)).isFalse();
    assertThat(changeRequired().token().reveal()).isNotEqualTo(change.token().reveal());
  }

  @Test
  @DisplayName("a password set by an administrator clears the requirement")
  void otherChangesClearTheFlag() {
    auth.admin().updateUser(root.id(), UserChanges.none().withPassword(CHOSEN));
    assertThat(auth.login("root", CHOSEN, ClientInfo.unknown())).isInstanceOf(LoginResult.Success.class);
  }

  @Test
  @DisplayName("a configured bootstrap password needs no change")
  void configuredPasswordLogsIn() {
    Stores other = InMemoryStores.create(clock);
    Auth configured = Auth.builder().issuer("https://auth.example.test").audience("api").clock(clock).stores(other)
        .accountPolicy(AccountPolicy.defaults().withAdminBootstrap(
            new AccountPolicy.AdminBootstrap("root", "root@example.com", CHOSEN))).build();
    assertThat(configured.login("root", CHOSEN, ClientInfo.unknown())).isInstanceOf(LoginResult.Success.class);
  }
}
