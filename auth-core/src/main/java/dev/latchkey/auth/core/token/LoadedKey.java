package dev.latchkey.auth.core.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import java.text.ParseException;
import org.jspecify.annotations.Nullable;

/** A stored key parsed once into its JWK, signer and verifier (all thread-safe). */
record LoadedKey(StoredSigningKey stored, @Nullable JWK publicJwk, JWSSigner signer, JWSVerifier verifier) {

  static LoadedKey load(StoredSigningKey stored) {
    try {
      JWK jwk = JWK.parse(stored.jwkJson());
      return switch (stored.algorithm()) {
        // Native code once the optional provider has loaded (see NativeSigning), the JDK until then.
        case RS256 -> new LoadedKey(stored, jwk.toPublicJWK(), NativeSigning.rs256(jwk.toRSAKey()),
            new RSASSAVerifier(jwk.toRSAKey().toRSAPublicKey()));
        case ES256 -> {
          NativeSigning.Pair pair = NativeSigning.es256(jwk.toECKey());
          yield new LoadedKey(stored, jwk.toPublicJWK(), pair.signer(), pair.verifier());
        }
        // The JDK's Ed25519 (no Tink): the same signatures as Nimbus's Tink-based signer, bit for bit.
        case EDDSA -> new LoadedKey(stored, jwk.toPublicJWK(), JdkEd25519.signer(jwk.toOctetKeyPair()),
            JdkEd25519.verifier(jwk.toOctetKeyPair().toPublicJWK()));
        case HS256 -> {
          OctetSequenceKey secret = jwk.toOctetSequenceKey();
          yield new LoadedKey(stored, null, new MACSigner(secret), new MACVerifier(secret));
        }
      };
    } catch (ParseException | JOSEException | RuntimeException e) {
      // The message may quote key material: keep only the key id and the exception type.
      throw new IllegalStateException(
          "signing key " + stored.keyId() + " cannot be loaded (" + e.getClass().getSimpleName() + ")");
    }
  }

  String keyId() {
    return stored.keyId();
  }
}
