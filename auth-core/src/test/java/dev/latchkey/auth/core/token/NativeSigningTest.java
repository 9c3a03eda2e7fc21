package dev.latchkey.auth.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Signing in AWS-LC: the optional provider is on this module's test class path (Linux x86-64 here and in CI). */
class NativeSigningTest {
  private static final JWSHeader RS256 = new JWSHeader(JWSAlgorithm.RS256);
  private static final JWSHeader ES256 = new JWSHeader(JWSAlgorithm.ES256);

  @Test
  void rs256SignsExactlyAsTheJdkDoes() throws Exception {
    RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
    JWSSigner fast = NativeSigning.rsaSigner(key).orElseThrow();
    assertThat(fast.getJCAContext().getProvider()).isSameAs(AmazonCorrettoCryptoProvider.INSTANCE);
    RSASSAVerifier verifier = new RSASSAVerifier(key.toRSAPublicKey());
    for (int i = 0; i < 20; i++) {
      byte[] input = ("header.payload-" + i).getBytes(StandardCharsets.US_ASCII);
      Base64URL signature = fast.sign(RS256, input);
      // RSASSA-PKCS1-v1_5 is deterministic: the same key and input give the same bytes in both implementations.
      assertThat(signature).isEqualTo(new RSASSASigner(key).sign(RS256, input));
      assertThat(verifier.verify(RS256, input, signature)).isTrue();
      assertThat(verifier.verify(RS256, tampered(input), signature)).isFalse();
    }
  }

  @Test
  void es256InteroperatesWithTheJdkBothWays() throws Exception {
    ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k3").generate();
    NativeSigning.Pair fast = NativeSigning.ecdsa(key).orElseThrow();
    assertThat(fast.signer().getJCAContext().getProvider()).isSameAs(AmazonCorrettoCryptoProvider.INSTANCE);
    assertThat(fast.verifier().getJCAContext().getProvider()).isSameAs(AmazonCorrettoCryptoProvider.INSTANCE);
    ECDSAVerifier jdkVerifier = new ECDSAVerifier(key.toECPublicKey());
    ECDSASigner jdkSigner = new ECDSASigner(key);
    for (int i = 0; i < 20; i++) {
      byte[] input = ("header.payload-" + i).getBytes(StandardCharsets.US_ASCII);
      Base64URL nativeSignature = fast.signer().sign(ES256, input);
      assertThat(nativeSignature.decode()).hasSize(64); // JOSE's r || s, not DER
      assertThat(jdkVerifier.verify(ES256, input, nativeSignature)).isTrue();
      assertThat(jdkVerifier.verify(ES256, tampered(input), nativeSignature)).isFalse();
      Base64URL jdkSignature = jdkSigner.sign(ES256, input);
      assertThat(fast.verifier().verify(ES256, input, jdkSignature)).isTrue();
      assertThat(fast.verifier().verify(ES256, tampered(input), jdkSignature)).isFalse();
    }
  }

  @Test
  void es256NativeVerifierRefusesForgedSignatures() throws Exception {
    ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k4").generate();
    JWSVerifier verifier = NativeSigning.ecdsa(key).orElseThrow().verifier();
    byte[] input = "a.b".getBytes(StandardCharsets.US_ASCII);
    // CVE-2022-21449 ("psychic signatures"): r = s = 0 must never verify.
    assertThat(verifier.verify(ES256, input, Base64URL.encode(new byte[64]))).isFalse();
    // Another key's signature, and a signature of the wrong length.
    ECKey other = new ECKeyGenerator(Curve.P_256).generate();
    assertThat(verifier.verify(ES256, input, new ECDSASigner(other).sign(ES256, input))).isFalse();
    assertThat(verifier.verify(ES256, input, Base64URL.encode(new byte[63]))).isFalse();
  }

  @Test
  void loadedKeysStartWithTheJdkAndSwitchToNativeCode() throws Exception {
    JWK rsa = new RSAKeyGenerator(2048).keyID("k2").generate();
    JWK ec = new ECKeyGenerator(Curve.P_256).keyID("k5").generate();
    assertSwitches(SigningAlgorithm.RS256, rsa, RS256);
    assertSwitches(SigningAlgorithm.ES256, ec, ES256);
  }

  private static void assertSwitches(SigningAlgorithm algorithm, JWK key, JWSHeader header) throws Exception {
    LoadedKey loaded = LoadedKey.load(new StoredSigningKey(key.getKeyID(), algorithm, key.toJSONString(),
        Instant.EPOCH, Instant.EPOCH, null));
    byte[] input = "a.b".getBytes(StandardCharsets.US_ASCII);
    assertThat(loaded.verifier().verify(header, input, loaded.signer().sign(header, input))).isTrue(); // whichever now
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (loaded.signer().getJCAContext().getProvider() != AmazonCorrettoCryptoProvider.INSTANCE) {
      assertThat(System.nanoTime()).as("switched to native signing within 10 s").isLessThan(deadline);
      Thread.onSpinWait();
    }
    assertThat(loaded.verifier().verify(header, input, loaded.signer().sign(header, input))).isTrue();
    assertThat(loaded.verifier().verify(header, tampered(input), loaded.signer().sign(header, input))).isFalse();
  }

  private static byte[] tampered(byte[] input) {
    byte[] copy = input.clone();
    copy[0] ^= 1;
    return copy;
  }
}
