package dev.latchkey.auth.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.latchkey.auth.core.oauth.OAuthProvider;
import dev.latchkey.auth.core.oauth.ProviderSettings;
import dev.latchkey.auth.core.oauth.ProviderType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Validates ID tokens (OpenID Connect Core §3.1.3.7): an asymmetric signature by a key of the issuer's JWKS (an
 * unknown key id refetches the set, rate-limited), {@code iss} equal to the discovered issuer, {@code aud} containing
 * the client id, {@code azp} equal to it when present or when there are several audiences, {@code exp} in the future,
 * {@code iat} recent and not in the future, {@code nonce} equal to the one sent. Time comes from the injected clock
 * with 60 s of skew. Thread-safe.
 */
final class IdTokens {
  private static final int SKEW_SECONDS = 60;
  private static final Duration MAX_AGE = Duration.ofMinutes(10);

  private final Clock clock;

  IdTokens(Clock clock) {
    this.clock = clock;
  }

  /** The validated claims of {@code idToken}, or a failure naming the first check that failed. */
  JWTClaimsSet validate(String idToken, OidcMetadata metadata, OAuthProvider provider, String nonce)
      throws ProviderFailure {
    JWT jwt;
    try {
      jwt = JWTParser.parse(idToken);
    } catch (ParseException e) {
      throw new ProviderFailure("the ID token is not a JWT");
    }
    if (!(jwt instanceof SignedJWT signed)) {
      throw new ProviderFailure("the ID token is not signed (alg " + jwt.getHeader().getAlgorithm() + ")");
    }
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(metadata.idTokenAlgorithms(), metadata.keys()));
    processor.setJWTClaimsSetVerifier(new ClockedVerifier(provider.clientId(), clock));
    JWTClaimsSet claims;
    try {
      claims = processor.process(signed, null);
    } catch (BadJOSEException e) {
      throw new ProviderFailure("the ID token was rejected: " + e.getMessage());
    } catch (RateLimitReachedException e) {
      throw new ProviderFailure("the ID token names an unknown key and the JWKS was refetched too recently");
    } catch (JOSEException e) {
      throw new ProviderFailure("the ID token could not be verified: " + e.getClass().getSimpleName());
    }
    checkIssuer(claims, metadata, provider);
    checkAuthorizedParty(claims, provider.clientId());
    checkIssuedAt(claims.getIssueTime().toInstant());
    checkNonce(claims, nonce);
    return claims;
  }

  private static void checkIssuer(JWTClaimsSet claims, OidcMetadata metadata, OAuthProvider provider)
      throws ProviderFailure {
    String iss = claims.getIssuer();
    @Nullable String tid = stringClaim(claims, "tid");
    String expected = metadata.expectedIssuer(tid);
    boolean google = provider.type() == ProviderType.GOOGLE && ProviderSettings.GOOGLE_ISSUER.equals(expected)
        && "accounts.google.com".equals(iss);
    if (!expected.equals(iss) && !google) {
      throw new ProviderFailure("the ID token's issuer " + iss + " is not " + expected);
    }
  }

  private static void checkAuthorizedParty(JWTClaimsSet claims, String clientId) throws ProviderFailure {
    String azp = stringClaim(claims, "azp");
    List<String> audience = claims.getAudience();
    if ((audience.size() > 1 && azp == null) || (azp != null && !azp.equals(clientId))) {
      throw new ProviderFailure("the ID token's authorized party is not this client");
    }
  }

  private void checkIssuedAt(Instant iat) throws ProviderFailure {
    Instant now = clock.instant();
    if (iat.isAfter(now.plusSeconds(SKEW_SECONDS)) || iat.isBefore(now.minus(MAX_AGE).minusSeconds(SKEW_SECONDS))) {
      throw new ProviderFailure("the ID token's iat is not within " + MAX_AGE.toMinutes() + " minutes of now");
    }
  }

  private static void checkNonce(JWTClaimsSet claims, String nonce) throws ProviderFailure {
    String actual = stringClaim(claims, "nonce");
    if (actual == null || !MessageDigest.isEqual(actual.getBytes(StandardCharsets.UTF_8),
        nonce.getBytes(StandardCharsets.UTF_8))) {
      throw new ProviderFailure("the ID token's nonce is missing or not the one sent");
    }
  }

  static @Nullable String stringClaim(JWTClaimsSet claims, String name) {
    Object value = claims.getClaim(name);
    return value instanceof String s ? s : null;
  }

  /** Nimbus's claims verifier (aud, exp, nbf, required claims) on the injected clock. */
  private static final class ClockedVerifier extends DefaultJWTClaimsVerifier<SecurityContext> {
    private final Clock clock;

    ClockedVerifier(String clientId, Clock clock) {
      super(clientId, new JWTClaimsSet.Builder().build(), Set.of("iss", "sub", "aud", "exp", "iat"));
      this.clock = clock;
      setMaxClockSkew(SKEW_SECONDS);
    }

    @Override
    protected Date currentTime() {
      return Date.from(clock.instant());
    }
  }
}
