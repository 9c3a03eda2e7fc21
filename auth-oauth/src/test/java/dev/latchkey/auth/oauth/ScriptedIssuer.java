package dev.latchkey.auth.oauth;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A WireMock-scripted OpenID Connect issuer under {@code /oidc}: discovery, JWKS and token endpoint, with ID tokens
 * signed by keys the test holds, so each test can make the provider misbehave in exactly one way.
 */
final class ScriptedIssuer {
  final WireMockServer wm;
  final String issuer;
  final RSAKey key;

  ScriptedIssuer(WireMockServer wm) {
    this.wm = wm;
    this.issuer = wm.baseUrl() + "/oidc";
    this.key = rsa("k1");
  }

  static RSAKey rsa(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The discovery document, changed by {@code edit}, and the JWKS with the issuer's key. */
  void publish(UnaryOperator<Map<String, Object>> edit) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("issuer", issuer);
    doc.put("authorization_endpoint", issuer + "/authorize");
    doc.put("token_endpoint", issuer + "/token");
    doc.put("userinfo_endpoint", issuer + "/userinfo");
    doc.put("jwks_uri", issuer + "/jwks");
    doc.put("response_types_supported", List.of("code"));
    doc.put("subject_types_supported", List.of("public"));
    doc.put("id_token_signing_alg_values_supported", List.of("RS256"));
    doc.put("code_challenge_methods_supported", List.of("S256"));
    wm.stubFor(get(urlPathEqualTo("/oidc/.well-known/openid-configuration"))
        .willReturn(okJson(JSONObjectUtils.toJSONString(edit.apply(doc)))));
    wm.stubFor(get(urlPathEqualTo("/oidc/jwks"))
        .willReturn(okJson(new JWKSet(key.toPublicJWK()).toString())));
  }

  void publish() {
    publish(d -> d);
  }

  /** Standard claims for a fresh ID token of {@code subject}. */
  JWTClaimsSet.Builder claims(String subject, String nonce) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder().issuer(issuer).subject(subject).audience("client-1")
        .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).claim("nonce", nonce)
        .claim("email", subject + "@corp.example").claim("email_verified", true);
  }

  static String sign(RSAKey with, JWTClaimsSet claims) {
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID()).build(), claims);
      jwt.sign(new RSASSASigner(with));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  String sign(JWTClaimsSet claims) {
    return sign(key, claims);
  }

  static String unsigned(JWTClaimsSet claims) {
    return new PlainJWT(claims).serialize();
  }

  static String hmac(String secret, JWTClaimsSet claims) {
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
      jwt.sign(new MACSigner(secret.repeat(8)));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The token endpoint answers with this ID token (and a provider access token the test can look for). */
  void answerToken(String idToken) {
    wm.stubFor(post(urlPathEqualTo("/oidc/token")).willReturn(okJson(JSONObjectUtils.toJSONString(Map.of(
        "access_token", "provider-access-token-xyz", "token_type", "Bearer", "expires_in", 3600,
        "id_token", idToken)))));
  }

  void answerTokenError(String error) {
    wm.stubFor(post(urlPathEqualTo("/oidc/token")).willReturn(aResponse().withStatus(400)
        .withHeader("Content-Type", "application/json").withBody("{\"error\":\"" + error + "\"}")));
  }
}
