package dev.latchkey.auth.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.memory.InMemoryStores;
import dev.latchkey.auth.core.role.Role;
import dev.latchkey.auth.core.token.Principal;
import dev.latchkey.auth.core.token.TokenVerification;
import dev.latchkey.auth.core.user.User;
import dev.latchkey.auth.testkit.MutableClock;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link Auth#authenticate}: one entry point for whatever a client presents as {@code Authorization: Bearer}. */
class BearerAuthenticationTest {
  private static final String PASSWORD = "correct horse battery staple";

  private MutableClock clock;
  private Auth auth;
  private User bob;

  @BeforeEach
  void setUp() {
    clock = MutableClock.standard();
    auth = Auth.builder().issuer("https://auth.example.test").audience("api").clock(clock)
        .stores(InMemoryStores.create(clock)).build();
    bob = auth.register(Registration.of("bob", "bob@example.com", PASSWORD));
    auth.accessControl().saveRole(new Role("reader", null, null, Set.of("reports:read")));
  }

  private Principal valid(TokenVerification result) {
    assertThat(result).isInstanceOf(TokenVerification.Valid.class);
    return ((TokenVerification.Valid) result).principal();
  }

  @Test
  @DisplayName("a user's access token authenticates as the user, and is refused at once after logout")
  void accessToken() {
    AuthTokens tokens = ((LoginResult.Success) auth.login("bob", PASSWORD, ClientInfo.unknown())).tokens();
    String jwt = tokens.accessToken().token();
    Principal principal = valid(auth.authenticate(jwt));
    assertThat(principal.userId()).isEqualTo(bob.id());
    assertThat(principal.isClient()).isFalse();
    auth.logout(principal, ClientInfo.unknown());
    assertThat(auth.authenticate(jwt)).isEqualTo(new TokenVerification.Invalid(TokenVerification.Reason.REVOKED));
    assertThat(valid(auth.authenticateStateless(jwt)).userId()).as("stateless: until it expires")
        .isEqualTo(bob.id());
  }

  @Test
  @DisplayName("an API key's secret authenticates as a client carrying the key's roles, until it expires")
  void apiKey() {
    CreatedApiKey key = auth.accessControl().createApiKey("ci", Set.of("reader"), null,
        clock.instant().plus(Duration.ofHours(1)));
    String secret = key.secret().reveal();
    for (TokenVerification result : new TokenVerification[] {auth.authenticate(secret),
        auth.authenticateStateless(secret)}) {
      Principal principal = valid(result);
      assertThat(principal.isClient()).isTrue();
      assertThat(principal.clientId()).isEqualTo(key.key().id().toString());
      assertThat(principal.roles()).containsExactly("reader");
      assertThat(principal.sessionId()).isNull();
      assertThat(principal.expiresAt()).isEqualTo(key.key().expiresAt());
      assertThat(auth.authorize(principal, "reports:read")).isTrue();
    }
    clock.advance(Duration.ofHours(1));
    assertThat(auth.authenticate(secret)).isEqualTo(new TokenVerification.Invalid(
        TokenVerification.Reason.UNKNOWN_API_KEY));
  }

  @Test
  @DisplayName("deleted and forged keys, garbage, blanks and null are refused, never thrown")
  void refusals() {
    CreatedApiKey key = auth.accessControl().createApiKey("ci", Set.of(), null, null);
    String secret = key.secret().reveal();
    String forged = secret.substring(0, secret.length() - 2) + (secret.endsWith("AA") ? "BB" : "AA");
    auth.accessControl().deleteApiKey(key.key().id());
    for (String bearer : new String[] {secret, forged, "lk_", "lk_garbage", "", " ", "x".repeat(100_000),
        "a.b.c", null}) {
      assertThat(auth.authenticate(bearer)).as(String.valueOf(bearer).length() + " characters")
          .isInstanceOf(TokenVerification.Invalid.class);
      assertThat(auth.authenticateStateless(bearer)).isInstanceOf(TokenVerification.Invalid.class);
    }
  }

  @Test
  @DisplayName("an access token bought with client credentials authenticates as the same client")
  void clientToken() {
    CreatedApiKey key = auth.accessControl().createApiKey("ci", Set.of("reader"), null, null);
    String jwt = auth.accessControl().issueClientToken(key.key().id(), key.secret().reveal()).orElseThrow().token();
    Principal principal = valid(auth.authenticate(jwt));
    assertThat(principal.clientId()).isEqualTo(key.key().id().toString());
    assertThat(principal.roles()).containsExactly("reader");
  }
}
