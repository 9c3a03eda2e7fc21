package dev.latchkey.auth.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import dev.latchkey.auth.core.memory.InMemoryStores;
import dev.latchkey.auth.core.token.StoredSigningKey;
import dev.latchkey.auth.core.token.TokenPolicy;
import dev.latchkey.auth.core.token.TokenVerification;
import dev.latchkey.auth.core.token.TokenVerification.Reason;
import dev.latchkey.auth.testkit.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Key rotation, persistence and publication. */
class SigningKeyRotationTest {
  private static final String PASSWORD = "correct horse battery staple";
  private MutableClock clock;
  private Stores stores;
  private Auth auth;

  @BeforeEach
  void setUp() {
    clock = MutableClock.standard();
    stores = InMemoryStores.create(clock);
    auth = newInstance();
    auth.register(Registration.of("alice", "alice@example.com", PASSWORD));
  }

  private Auth newInstance() {
    return Auth.builder().issuer("https://auth.example.test").audience("api").clock(clock).stores(stores).build();
  }

  private String token(Auth a) {
    return ((LoginResult.Success) a.login("alice", PASSWORD, ClientInfo.unknown())).tokens().accessToken().token();
  }

  private static String kid(String token) throws Exception {
    return com.nimbusds.jwt.SignedJWT.parse(token).getHeader().getKeyID();
  }

  private static int publishedKeys(Auth a) throws Exception {
    return JWKSet.parse(a.jwks()).getKeys().size();
  }

  @Test
  @DisplayName("a rotated key is published at once but signs only after the publish lead")
  void publishBeforeSigning() throws Exception {
    String before = token(auth);
    String next = auth.rotateSigningKeys();
    assertThat(publishedKeys(auth)).isEqualTo(2);
    assertThat(JWKSet.parse(auth.jwks()).getKeyByKeyId(next)).isNotNull();
    assertThat(kid(token(auth))).isEqualTo(kid(before));
    clock.advance(auth.tokenPolicy().keyPublishLead());
    assertThat(kid(token(auth))).isEqualTo(next);
  }

  @Test
  @DisplayName("a retired key verifies its tokens for one access-token lifetime after it stops signing, then leaves")
  void retiredKeyLingers() throws Exception {
    TokenPolicy policy = auth.tokenPolicy();
    clock.advance(policy.keyPublishLead().negated()); // issue the old token right before the switch
    clock.advance(policy.keyPublishLead());
    auth.rotateSigningKeys();
    clock.advance(policy.keyPublishLead().minusSeconds(1));
    String old = token(auth);
    clock.advance(Duration.ofSeconds(1));
    assertThat(auth.verify(old)).isInstanceOf(TokenVerification.Valid.class);
    clock.advance(policy.accessTokenTtl().plus(policy.leeway()).minusSeconds(2));
    assertThat(auth.verify(old)).isInstanceOf(TokenVerification.Valid.class);
    clock.advance(Duration.ofSeconds(2));
    assertThat(publishedKeys(auth)).isEqualTo(1);
    assertThat(auth.verify(old)).isInstanceOf(TokenVerification.Invalid.class);
  }

  @Test
  @DisplayName("keys rotate by themselves after the rotation interval, and old keys are purged from the store")
  void automaticRotation() throws Exception {
    String first = kid(token(auth));
    clock.advance(auth.tokenPolicy().keyRotationInterval());
    token(auth); // the sign path notices the interval and publishes a successor
    clock.advance(auth.tokenPolicy().keyPublishLead());
    String second = kid(token(auth));
    assertThat(second).isNotEqualTo(first);
    clock.advance(Duration.ofHours(2));
    auth.rotateSigningKeys();
    assertThat(stores.signingKeys().loadAll()).extracting(StoredSigningKey::keyId).doesNotContain(first);
  }

  @Test
  @DisplayName("keys persist: a restarted instance on the same store verifies old tokens and signs with the same key")
  void persistedAcrossRestart() throws Exception {
    String token = token(auth);
    Auth restarted = newInstance();
    assertThat(restarted.verify(token)).isInstanceOf(TokenVerification.Valid.class);
    assertThat(kid(token(restarted))).isEqualTo(kid(token));
    assertThat(stores.signingKeys().loadAll()).hasSize(1);
  }

  @Test
  @DisplayName("a second instance learns a key the first one rotated in, before that key signs")
  void secondInstanceLearnsKeys() throws Exception {
    Auth other = newInstance();
    auth.rotateSigningKeys();
    clock.advance(auth.tokenPolicy().keyPublishLead());
    String signedByNew = token(auth);
    assertThat(other.verify(signedByNew)).isInstanceOf(TokenVerification.Valid.class);
    assertThat(kid(token(other))).isEqualTo(kid(signedByNew));
  }

  @Test
  @DisplayName("unknown kids do not hammer the store: one re-read per few seconds")
  void unknownKidReloadIsRateLimited() throws Exception {
    int[] loads = {0};
    var counting = new ObservedKeyStore(stores.signingKeys(), () -> loads[0]++);
    Auth a = Auth.builder().issuer("https://auth.example.test").audience("api").clock(clock)
        .stores(stores.withSigningKeys(counting)).build();
    TokenForge forge = new TokenForge(stores, a.tokenPolicy());
    int before = loads[0];
    for (int i = 0; i < 100; i++) {
      String forged = forge.signed(clock.instant(), h -> h.keyID("unknown-" + System.nanoTime()), c -> c);
      assertThat(((TokenVerification.Invalid) a.verify(forged)).reason()).isEqualTo(Reason.UNKNOWN_KEY);
    }
    assertThat(loads[0] - before).isLessThanOrEqualTo(1);
  }

  @Test
  @DisplayName("a key store that goes down after start leaves the loaded keys signing and verifying")
  void keyStoreOutageKeepsLoadedKeys() throws Exception {
    boolean[] down = {false};
    var flaky = new ObservedKeyStore(stores.signingKeys(), () -> {
      if (down[0]) {
        throw new StoreUnavailableException("key store down", null);
      }
    });
    Auth a = Auth.builder().issuer("https://auth.example.test").audience("api").clock(clock)
        .stores(stores.withSigningKeys(flaky)).build();
    String before = token(a);
    down[0] = true;
    clock.advance(a.tokenPolicy().keyReloadInterval().multipliedBy(2));
    String after = token(a);
    assertThat(a.verify(before)).isInstanceOf(TokenVerification.Valid.class);
    assertThat(a.verify(after)).isInstanceOf(TokenVerification.Valid.class);
    assertThat(kid(after)).isEqualTo(kid(before));
  }

  /** Delegates to a real store, running a hook before every load (to count loads or simulate an outage). */
  private record ObservedKeyStore(dev.latchkey.auth.core.token.SigningKeyStore delegate, Runnable beforeLoad)
      implements dev.latchkey.auth.core.token.SigningKeyStore {
    @Override
    public java.util.List<StoredSigningKey> loadAll() {
      beforeLoad.run();
      return delegate.loadAll();
    }

    @Override
    public void save(StoredSigningKey key) {
      delegate.save(key);
    }

    @Override
    public boolean delete(String keyId) {
      return delegate.delete(keyId);
    }
  }
}
