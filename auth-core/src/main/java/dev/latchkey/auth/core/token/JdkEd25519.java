package dev.latchkey.auth.core.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.impl.CriticalHeaderParamsDeferral;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * Ed25519 JSON Web Signatures (RFC 8037, {@code alg} {@code EdDSA} or {@code Ed25519}) computed by the JDK's own
 * {@code Ed25519} {@link Signature} (JEP 339), so that EdDSA needs no third-party crypto library: Nimbus's
 * {@code Ed25519Signer} and {@code Ed25519Verifier} call Google Tink, which this class replaces. The signatures are
 * the same bytes (Ed25519 is deterministic), so tokens and JWK sets are interchangeable with Tink's. This class only
 * converts between a JWK {@link OctetKeyPair} ({@code x} and {@code d} are the raw RFC 8032 encodings) and the JDK's
 * key objects; every primitive is the JDK's. Thread-safe.
 */
public final class JdkEd25519 {
  private static final String ALGORITHM = "Ed25519";
  /** The RFC 8410 SubjectPublicKeyInfo prefix of an Ed25519 key: the 32 raw public-key bytes follow it. */
  private static final byte[] X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
  private static final int KEY_BYTES = 32;
  private static final int SIGNATURE_BYTES = 64;
  private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);

  private JdkEd25519() {}

  /**
   * A new Ed25519 key pair from the JDK's generator, as a private JWK with this key id, {@code alg} {@code EdDSA} and
   * {@code use} {@code sig}.
   */
  public static OctetKeyPair generate(String keyId, SecureRandom random) {
    Objects.requireNonNull(keyId, "keyId");
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
      generator.initialize(NamedParameterSpec.ED25519, random);
      KeyPair pair = generator.generateKeyPair();
      byte[] d = ((EdECPrivateKey) pair.getPrivate()).getBytes()
          .orElseThrow(() -> new IllegalStateException("the JDK's Ed25519 private key does not expose its bytes"));
      return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(rawPublicKey(pair.getPublic())))
          .d(Base64URL.encode(d)).keyID(keyId).algorithm(JWSAlgorithm.EdDSA).keyUse(KeyUse.SIGNATURE).build();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot generate an Ed25519 key", e);
    }
  }

  /**
   * A signer with the private key of {@code key}.
   *
   * @throws JOSEException when the key is not a private Ed25519 key
   */
  public static JWSSigner signer(OctetKeyPair key) throws JOSEException {
    requireEd25519(key);
    if (!key.isPrivate()) {
      throw new JOSEException("an Ed25519 signer needs a private key");
    }
    try {
      PrivateKey privateKey = KeyFactory.getInstance(ALGORITHM)
          .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, key.getDecodedD()));
      return new Signer(privateKey);
    } catch (GeneralSecurityException e) {
      throw new JOSEException("invalid Ed25519 private key", e);
    }
  }

  /**
   * A verifier with the public key of {@code key} (a private key's public half is used).
   *
   * @throws JOSEException when the key is not an Ed25519 key
   */
  public static JWSVerifier verifier(OctetKeyPair key) throws JOSEException {
    requireEd25519(key);
    return new Verifier(publicKey(key.getDecodedX()));
  }

  private static void requireEd25519(OctetKeyPair key) throws JOSEException {
    Objects.requireNonNull(key, "key");
    if (!Curve.Ed25519.equals(key.getCurve())) {
      throw new JOSEException("Ed25519 needs an OKP key on curve Ed25519");
    }
  }

  private static PublicKey publicKey(byte[] x) throws JOSEException {
    if (x.length != KEY_BYTES) {
      throw new JOSEException("an Ed25519 public key is 32 bytes");
    }
    byte[] encoded = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + KEY_BYTES);
    System.arraycopy(x, 0, encoded, X509_PREFIX.length, KEY_BYTES);
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(encoded));
    } catch (GeneralSecurityException e) {
      throw new JOSEException("invalid Ed25519 public key", e);
    }
  }

  private static byte[] rawPublicKey(PublicKey key) {
    byte[] encoded = key.getEncoded();
    if (encoded.length != X509_PREFIX.length + KEY_BYTES
        || !Arrays.equals(encoded, 0, X509_PREFIX.length, X509_PREFIX, 0, X509_PREFIX.length)) {
      throw new IllegalStateException("unexpected encoding of an Ed25519 public key");
    }
    return Arrays.copyOfRange(encoded, X509_PREFIX.length, encoded.length);
  }

  private static Signature signature(JCAContext context) throws GeneralSecurityException {
    return context.getProvider() == null
        ? Signature.getInstance(ALGORITHM) : Signature.getInstance(ALGORITHM, context.getProvider());
  }

  private static void requireAlgorithm(JWSHeader header) throws JOSEException {
    if (!ALGORITHMS.contains(header.getAlgorithm())) {
      throw new JOSEException("unsupported JWS algorithm " + header.getAlgorithm() + ": expected EdDSA or Ed25519");
    }
  }

  /** Signs with the JDK's Ed25519. */
  private static final class Signer implements JWSSigner {
    private final PrivateKey key;
    private final JCAContext context = new JCAContext();

    Signer(PrivateKey key) {
      this.key = key;
    }

    @Override
    public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
      requireAlgorithm(header);
      try {
        Signature signature = signature(context);
        signature.initSign(key);
        signature.update(signingInput);
        return Base64URL.encode(signature.sign());
      } catch (GeneralSecurityException e) {
        throw new JOSEException("Ed25519 signing failed", e);
      }
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
      return ALGORITHMS;
    }

    @Override
    public JCAContext getJCAContext() {
      return context;
    }
  }

  /** Verifies with the JDK's Ed25519; refuses unknown critical header parameters as Nimbus's verifiers do. */
  private static final class Verifier implements JWSVerifier {
    private final PublicKey key;
    private final JCAContext context = new JCAContext();
    private final CriticalHeaderParamsDeferral critical = new CriticalHeaderParamsDeferral();

    Verifier(PublicKey key) {
      this.key = key;
    }

    @Override
    public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
      requireAlgorithm(header);
      if (!critical.headerPasses(header)) {
        return false;
      }
      byte[] bytes = signature.decode();
      if (bytes.length != SIGNATURE_BYTES) {
        return false;
      }
      try {
        Signature verification = signature(context);
        verification.initVerify(key);
        verification.update(signingInput);
        return verification.verify(bytes);
      } catch (SignatureException e) {
        return false;
      } catch (GeneralSecurityException e) {
        throw new JOSEException("Ed25519 verification failed", e);
      }
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
      return ALGORITHMS;
    }

    @Override
    public JCAContext getJCAContext() {
      return context;
    }
  }
}
