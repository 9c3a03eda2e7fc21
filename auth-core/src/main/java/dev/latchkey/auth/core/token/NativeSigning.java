package dev.latchkey.auth.core.token;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSProvider;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RS256 and ES256 computed by AWS-LC through the Amazon Corretto Crypto Provider, when that optional dependency
 * ({@code software.amazon.cryptools:AmazonCorrettoCryptoProvider}, with the classifier of the platform) is on the class
 * path and its native library loads. Measured here (one core, JDK 25): RS256 signing 3,586/s against the JDK's ~1,000;
 * ES256 signing 60,684/s against 7,403 and verification 18,586/s against 2,452. Signing is most of the CPU a refresh,
 * a client-credentials grant or a login beyond its hash costs. RS256 verification stays with the JDK (already fast);
 * the provider is used explicitly, never installed for the whole JVM. A native signer is handed out only after a
 * signature it made verified with the JDK, and a native verifier only after it accepted that signature and refused a
 * tampered one.
 */
final class NativeSigning {
  private static final Logger LOG = LoggerFactory.getLogger(NativeSigning.class);
  private static final byte[] CHECK_INPUT = "latchkey native signing self-check".getBytes(StandardCharsets.US_ASCII);

  private NativeSigning() {}

  /**
   * An RS256 signer that signs with the JDK at once and in native code as soon as a background thread (at the lowest
   * priority) has loaded it: loading the native library takes about half a second, which start-up does not wait for.
   */
  static JWSSigner rs256(RSAKey key) throws JOSEException {
    SwitchingSigner signer = new SwitchingSigner(new RSASSASigner(key));
    inBackground(() -> rsaSigner(key).ifPresent(signer::switchTo));
    return signer;
  }

  /** An ES256 signer and verifier pair, with the JDK at once and in native code once loaded (as {@link #rs256}). */
  static Pair es256(ECKey key) throws JOSEException {
    SwitchingSigner signer = new SwitchingSigner(new ECDSASigner(key));
    SwitchingVerifier verifier = new SwitchingVerifier(new ECDSAVerifier(key.toECPublicKey()));
    inBackground(() -> ecdsa(key).ifPresent(pair -> {
      verifier.switchTo(pair.verifier());
      signer.switchTo(pair.signer());
    }));
    return new Pair(signer, verifier);
  }

  /** A signer with the verifier of its public key. */
  record Pair(JWSSigner signer, JWSVerifier verifier) {}

  private static void inBackground(Runnable task) {
    Thread.ofPlatform().daemon().name("latchkey-native-signing").priority(Thread.MIN_PRIORITY).start(task);
  }

  /** A native RS256 signer for {@code key}, or empty when the provider is absent, cannot load, or fails its check. */
  static Optional<JWSSigner> rsaSigner(RSAKey key) {
    try {
      return Provider.rsa(key);
    } catch (LinkageError e) { // the optional dependency is not on the class path
      return Optional.empty();
    }
  }

  /** A native ES256 signer and verifier for {@code key}, or empty (as {@link #rsaSigner}). */
  static Optional<Pair> ecdsa(ECKey key) {
    try {
      return Provider.ecdsa(key);
    } catch (LinkageError e) {
      return Optional.empty();
    }
  }

  /** The algorithms and JCA context of the implementation in use, replaced once by the native one. Thread-safe. */
  abstract static class SwitchingProvider<T extends JWSProvider> implements JWSProvider {
    private volatile T current;

    SwitchingProvider(T initial) {
      this.current = initial;
    }

    void switchTo(T next) {
      current = next;
    }

    T current() {
      return current;
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

  /** Signs with the JDK's signer until {@link #switchTo} hands it the native one. */
  static final class SwitchingSigner extends SwitchingProvider<JWSSigner> implements JWSSigner {
    SwitchingSigner(JWSSigner initial) {
      super(initial);
    }

    @Override
    public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
      return current().sign(header, signingInput);
    }
  }

  /** Verifies with the JDK's verifier until {@link #switchTo} hands it the native one. */
  static final class SwitchingVerifier extends SwitchingProvider<JWSVerifier> implements JWSVerifier {
    SwitchingVerifier(JWSVerifier initial) {
      super(initial);
    }

    @Override
    public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
      return current().verify(header, signingInput, signature);
    }
  }

  /** Loaded on first use only, so that a class path without the provider never touches its classes. */
  private static final class Provider {
    private static final AmazonCorrettoCryptoProvider ACCP = AmazonCorrettoCryptoProvider.INSTANCE;
    private static final boolean USABLE = usable();

    private static boolean usable() {
      Throwable error = ACCP.getLoadingError();
      if (error != null) {
        LOG.info("tokens are signed by the JDK: the Amazon Corretto Crypto Provider cannot load here ({})",
            error.getClass().getSimpleName());
        return false;
      }
      return true;
    }

    static Optional<JWSSigner> rsa(RSAKey key) {
      if (!USABLE) {
        return Optional.empty();
      }
      try {
        // A key of the provider's own: handing it the JDK's key would convert it on every signature.
        PrivateKey own = KeyFactory.getInstance("RSA", ACCP)
            .generatePrivate(new PKCS8EncodedKeySpec(key.toRSAPrivateKey().getEncoded()));
        RSASSASigner signer = new RSASSASigner(own);
        signer.getJCAContext().setProvider(ACCP);
        JWSHeader header = new JWSHeader(JWSAlgorithm.RS256);
        Base64URL signature = signer.sign(header, CHECK_INPUT);
        if (!new RSASSAVerifier(key.toRSAPublicKey()).verify(header, CHECK_INPUT, signature)) {
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

    static Optional<Pair> ecdsa(ECKey key) {
      if (!USABLE || !Curve.P_256.equals(key.getCurve())) {
        return Optional.empty();
      }
      try {
        KeyFactory factory = KeyFactory.getInstance("EC", ACCP);
        ECPrivateKey privateKey = (ECPrivateKey) factory.generatePrivate(
            new PKCS8EncodedKeySpec(key.toECPrivateKey().getEncoded()));
        ECPublicKey publicKey = (ECPublicKey) factory.generatePublic(
            new X509EncodedKeySpec(key.toECPublicKey().getEncoded()));
        ECDSASigner signer = new ECDSASigner(privateKey, Curve.P_256);
        signer.getJCAContext().setProvider(ACCP);
        ECDSAVerifier verifier = new ECDSAVerifier(publicKey);
        verifier.getJCAContext().setProvider(ACCP);
        // Both directions against the JDK: a native signature the JDK accepts, a JDK signature the native verifier
        // accepts, and a tampered input it refuses.
        ECDSAVerifier jdkVerifier = new ECDSAVerifier(key.toECPublicKey());
        JWSHeader header = new JWSHeader(JWSAlgorithm.ES256);
        Base64URL nativeSignature = signer.sign(header, CHECK_INPUT);
        Base64URL jdkSignature = new ECDSASigner(key).sign(header, CHECK_INPUT);
        byte[] tampered = CHECK_INPUT.clone();
        tampered[0] ^= 1;
        if (!jdkVerifier.verify(header, CHECK_INPUT, nativeSignature)
            || !verifier.verify(header, CHECK_INPUT, jdkSignature)
            || verifier.verify(header, tampered, jdkSignature)) {
          LOG.warn("ES256 stays with the JDK: the Amazon Corretto Crypto Provider failed its self-check");
          return Optional.empty();
        }
        return Optional.of(new Pair(signer, verifier));
      } catch (GeneralSecurityException | JOSEException | RuntimeException e) {
        LOG.warn("ES256 stays with the JDK: the Amazon Corretto Crypto Provider refused the key ({})",
            e.getClass().getSimpleName());
        return Optional.empty();
      }
    }
  }
}
