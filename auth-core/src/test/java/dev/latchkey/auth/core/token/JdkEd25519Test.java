package dev.latchkey.auth.core.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The JDK's Ed25519 against Nimbus's Tink-based signer and verifier (Tink is on this module's test class path only):
 * tokens signed by earlier versions verify, tokens signed now verify there, and the keys are the same JWKs.
 */
class JdkEd25519Test {
  /** A key and a token made by the Tink-based code of earlier versions (Nimbus 10.6 with Tink 1.19). */
  private static final String TINK_ERA_JWK = "{\"kty\":\"OKP\",\"d\":\"TDRIKaz0h7pDBVPBrG422DQq_ctik2gC3Nj9pu23u3M\","
      + "\"use\":\"sig\",\"crv\":\"Ed25519\",\"kid\":\"tink-era\",\"x\":\"sLg7Sm2o44M3gSvKREXHJeeU7t-S-Y8PEMAwXhq6pKc\","
      + "\"alg\":\"EdDSA\"}";
  private static final String TINK_ERA_JWS = "eyJraWQiOiJ0aW5rLWVyYSIsImFsZyI6IkVkRFNBIn0.eyJzdWIiOiJ0aW5rLWVyYSJ9."
      + "VWcNC2msCVdVeJLBgtWz16ZvHGPlEwB-W0iNCLyrRFx0D5feVTdu_jZuLoLmE3Wa_972YRWkKvQcpwYU2ND6BQ";
  private static final JWSHeader EDDSA = new JWSHeader(JWSAlgorithm.EdDSA);

  @Test
  void aTokenSignedByTheTinkVersionVerifiesAndIsSignedIdentically() throws Exception {
    OctetKeyPair key = OctetKeyPair.parse(TINK_ERA_JWK);
    JWSObject old = JWSObject.parse(TINK_ERA_JWS);
    assertThat(old.verify(JdkEd25519.verifier(key.toPublicJWK()))).isTrue();
    // Ed25519 is deterministic: re-signing the same input gives the very bytes Tink gave.
    JWSObject again = new JWSObject(old.getHeader(), old.getPayload());
    again.sign(JdkEd25519.signer(key));
    assertThat(again.serialize()).isEqualTo(TINK_ERA_JWS);
  }

  @Test
  void tinkAndTheJdkVerifyEachOthersSignaturesWithKeysFromEither() throws Exception {
    OctetKeyPair tinkKey = new OctetKeyPairGenerator(Curve.Ed25519).keyID("t").generate();
    OctetKeyPair jdkKey = JdkEd25519.generate("j", new SecureRandom());
    for (OctetKeyPair key : new OctetKeyPair[] {tinkKey, jdkKey}) {
      JWSSigner jdkSigner = JdkEd25519.signer(key);
      JWSVerifier jdkVerifier = JdkEd25519.verifier(key.toPublicJWK());
      Ed25519Signer tinkSigner = new Ed25519Signer(key);
      Ed25519Verifier tinkVerifier = new Ed25519Verifier(key.toPublicJWK());
      for (int i = 0; i < 10; i++) {
        byte[] input = ("header.payload-" + i).getBytes(StandardCharsets.US_ASCII);
        Base64URL jdkSignature = jdkSigner.sign(EDDSA, input);
        assertThat(jdkSignature).isEqualTo(tinkSigner.sign(EDDSA, input));
        assertThat(tinkVerifier.verify(EDDSA, input, jdkSignature)).isTrue();
        assertThat(jdkVerifier.verify(EDDSA, input, tinkSigner.sign(EDDSA, input))).isTrue();
        assertThat(jdkVerifier.verify(EDDSA, tampered(input), jdkSignature)).isFalse();
        assertThat(tinkVerifier.verify(EDDSA, tampered(input), jdkSignature)).isFalse();
      }
    }
  }

  @Test
  void aGeneratedKeyIsAPrivateEd25519SigningJwk() throws Exception {
    OctetKeyPair key = JdkEd25519.generate("kid-1", new SecureRandom());
    assertThat(key.getCurve()).isEqualTo(Curve.Ed25519);
    assertThat(key.isPrivate()).isTrue();
    assertThat(key.getDecodedX()).hasSize(32);
    assertThat(key.getDecodedD()).hasSize(32);
    assertThat(key.getKeyID()).isEqualTo("kid-1");
    assertThat(key.getAlgorithm()).isEqualTo(JWSAlgorithm.EdDSA);
    assertThat(key.getKeyUse()).isEqualTo(KeyUse.SIGNATURE);
    // Its x is the public key of its d, as Tink derives it.
    Base64URL tinkSignature = new Ed25519Signer(key).sign(EDDSA, new byte[] {1, 2, 3});
    assertThat(JdkEd25519.verifier(key.toPublicJWK()).verify(EDDSA, new byte[] {1, 2, 3}, tinkSignature)).isTrue();
  }

  @Test
  void aKeyRingsPublishedJwksVerifiesOurTokensInNimbus() throws Exception {
    OctetKeyPair key = JdkEd25519.generate("published", new SecureRandom());
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    LoadedKey loaded = LoadedKey.load(
        new StoredSigningKey("published", SigningAlgorithm.EDDSA, key.toJSONString(), now, now, null));
    String jwks = new KeyRing(java.util.List.of(loaded), 1).publicJwksJson(now);
    assertThat(jwks).doesNotContain("\"d\"");
    JWSObject token = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.EdDSA).keyID("published").build(),
        new Payload("{\"sub\":\"u\"}"));
    token.sign(loaded.signer());
    JWK published = JWKSet.parse(jwks).getKeyByKeyId("published");
    // A relying party with Nimbus and Tink, and one with Nimbus and the JDK.
    assertThat(JWSObject.parse(token.serialize()).verify(new Ed25519Verifier(published.toOctetKeyPair()))).isTrue();
    assertThat(JWSObject.parse(token.serialize()).verify(JdkEd25519.verifier(published.toOctetKeyPair()))).isTrue();
  }

  @Test
  void refusesOtherAlgorithmsCurvesAndMalformedSignatures() throws Exception {
    OctetKeyPair key = JdkEd25519.generate("k", new SecureRandom());
    JWSVerifier verifier = JdkEd25519.verifier(key.toPublicJWK());
    byte[] input = "a.b".getBytes(StandardCharsets.US_ASCII);
    Base64URL signature = JdkEd25519.signer(key).sign(EDDSA, input);
    assertThatThrownBy(() -> verifier.verify(new JWSHeader(JWSAlgorithm.ES256), input, signature))
        .isInstanceOf(JOSEException.class);
    assertThat(verifier.verify(EDDSA, input, Base64URL.encode(new byte[63]))).isFalse();
    assertThat(verifier.verify(EDDSA, input, Base64URL.encode(new byte[64]))).isFalse();
    assertThat(verifier.verify(new JWSHeader.Builder(JWSAlgorithm.EdDSA)
        .criticalParams(java.util.Set.of("exp")).customParam("exp", 1).build(), input, signature)).isFalse();
    assertThatThrownBy(() -> JdkEd25519.signer(key.toPublicJWK())).isInstanceOf(JOSEException.class);
    OctetKeyPair x25519 = new OctetKeyPairGenerator(Curve.X25519).generate();
    assertThatThrownBy(() -> JdkEd25519.verifier(x25519.toPublicJWK())).isInstanceOf(JOSEException.class);
  }

  private static byte[] tampered(byte[] input) {
    byte[] copy = input.clone();
    copy[copy.length - 1] ^= 1;
    return copy;
  }
}
