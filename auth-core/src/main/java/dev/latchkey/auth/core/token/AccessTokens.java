package dev.latchkey.auth.core.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.auth.core.event.EventSink;
import dev.latchkey.auth.core.service.ApiKeyId;
import dev.latchkey.auth.core.session.SessionId;
import dev.latchkey.auth.core.token.TokenVerification.Invalid;
import dev.latchkey.auth.core.token.TokenVerification.Reason;
import dev.latchkey.auth.core.user.UserId;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Issues and verifies access tokens: JWTs with header {@code typ: at+jwt} and a {@code kid}, claims iss, aud, sub, sid,
 * jti, iat, exp, roles and username (RFC 9068).
 *
 * <p>Verification pins the one configured algorithm, requires {@code typ} {@code at+jwt} and a {@code kid} of a
 * published key, and never takes a key from the token ({@code jwk}, {@code jku}, {@code x5u}, {@code x5c} are
 * ignored). Then iss must equal ours, aud contain ours, exp lie ahead and nbf/iat not ahead, each within the leeway.
 * Thread-safe.
 */
public final class AccessTokens {
  /** The {@code typ} header of access tokens (RFC 9068). */
  public static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

  private final TokenPolicy policy;
  private final SigningKeys keys;
  private final Clock clock;
  private final SecureRandom random;
  private final JWSAlgorithm allowed;
  private final @Nullable VerifiedTokenCache cache;
  private final EventSink events;

  /**
   * Creates the service, loading (or generating and storing) the signing keys.
   *
   * @param policy issuer, audience, algorithm and lifetimes
   * @param keyStore where signing keys persist
   * @param clock the clock for iat/exp and key rotation
   * @param random the source of key material and token ids
   * @param events where key events and measurements go
   */
  public AccessTokens(TokenPolicy policy, SigningKeyStore keyStore, Clock clock, SecureRandom random,
      EventSink events) {
    this.policy = policy;
    this.clock = clock;
    this.random = random;
    this.events = events;
    this.keys = new SigningKeys(policy, keyStore, clock, random, events);
    this.allowed = policy.algorithm().jws();
    // HMAC verification costs about as much as the cache lookup would save: cache only asymmetric signatures.
    this.cache = policy.verifiedTokenCacheSize() > 0 && policy.algorithm().isAsymmetric()
        ? new VerifiedTokenCache(policy.verifiedTokenCacheSize())
        : null;
  }

  /** The policy in force. */
  public TokenPolicy policy() {
    return policy;
  }

  /**
   * Signs a new access token.
   *
   * @param userId the subject
   * @param username the {@code username} claim
   * @param sessionId the {@code sid} claim, or null for a token without a session
   * @param roles the {@code roles} claim
   */
  public IssuedAccessToken issue(UserId userId, String username, @Nullable SessionId sessionId,
      Collection<String> roles) {
    return sign(userId, username, sessionId, roles, null);
  }

  /**
   * Signs an access token for a service credential (client credentials grant, RFC 9068 §2.2): {@code sub} and
   * {@code client_id} are the key's id, {@code username} its name, and there is no session.
   */
  public IssuedAccessToken issueForClient(ApiKeyId keyId, String name, Collection<String> roles) {
    return sign(new UserId(keyId.value()), name, null, roles, keyId.toString());
  }

  private IssuedAccessToken sign(UserId userId, String username, @Nullable SessionId sessionId,
      Collection<String> roles, @Nullable String clientId) {
    Instant precise = clock.instant();
    Instant now = precise.truncatedTo(ChronoUnit.SECONDS);
    Instant exp = now.plus(policy.accessTokenTtl());
    String jti = newTokenId(precise);
    LoadedKey key = keys.signingKey();
    JWSHeader header = new JWSHeader.Builder(allowed).type(AT_JWT).keyID(key.keyId()).build();
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
        .issuer(policy.issuer())
        .audience(policy.audience())
        .subject(userId.toString())
        .jwtID(jti)
        .issueTime(Date.from(now))
        .expirationTime(Date.from(exp))
        .claim("roles", roles.stream().sorted().toList())
        .claim("username", username);
    if (sessionId != null) {
      claims.claim("sid", sessionId.toString());
    }
    if (clientId != null) {
      claims.claim("client_id", clientId);
    }
    SignedJWT jwt = new SignedJWT(header, claims.build());
    try {
      jwt.sign(key.signer());
    } catch (JOSEException e) {
      throw new IllegalStateException("signing with key " + key.keyId() + " failed", e);
    }
    events.probes().accessTokenIssued();
    return new IssuedAccessToken(jwt.serialize(), jti, issueTimeOf(precise), exp);
  }

  /**
   * Verifies signature and claims only: stateless, so a revoked token stays valid until it expires. Prefer
   * {@code Auth.verify}, which also checks revocation.
   */
  public TokenVerification verifyStateless(@Nullable String token) {
    if (token == null || token.isEmpty() || token.length() > TokenPolicy.MAX_TOKEN_LENGTH) {
      return new Invalid(Reason.MALFORMED);
    }
    Instant now = clock.instant();
    long ringVersion = keys.ringVersion();
    if (cache != null) {
      VerifiedTokenCache.Entry cached = cache.get(token, ringVersion);
      if (cached != null) {
        return checkTimes(cached.principal(), cached.notBefore(), now);
      }
    }
    return verifyUncached(token, now, ringVersion);
  }

  /** The published public keys as a JWK set JSON document (empty for HS256). */
  public String jwksJson() {
    return keys.publicJwksJson();
  }

  /** Publishes a successor signing key, which signs after {@link TokenPolicy#keyPublishLead()}; returns its id. */
  public String rotateKeys() {
    return keys.rotate();
  }

  private TokenVerification verifyUncached(String token, Instant now, long ringVersion) {
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = SignedJWT.parse(token);
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException | RuntimeException e) {
      return new Invalid(Reason.MALFORMED);
    }
    JWSHeader header = jwt.getHeader();
    if (!allowed.equals(header.getAlgorithm())) {
      return new Invalid(Reason.ALGORITHM_NOT_ALLOWED);
    }
    if (!isAccessTokenType(header.getType())) {
      return new Invalid(Reason.WRONG_TYPE);
    }
    String kid = header.getKeyID();
    LoadedKey key = kid == null ? null : keys.verificationKey(kid);
    if (key == null) {
      return new Invalid(Reason.UNKNOWN_KEY);
    }
    try {
      if (!jwt.verify(key.verifier())) {
        return new Invalid(Reason.BAD_SIGNATURE);
      }
    } catch (JOSEException | RuntimeException e) {
      return new Invalid(Reason.BAD_SIGNATURE);
    }
    return checkClaims(token, claims, now, ringVersion);
  }

  private TokenVerification checkClaims(String token, JWTClaimsSet claims, Instant now, long ringVersion) {
    if (!policy.issuer().equals(claims.getIssuer())) {
      return new Invalid(Reason.WRONG_ISSUER);
    }
    List<String> audience = claims.getAudience();
    if (audience == null || !audience.contains(policy.audience())) {
      return new Invalid(Reason.WRONG_AUDIENCE);
    }
    Date exp = claims.getExpirationTime();
    Date iat = claims.getIssueTime();
    String sub = claims.getSubject();
    String jti = claims.getJWTID();
    if (exp == null || iat == null || sub == null || jti == null) {
      return new Invalid(Reason.MISSING_CLAIM);
    }
    Date nbfDate = claims.getNotBeforeTime();
    Instant nbf = nbfDate == null ? null : nbfDate.toInstant();
    Principal principal;
    try {
      String sid = claims.getStringClaim("sid");
      String username = claims.getStringClaim("username");
      List<String> roles = claims.getStringListClaim("roles");
      String clientId = claims.getStringClaim("client_id");
      principal = new Principal(UserId.parse(sub), username == null ? "" : username,
          sid == null ? null : SessionId.parse(sid), jti, roles == null ? Set.of() : new HashSet<>(roles),
          preciseIssueTime(jti, iat.toInstant()), exp.toInstant(), clientId);
    } catch (ParseException | IllegalArgumentException | NullPointerException e) {
      return new Invalid(Reason.MALFORMED);
    }
    TokenVerification result = checkTimes(principal, nbf, now);
    if (cache != null && result instanceof TokenVerification.Valid) {
      cache.put(token, ringVersion, principal, nbf);
    }
    return result;
  }

  /** Time checks, run on every verification, cached or not. */
  private TokenVerification checkTimes(Principal principal, @Nullable Instant nbf, Instant now) {
    Instant skewedNow = now.plus(policy.leeway());
    if (principal.issuedAt().isAfter(skewedNow) || (nbf != null && nbf.isAfter(skewedNow))) {
      return new Invalid(Reason.NOT_YET_VALID);
    }
    // exp is exclusive: at exp + leeway the token is expired.
    if (!now.isBefore(principal.expiresAt().plus(policy.leeway()))) {
      return new Invalid(Reason.EXPIRED);
    }
    return new TokenVerification.Valid(principal);
  }

  private static boolean isAccessTokenType(@Nullable JOSEObjectType type) {
    if (type == null) {
      return false;
    }
    String t = type.getType().toLowerCase(Locale.ROOT);
    return t.equals("at+jwt") || t.equals("application/at+jwt");
  }

  /**
   * A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, 12 bits of sub-millisecond time (RFC 9562 §6.2, method 3),
   * then 62 random bits. The timestamp, covered by the signature, gives revocation checks sub-microsecond precision
   * where {@code iat} has whole seconds.
   */
  private String newTokenId(Instant issued) {
    long millis = issued.toEpochMilli();
    long fraction = (issued.getNano() % 1_000_000L) * 4096L / 1_000_000L;
    byte[] rnd = new byte[8];
    random.nextBytes(rnd);
    long msb = (millis << 16) | 0x7000L | fraction;
    long lsb = 0x8000_0000_0000_0000L | (ByteBuffer.wrap(rnd).getLong() & 0x3FFF_FFFF_FFFF_FFFFL);
    return new UUID(msb, lsb).toString();
  }

  /**
   * An instant cut to the precision token ids carry it (milliseconds plus 1/4096 ms): what revocation epochs are
   * compared in, so that a token issued at the same instant as a revocation compares equal, not earlier.
   */
  public static Instant issueTimeOf(Instant instant) {
    long fraction = (instant.getNano() % 1_000_000L) * 4096L / 1_000_000L;
    return Instant.ofEpochMilli(instant.toEpochMilli()).plusNanos(fraction * 1_000_000L / 4096L);
  }

  /** The issue time carried by a UUIDv7 token id, when it agrees with {@code iat}; else iat. */
  private static Instant preciseIssueTime(String jti, Instant iat) {
    try {
      UUID id = UUID.fromString(jti);
      if (id.version() != 7) {
        return iat;
      }
      long msb = id.getMostSignificantBits();
      Instant precise = Instant.ofEpochMilli(msb >>> 16).plusNanos((msb & 0x0FFFL) * 1_000_000L / 4096L);
      return precise.truncatedTo(ChronoUnit.SECONDS).equals(iat) ? precise : iat;
    } catch (IllegalArgumentException e) {
      return iat;
    }
  }
}
