package dev.latchkey.auth.core.token;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RS256 signatures computed by AWS-LC through the Amazon Corretto Crypto Provider, when that optional dependency
 * ({@code software.amazon.cryptools:AmazonCorrettoCryptoProvider}, with the classifier of the platform) is on the class
 * path and its native library loads: about 3.5 times the JDK's RSA signing rate, and RSA signing is most of the CPU a
 * refresh, a client-credentials grant or a login beyond its hash costs. Only signing moves: verification stays with the
 * JDK (already fast for RSA), and the provider is used explicitly, never installed for the whole JVM. A signer is
 * handed out only after a signature it made verified with the JDK.
 */
final class NativeRsa {
  private static final Logger LOG = LoggerFactory.getLogger(NativeRsa.class);

  private NativeRsa() {}

  /**
   * A signer that signs with the JDK at once and with native code as soon as a background thread (at the lowest
   * priority) has loaded it: loading the native library takes about half a second, which start-up does not wait for.
   */
  static JWSSigner switching(RSAKey key) throws JOSEException {
    Switching signer = new Switching(new RSASSASigner(key));
    Thread.ofPlatform().daemon().name("latchkey-native-rsa").priority(Thread.MIN_PRIORITY)
        .start(() -> signer(key).ifPresent(signer::switchTo));
    return signer;
  }

  /** Delegates to the JDK's signer until {@link #switchTo} hands it the native one. Thread-safe. */
  static final class Switching implements JWSSigner {
    private volatile JWSSigner current;

    private Switching(JWSSigner initial) {
      this.current = initial;
    }

    void switchTo(JWSSigner next) {
      current = next;
    }

    /** The signer in use now. */
    JWSSigner current() {
      return current;
    }

    @Override
    public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
      return current.sign(header, signingInput);
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
      return current.supportedJWSAlgorithms();
    }

    @Override
    public JCAContext getJCAContext() {
      return current.getJCAContext();
    }
  }

  /** A signer for {@code key} in native code, or empty when the provider is absent, cannot load, or fails its check. */
  static Optional<JWSSigner> signer(RSAKey key) {
    try {
      return Provider.signer(key);
    } catch (LinkageError e) { // the optional dependency is not on the class path
      return Optional.empty();
    }
  }

  /** Loaded on first use only, so that a class path without the provider never touches its classes. */
  private static final class Provider {
    private static final boolean USABLE = usable();

    private static boolean usable() {
      Throwable error = AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError();
      if (error != null) {
        LOG.info("RS256 signs with the JDK: the Amazon Corretto Crypto Provider cannot load here ({})",
            error.getClass().getSimpleName());
        return false;
      }
      return true;
    }

    static Optional<JWSSigner> signer(RSAKey key) {
      if (!USABLE) {
        return Optional.empty();
      }
      try {
        PrivateKey jdk = key.toRSAPrivateKey();
        // A key of the provider's own: handing it the JDK's key would convert it on every signature.
        PrivateKey own = KeyFactory.getInstance("RSA", AmazonCorrettoCryptoProvider.INSTANCE)
            .generatePrivate(new PKCS8EncodedKeySpec(jdk.getEncoded()));
        RSASSASigner signer = new RSASSASigner(own);
        signer.getJCAContext().setProvider(AmazonCorrettoCryptoProvider.INSTANCE);
        if (!signsVerifiably(signer, key)) {
          LOG.warn("RS256 signs with the JDK: a signature made by the Amazon Corretto Crypto Provider did not verify");
          return Optional.empty();
        }
        return Optional.of(signer);
      } catch (GeneralSecurityException | JOSEException | RuntimeException e) {
        LOG.warn("RS256 signs with the JDK: the Amazon Corretto Crypto Provider refused the key ({})",
            e.getClass().getSimpleName());
        return Optional.empty();
      }
    }

    private static boolean signsVerifiably(JWSSigner signer, RSAKey key) throws JOSEException {
      JWSHeader header = new JWSHeader(JWSAlgorithm.RS256);
      byte[] input = "latchkey native RSA self-check".getBytes(StandardCharsets.US_ASCII);
      Base64URL signature = signer.sign(header, input);
      return new RSASSAVerifier(key.toRSAPublicKey()).verify(header, input, signature);
    }
  }
}
