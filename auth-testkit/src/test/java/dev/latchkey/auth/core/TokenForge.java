package dev.latchkey.auth.core;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.auth.core.token.JdkEd25519;
import dev.latchkey.auth.core.token.StoredSigningKey;
import dev.latchkey.auth.core.token.TokenPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/** Crafts tokens for attack tests, signed with the real private key taken from the signing-key store. */
final class TokenForge {
  private final Stores stores;
  private final TokenPolicy policy;

  TokenForge(Stores stores, TokenPolicy policy) {
    this.stores = stores;
    this.policy = policy;
  }

  JWK ourKey() throws Exception {
    StoredSigningKey stored = stores.signingKeys().loadAll().stream()
        .filter(k -> k.retiresAt() == null).findFirst().orElseThrow();
    return JWK.parse(stored.jwkJson());
  }

  JWSSigner ourSigner() throws Exception {
    JWK key = ourKey();
    return switch (key.getKeyType().getValue()) {
      case "RSA" -> new RSASSASigner(key.toRSAKey());
      case "EC" -> new ECDSASigner(key.toECKey());
      case "OKP" -> JdkEd25519.signer(key.toOctetKeyPair());
      default -> throw new IllegalStateException("unexpected key type");
    };
  }

  /** Claims a genuine token would carry at {@code now}. */
  JWTClaimsSet.Builder claims(Instant now) {
    return new JWTClaimsSet.Builder()
        .issuer(policy.issuer())
        .audience(policy.audience())
        .subject(UUID.randomUUID().toString())
        .jwtID(UUID.randomUUID().toString())
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(policy.accessTokenTtl())))
        .claim("sid", UUID.randomUUID().toString())
        .claim("roles", List.of("admin"))
        .claim("username", "mallory");
  }

  /** A header a genuine token would carry. */
  JWSHeader.Builder header() throws Exception {
    JWK key = ourKey();
    return new JWSHeader.Builder(policy.algorithm().jws()).type(new JOSEObjectType("at+jwt")).keyID(key.getKeyID());
  }

  /** Signs with our real key after letting the test bend the header and claims. */
  String signed(Instant now, UnaryOperator<JWSHeader.Builder> header, UnaryOperator<JWTClaimsSet.Builder> claims)
      throws Exception {
    SignedJWT jwt = new SignedJWT(header.apply(header()).build(), claims.apply(claims(now)).build());
    jwt.sign(ourSigner());
    return jwt.serialize();
  }

  /** A token assembled from raw JSON header and payload plus a given signature part. */
  static String raw(String headerJson, String payloadJson, String signature) {
    return Base64URL.encode(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
        + Base64URL.encode(payloadJson.getBytes(StandardCharsets.UTF_8)) + "." + signature;
  }

  static JWSAlgorithm alg(String name) {
    return JWSAlgorithm.parse(name);
  }
}
