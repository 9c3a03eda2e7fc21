package dev.latchkey.auth.oauth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.net.URI;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What an OpenID Connect issuer's discovery document says, checked: the issuer equals the configured one, endpoints
 * are https, S256 is supported whenever methods are listed, and ID tokens are signed with an asymmetric algorithm.
 *
 * @param issuer the issuer ID tokens must carry; for a Microsoft multi-tenant issuer it contains {@code {tenantid}}
 * @param keys the issuer's JWKS, cached, refetched on an unknown key id at most once per configured interval
 * @param issParameter whether authorization responses carry {@code iss} (RFC 9207)
 * @param basicAuth whether the token endpoint takes client_secret_basic (else client_secret_post)
 */
record OidcMetadata(
    String issuer,
    URI authorizationEndpoint,
    URI tokenEndpoint,
    @Nullable URI userinfoEndpoint,
    Set<JWSAlgorithm> idTokenAlgorithms,
    JWKSource<SecurityContext> keys,
    boolean issParameter,
    boolean basicAuth) {

  /** The issuer an ID token must carry, given its {@code tid} claim (Microsoft's multi-tenant template). */
  String expectedIssuer(@Nullable String tenantId) {
    return issuer.contains("{tenantid}") && tenantId != null ? issuer.replace("{tenantid}", tenantId) : issuer;
  }
}
