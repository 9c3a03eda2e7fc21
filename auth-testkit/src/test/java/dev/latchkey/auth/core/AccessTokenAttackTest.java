package dev.latchkey.auth.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.auth.core.memory.InMemoryStores;
import dev.latchkey.auth.core.token.HmacSecret;
import dev.latchkey.auth.core.token.SigningAlgorithm;
import dev.latchkey.auth.core.token.TokenPolicy;
import dev.latchkey.auth.core.token.TokenVerification;
import dev.latchkey.auth.core.token.TokenVerification.Reason;
import dev.latchkey.auth.testkit.MutableClock;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** SECURITY.md "Access tokens": every attack is refused with a result, never an exception. */
class AccessTokenAttackTest {
  private static final String ISSUER = "https://auth.example.test";
  private static final String AUDIENCE = "api";

  private MutableClock clock;
  private Stores stores;
  private Auth auth;
  private TokenForge forge;
  private String genuine;

  @BeforeEach
  void setUp() throws Exception {
    build(SigningAlgorithm.RS256);
  }

  private void build(SigningAlgorithm algorithm) {
    clock = MutableClock.standard();
    stores = InMemoryStores.create(clock);
    auth = Auth.builder().issuer(ISSUER).audience(AUDIENCE).signingAlgorithm(algorithm).clock(clock).stores(stores)
        .build();
    forge = new TokenForge(stores, auth.tokenPolicy());
    auth.register(Registration.of("alice", "alice@example.com", "correct horse battery staple"));
    genuine = login();
  }

  private String login() {
    LoginResult r = auth.login("alice", "correct horse battery staple", ClientInfo.unknown());
    return ((LoginResult.Success) r).tokens().accessToken().token();
  }

  private Reason rejection(String token) {
    TokenVerification v = auth.verify(token);
    assertThat(v).as("verification of a forged token").isInstanceOf(TokenVerification.Invalid.class);
    assertThat(auth.verifyStateless(token)).isInstanceOf(TokenVerification.Invalid.class);
    return ((TokenVerification.Invalid) v).reason();
  }

  private String[] parts(String token) {
    return token.split("\\.", -1);
  }

  private static String decode(String part) {
    return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("a genuine token verifies, with every claim in place")
  void genuineVerifies() {
    TokenVerification v = auth.verify(genuine);
    assertThat(v).isInstanceOf(TokenVerification.Valid.class);
    var p = ((TokenVerification.Valid) v).principal();
    assertThat(p.username()).isEqualTo("alice");
    assertThat(p.sessionId()).isNotNull();
    String header = decode(parts(genuine)[0]);
    assertThat(header).contains("\"typ\":\"at+jwt\"").contains("\"kid\"").contains("\"alg\":\"RS256\"");
    String payload = decode(parts(genuine)[1]);
    assertThat(payload).contains("\"iss\"", "\"aud\"", "\"sub\"", "\"sid\"", "\"jti\"", "\"iat\"", "\"exp\"",
        "\"roles\"", "\"username\"");
  }

  @Nested
  @DisplayName("algorithm confusion")
  class Algorithms {
    @ParameterizedTest
    @ValueSource(strings = {"none", "None", "NONE", "nOnE", "NoNe"})
    @DisplayName("alg none in any casing is refused, with or without a signature")
    void algNone(String none) {
      String[] p = parts(genuine);
      String header = "{\"alg\":\"" + none + "\",\"typ\":\"at+jwt\",\"kid\":\"" + kid() + "\"}";
      assertThat(rejection(TokenForge.raw(header, decode(p[1]), ""))).isIn(Reason.MALFORMED,
          Reason.ALGORITHM_NOT_ALLOWED);
      assertThat(rejection(TokenForge.raw(header, decode(p[1]), p[2]))).isIn(Reason.MALFORMED,
          Reason.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    @DisplayName("an empty signature is refused")
    void emptySignature() {
      String[] p = parts(genuine);
      assertThat(rejection(p[0] + "." + p[1] + ".")).isIn(Reason.MALFORMED, Reason.BAD_SIGNATURE);
      assertThat(rejection(p[0] + "." + p[1])).isEqualTo(Reason.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pem", "der", "jwk", "jwk-set"})
    @DisplayName("HS256 keyed with our public key (PEM, DER, JWK bytes) is refused")
    void hs256WithPublicKey(String encoding) throws Exception {
      RSAKey ours = forge.ourKey().toRSAKey();
      byte[] der = ours.toRSAPublicKey().getEncoded();
      byte[] secret = switch (encoding) {
        case "pem" -> ("-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.UTF_8))
            .encodeToString(der) + "\n-----END PUBLIC KEY-----\n").getBytes(StandardCharsets.UTF_8);
        case "der" -> der;
        case "jwk" -> ours.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
        default -> auth.jwks().getBytes(StandardCharsets.UTF_8);
      };
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("at+jwt"))
          .keyID(ours.getKeyID()).build(), forge.claims(clock.instant()).build());
      jwt.sign(new MACSigner(secret));
      assertThat(rejection(jwt.serialize())).isEqualTo(Reason.ALGORITHM_NOT_ALLOWED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS384", "RS512", "PS256", "ES256", "EdDSA", "HS512"})
    @DisplayName("algorithms outside the allow-list are refused, even with a genuine signature")
    void otherAlgorithms(String alg) throws Exception {
      String[] p = parts(genuine);
      String header = "{\"alg\":\"" + alg + "\",\"typ\":\"at+jwt\",\"kid\":\"" + kid() + "\"}";
      assertThat(rejection(TokenForge.raw(header, decode(p[1]), p[2]))).isEqualTo(Reason.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    @DisplayName("an ES256 token with an all-zero signature is refused (CVE-2022-21449)")
    void psychicSignature() throws Exception {
      build(SigningAlgorithm.ES256);
      String[] p = parts(genuine);
      String zeros = Base64URL.encode(new byte[64]).toString();
      assertThat(rejection(p[0] + "." + p[1] + "." + zeros)).isEqualTo(Reason.BAD_SIGNATURE);
      String forged = TokenForge.raw(decode(p[0]), decode(p[1]).replace("alice", "admin"), zeros);
      assertThat(rejection(forged)).isEqualTo(Reason.BAD_SIGNATURE);
    }
  }

  @Nested
  @DisplayName("keys never come from the token")
  class Keys {
    @Test
    @DisplayName("a token signed by an attacker's key, embedded as jwk, is refused")
    void embeddedJwk() throws Exception {
      RSAKey attacker = new RSAKeyGenerator(2048).keyID(kid()).generate();
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType("at+jwt"))
          .keyID(kid()).jwk(attacker.toPublicJWK()).build(), forge.claims(clock.instant()).build());
      jwt.sign(new RSASSASigner(attacker));
      assertThat(rejection(jwt.serialize())).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    @DisplayName("jku, x5u and x5c headers are ignored: an attacker's key behind them does not verify")
    void remoteKeys() throws Exception {
      RSAKey attacker = new RSAKeyGenerator(2048).keyID("attacker").generate();
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType("at+jwt"))
          .keyID("attacker").jwkURL(URI.create("http://127.0.0.1:1/jwks.json"))
          .x509CertURL(URI.create("http://127.0.0.1:1/cert.pem")).build(), forge.claims(clock.instant()).build());
      jwt.sign(new RSASSASigner(attacker));
      assertThat(rejection(jwt.serialize())).isEqualTo(Reason.UNKNOWN_KEY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../../../etc/passwd", "/dev/random", "..\\..\\windows\\win.ini",
        "' OR '1'='1", "x'; DROP TABLE users; --", "\u0000", "%00", "${jndi:ldap://127.0.0.1/a}", ""})
    @DisplayName("a kid with path or SQL payloads is only a failed lookup")
    void hostileKid(String kid) throws Exception {
      String token = forge.signed(clock.instant(), h -> h.keyID(kid), c -> c);
      assertThat(rejection(token)).isEqualTo(Reason.UNKNOWN_KEY);
      assertThat(auth.verify(genuine)).isInstanceOf(TokenVerification.Valid.class);
    }

    @Test
    @DisplayName("a token from another instance with the same issuer and audience is refused")
    void otherInstance() {
      Auth other = Auth.builder().issuer(ISSUER).audience(AUDIENCE).clock(clock).build();
      other.register(Registration.of("alice", "alice@example.com", "correct horse battery staple"));
      String foreign = ((LoginResult.Success) other.login("alice", "correct horse battery staple",
          ClientInfo.unknown())).tokens().accessToken().token();
      assertThat(rejection(foreign)).isEqualTo(Reason.UNKNOWN_KEY);
    }
  }

  @Nested
  @DisplayName("tampering")
  class Tampering {
    @Test
    @DisplayName("a tampered payload is refused")
    void tamperedPayload() {
      String[] p = parts(genuine);
      String payload = decode(p[1]).replace("\"alice\"", "\"admin\"");
      String tampered = p[0] + "." + Base64URL.encode(payload.getBytes(StandardCharsets.UTF_8)) + "." + p[2];
      assertThat(rejection(tampered)).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    @DisplayName("a tampered signature is refused")
    void tamperedSignature() {
      String[] p = parts(genuine);
      byte[] sig = Base64.getUrlDecoder().decode(p[2]);
      sig[sig.length / 2] ^= 0x01;
      assertThat(rejection(p[0] + "." + p[1] + "." + Base64URL.encode(sig))).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    @DisplayName("a tampered header is refused")
    void tamperedHeader() {
      String[] p = parts(genuine);
      String header = decode(p[0]).replace("}", ",\"x\":1}");
      assertThat(rejection(Base64URL.encode(header.getBytes(StandardCharsets.UTF_8)) + "." + p[1] + "." + p[2]))
          .isEqualTo(Reason.BAD_SIGNATURE);
    }
  }

  @Nested
  @DisplayName("type and claims")
  class Claims {
    @ParameterizedTest
    @ValueSource(strings = {"JWT", "jwt", "id_token+jwt", "logout+jwt", "at+jwt2"})
    @DisplayName("a typ other than at+jwt is refused")
    void wrongTyp(String typ) throws Exception {
      String token = forge.signed(clock.instant(), h -> h.type(new JOSEObjectType(typ)), c -> c);
      assertThat(rejection(token)).isEqualTo(Reason.WRONG_TYPE);
    }

    @Test
    @DisplayName("a missing typ is refused; application/at+jwt is accepted")
    void missingTyp() throws Exception {
      assertThat(rejection(forge.signed(clock.instant(), h -> h.type(null), c -> c))).isEqualTo(Reason.WRONG_TYPE);
      String token = forge.signed(clock.instant(), h -> h.type(new JOSEObjectType("application/at+jwt")), c -> c);
      assertThat(auth.verify(token)).isInstanceOf(TokenVerification.Valid.class);
    }

    @Test
    @DisplayName("a wrong or missing issuer is refused")
    void wrongIssuer() throws Exception {
      assertThat(rejection(forge.signed(clock.instant(), h -> h, c -> c.issuer(ISSUER + "/")))).isEqualTo(
          Reason.WRONG_ISSUER);
      assertThat(rejection(forge.signed(clock.instant(), h -> h, c -> c.issuer(null)))).isEqualTo(
          Reason.WRONG_ISSUER);
    }

    @Test
    @DisplayName("an audience without ours is refused; one that contains ours is accepted")
    void audience() throws Exception {
      assertThat(rejection(forge.signed(clock.instant(), h -> h, c -> c.audience("other")))).isEqualTo(
          Reason.WRONG_AUDIENCE);
      assertThat(rejection(forge.signed(clock.instant(), h -> h, c -> c.audience((String) null)))).isEqualTo(
          Reason.WRONG_AUDIENCE);
      String both = forge.signed(clock.instant(), h -> h, c -> c.audience(List.of("other", AUDIENCE)));
      assertThat(auth.verify(both)).isInstanceOf(TokenVerification.Valid.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"exp", "iat", "sub", "jti"})
    @DisplayName("a token missing a required claim is refused")
    void missingClaims(String claim) throws Exception {
      String token = forge.signed(clock.instant(), h -> h, c -> c.claim(claim, null));
      assertThat(rejection(token)).isEqualTo(Reason.MISSING_CLAIM);
    }

    @Test
    @DisplayName("claims of the wrong shape are refused as malformed")
    void wrongShapes() throws Exception {
      assertThat(rejection(forge.signed(clock.instant(), h -> h, c -> c.subject("not-a-uuid")))).isEqualTo(
          Reason.MALFORMED);
      assertThat(rejection(forge.signed(clock.instant(), h -> h, c -> c.claim("roles", 42)))).isEqualTo(
          Reason.MALFORMED);
      assertThat(rejection(forge.signed(clock.instant(), h -> h, c -> c.claim("sid", "x")))).isEqualTo(
          Reason.MALFORMED);
    }
  }

  @Nested
  @DisplayName("time")
  class Time {
    private Duration leeway() {
      return auth.tokenPolicy().leeway();
    }

    @Test
    @DisplayName("a token is valid until exp plus leeway, exclusive")
    void expiryBoundary() {
      Instant exp = ((TokenVerification.Valid) auth.verify(genuine)).principal().expiresAt();
      clock.set(exp.plus(leeway()).minusNanos(1));
      assertThat(auth.verify(genuine)).isInstanceOf(TokenVerification.Valid.class);
      clock.set(exp.plus(leeway()));
      assertThat(rejection(genuine)).isEqualTo(Reason.EXPIRED);
    }

    @Test
    @DisplayName("nbf in the future beyond the leeway is refused, within it accepted")
    void notBefore() throws Exception {
      Instant now = clock.instant();
      String early = forge.signed(now, h -> h, c -> c.notBeforeTime(Date.from(now.plus(leeway()).plusSeconds(1))));
      assertThat(rejection(early)).isEqualTo(Reason.NOT_YET_VALID);
      clock.advance(Duration.ofSeconds(1));
      assertThat(auth.verify(early)).isInstanceOf(TokenVerification.Valid.class);
      clock.advance(Duration.ofSeconds(-1));
      assertThat(rejection(early)).isEqualTo(Reason.NOT_YET_VALID);
    }

    @Test
    @DisplayName("iat in the future beyond the leeway is refused")
    void issuedInFuture() throws Exception {
      Instant now = clock.instant();
      String future = forge.signed(now, h -> h, c -> c.issueTime(Date.from(now.plus(leeway()).plusSeconds(1))));
      assertThat(rejection(future)).isEqualTo(Reason.NOT_YET_VALID);
      String edge = forge.signed(now, h -> h, c -> c.issueTime(Date.from(now.plus(leeway()))));
      assertThat(auth.verify(edge)).isInstanceOf(TokenVerification.Valid.class);
    }

    @Test
    @DisplayName("a leeway above 60 seconds cannot be configured")
    void leewayBounded() {
      TokenPolicy p = TokenPolicy.defaults(ISSUER, AUDIENCE);
      assertThatThrownBy(() -> new TokenPolicy(ISSUER, AUDIENCE, p.accessTokenTtl(), Duration.ofSeconds(61),
          p.algorithm(), null, p.keyRotationInterval(), p.keyPublishLead(), p.keyReloadInterval(), 0))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leeway");
    }
  }

  @Nested
  @DisplayName("malformed input")
  class Malformed {
    static Stream<String> garbage() {
      return Stream.of("", " ", ".", "..", "...", "a.b.c", "a.b", "a.b.c.d", "a.b.c.d.e",
          "eyJhbGciOiJSUzI1NiJ9", "eyJhbGciOiJSUzI1NiJ9.e30.", "e30.e30.e30", "!!!.@@@.###", "\u00e9.\u00e9.\u00e9",
          "Bearer abc", "eyJ" + "A".repeat(5000) + ".e30.sig", "null", "{}", "[]");
    }

    @ParameterizedTest
    @MethodSource("garbage")
    @DisplayName("garbage of any shape is refused as malformed, never thrown")
    void garbageRefused(String token) {
      assertThat(rejection(token)).isIn(Reason.MALFORMED, Reason.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    @DisplayName("null is refused as malformed")
    void nullRefused() {
      assertThat(auth.verify(null)).isEqualTo(new TokenVerification.Invalid(Reason.MALFORMED));
    }

    @Test
    @DisplayName("a 10 KB token is refused before it is parsed")
    void hugeToken() throws Exception {
      String big = forge.signed(clock.instant(), h -> h, c -> c.claim("pad", "x".repeat(10 * 1024)));
      assertThat(big.length()).isGreaterThan(10 * 1024);
      assertThat(rejection(big)).isEqualTo(Reason.MALFORMED);
    }
  }

  @Nested
  @DisplayName("algorithms")
  class AlgorithmChoice {
    @ParameterizedTest
    @EnumSource(value = SigningAlgorithm.class, names = {"RS256", "ES256", "EDDSA"})
    @DisplayName("every asymmetric algorithm signs, verifies and publishes only public keys")
    void asymmetric(SigningAlgorithm algorithm) {
      build(algorithm);
      assertThat(auth.verify(genuine)).isInstanceOf(TokenVerification.Valid.class);
      assertThat(decode(parts(genuine)[0])).contains("\"alg\":\"" + algorithm.jws().getName() + "\"");
      assertThat(auth.jwks()).contains("\"kid\"").doesNotContain("\"d\"").doesNotContain("\"p\"");
    }

    @Test
    @DisplayName("HS256 works only on explicit opt-in with a 256-bit secret and publishes nothing")
    void hmac() {
      assertThatThrownBy(() -> HmacSecret.of(new byte[31])).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> Auth.builder().issuer(ISSUER).audience(AUDIENCE)
          .signingAlgorithm(SigningAlgorithm.HS256).build()).isInstanceOf(IllegalArgumentException.class);
      byte[] secret = new byte[32];
      new java.security.SecureRandom().nextBytes(secret);
      Auth hs = Auth.builder().clock(clock)
          .tokenPolicy(TokenPolicy.defaults(ISSUER, AUDIENCE).withHmacSecret(HmacSecret.of(secret))).build();
      hs.register(Registration.of("alice", "alice@example.com", "correct horse battery staple"));
      String token = ((LoginResult.Success) hs.login("alice", "correct horse battery staple", ClientInfo.unknown()))
          .tokens().accessToken().token();
      assertThat(hs.verify(token)).isInstanceOf(TokenVerification.Valid.class);
      assertThat(hs.jwks()).isEqualTo("{\"keys\":[]}");
      assertThat(HmacSecret.of(secret).toString()).doesNotContain(Base64.getEncoder().encodeToString(secret));
    }
  }

  private String kid() {
    try {
      JWK key = forge.ourKey();
      return key.getKeyID();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
