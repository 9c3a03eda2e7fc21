package dev.latchkey.auth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.auth.core.ClientInfo;
import dev.latchkey.auth.core.LoginResult;
import dev.latchkey.auth.core.RefreshResult;
import dev.latchkey.auth.core.role.Role;
import dev.latchkey.auth.core.token.Principal;
import dev.latchkey.auth.core.token.TokenVerification;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GivenUserTest {
  @RegisterExtension
  static LatchkeyExtension latchkey = LatchkeyExtension.builder().requireEmailVerification(true).build();

  private static Principal principal(String accessToken) {
    return ((TokenVerification.Valid) latchkey.auth().verify(accessToken)).principal();
  }

  @Test
  void signedInUsersHaveWorkingTokensAndAVerifiedEmail() {
    SignedInUser alice = latchkey.givenUser("alice").signedIn();
    assertThat(principal(alice.accessToken()).userId()).isEqualTo(alice.userId());
    assertThat(alice.username()).isEqualTo("alice");
    assertThat(latchkey.auth().user(alice.userId()).orElseThrow().emailVerified()).isTrue();
    assertThat(latchkey.auth().user(alice.userId()).orElseThrow().email()).isEqualTo("alice@example.com");
    assertThat(latchkey.auth().refresh(alice.refreshToken(), ClientInfo.unknown()))
        .isInstanceOf(RefreshResult.Success.class);
    assertThat(latchkey.auth().login("alice", alice.password(), ClientInfo.unknown()))
        .isInstanceOf(LoginResult.Success.class);
    assertThat(alice.toString()).doesNotContain(alice.password()).doesNotContain(alice.accessToken());
  }

  @Test
  void rolesAndPermissionsAreCreatedAsNeeded() {
    SignedInUser bob = latchkey.givenUser("bob").withRoles("reader").withRole("editor", "notes:write")
        .withPermissions("notes:export").signedIn();
    Principal principal = principal(bob.accessToken());
    assertThat(principal.roles()).containsExactlyInAnyOrder("reader", "editor", "given:bob");
    assertThat(latchkey.auth().authorize(principal, "notes:write")).isTrue();
    assertThat(latchkey.auth().authorize(principal, "notes:export")).isTrue();
    assertThat(latchkey.auth().authorize(principal, "notes:delete")).isFalse();
    assertThat(latchkey.auth().accessControl().roles()).extracting(Role::name)
        .contains("reader", "editor", "given:bob");
  }

  @Test
  void aRoleThatExistsKeepsItsPermissionsAndGainsTheNewOnes() {
    latchkey.auth().accessControl().saveRole(new Role("editor", null, "edits", Set.of("notes:read")));
    SignedInUser carol = latchkey.givenUser("carol").withRole("editor", "notes:write").signedIn();
    Principal principal = principal(carol.accessToken());
    assertThat(latchkey.auth().authorize(principal, "notes:read")).isTrue();
    assertThat(latchkey.auth().authorize(principal, "notes:write")).isTrue();
    assertThat(latchkey.auth().accessControl().roles()).filteredOn(r -> r.name().equals("editor"))
        .singleElement().extracting(Role::description).isEqualTo("edits");
  }

  @Test
  void anUnverifiedUserCannotSignInWhenVerificationIsRequired() {
    SeededUser dan = latchkey.givenUser("dan").withEmail("dan@corp.example").withRoles("reader").unverified().create();
    assertThat(dan.email()).isEqualTo("dan@corp.example");
    assertThat(dan.user().emailVerified()).isFalse();
    assertThat(latchkey.auth().accessControl().assignmentsOf(dan.id())).extracting(a -> a.role())
        .containsExactly("reader");
    assertThatThrownBy(() -> latchkey.givenUser("eve").unverified().signedIn())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("could not sign eve in: InvalidCredentials");
  }

  @Test
  void adminsAndChosenPasswords() {
    SignedInUser root = latchkey.givenUser("root").withPassword("the root passphrase of this test").admin()
        .signedIn();
    assertThat(root.password()).isEqualTo("the root passphrase of this test");
    assertThat(latchkey.auth().authorize(principal(root.accessToken()), "anything:at-all")).isTrue();
  }
}
