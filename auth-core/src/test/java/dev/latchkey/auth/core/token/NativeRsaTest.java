package dev.latchkey.auth.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** RS256 signing in AWS-LC: the optional provider is on this module's test class path (Linux x86-64 here and in CI). */
class NativeRsaTest {
  private static final JWSHeader HEADER = new JWSHeader(JWSAlgorithm.RS256);

  @Test
  void signsExactlyAsTheJdkDoes() throws Exception {
    RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
    JWSSigner fast = NativeRsa.signer(key).orElseThrow();
    assertThat(((RSASSASigner) fast).getJCAContext().getProvider()).isSameAs(AmazonCorrettoCryptoProvider.INSTANCE);
    RSASSAVerifier verifier = new RSASSAVerifier(key.toRSAPublicKey());
    for (int i = 0; i < 20; i++) {
      byte[] input = ("header.payload-" + i).getBytes(StandardCharsets.US_ASCII);
      Base64URL signature = fast.sign(HEADER, input);
      // RSASSA-PKCS1-v1_5 is deterministic: the same key and input give the same bytes in both implementations.
      assertThat(signature).isEqualTo(new RSASSASigner(key).sign(HEADER, input));
      assertThat(verifier.verify(HEADER, input, signature)).isTrue();
      byte[] tampered = input.clone();
      tampered[0] ^= 1;
      assertThat(verifier.verify(HEADER, tampered, signature)).isFalse();
    }
  }

  @Test
  void loadedRs256KeysSignWithTheJdkAtOnceAndNativelyOnceLoaded() throws Exception {
    RSAKey key = new RSAKeyGenerator(2048).keyID("k2").generate();
    LoadedKey loaded = LoadedKey.load(new StoredSigningKey("k2", SigningAlgorithm.RS256, key.toJSONString(),
        Instant.EPOCH, Instant.EPOCH, null));
    NativeRsa.Switching signer = (NativeRsa.Switching) loaded.signer();
    byte[] input = "a.b".getBytes(StandardCharsets.US_ASCII);
    assertThat(loaded.verifier().verify(HEADER, input, signer.sign(HEADER, input))).isTrue(); // whichever signs now
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (signer.getJCAContext().getProvider() != AmazonCorrettoCryptoProvider.INSTANCE) {
      assertThat(System.nanoTime()).as("switched to native signing within 10 s").isLessThan(deadline);
      Thread.onSpinWait();
    }
    assertThat(signer.current()).isInstanceOf(RSASSASigner.class);
    assertThat(loaded.verifier().verify(HEADER, input, signer.sign(HEADER, input))).isTrue();
  }
}
