package dev.latchkey.auth.benchmarks;

import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.token.JdkEd25519;
import dev.latchkey.auth.core.token.SigningAlgorithm;
import dev.latchkey.auth.core.token.TokenVerification;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Access-token verification per algorithm: bare Nimbus (parse, verify the signature, parse the claims) against
 * Latchkey's revocation-checked {@code Auth.verify}, with the verified-token cache on (the default) and off.
 * 64 distinct tokens cycle, as from 64 clients.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class VerifyBenchmark {
  private static final int TOKENS = 64;

  @Param({"RS256", "EDDSA", "ES256", "HS256"})
  public String algorithm;

  private Auth cached;
  private Auth uncached;
  private String[] cachedTokens;
  private String[] uncachedTokens;
  private JWSVerifier bareVerifier;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    SigningAlgorithm alg = SigningAlgorithm.valueOf(algorithm);
    cached = Fixtures.auth(alg, 4096);
    uncached = Fixtures.auth(alg, 0);
    cachedTokens = tokens(cached);
    uncachedTokens = tokens(uncached);
    bareVerifier = alg == SigningAlgorithm.HS256
        ? new MACVerifier(Fixtures.HMAC_SECRET)
        : verifierFor(uncached, alg);
  }

  private static String[] tokens(Auth auth) {
    String[] tokens = new String[TOKENS];
    for (int i = 0; i < TOKENS; i++) {
      tokens[i] = Fixtures.login(auth).accessToken().token();
    }
    return tokens;
  }

  private static JWSVerifier verifierFor(Auth auth, SigningAlgorithm alg) throws Exception {
    JWK key = JWKSet.parse(auth.jwks()).getKeys().get(0);
    return switch (alg) {
      case RS256 -> new RSASSAVerifier(key.toRSAKey());
      case ES256 -> new ECDSAVerifier(key.toECKey());
      case EDDSA -> JdkEd25519.verifier(key.toOctetKeyPair());
      case HS256 -> throw new IllegalArgumentException("HS256 keys are not published");
    };
  }

  /** Each thread's position in the token ring. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;

    int advance() {
      next = (next + 1) & (TOKENS - 1);
      return next;
    }
  }

  @Benchmark
  public JWTClaimsSet bareNimbus(Cursor cursor) throws Exception {
    SignedJWT jwt = SignedJWT.parse(uncachedTokens[cursor.advance()]);
    if (!jwt.verify(bareVerifier)) {
      throw new IllegalStateException("bad signature");
    }
    return jwt.getJWTClaimsSet();
  }

  @Benchmark
  public TokenVerification latchkeyVerify(Cursor cursor) {
    return check(cached.verify(cachedTokens[cursor.advance()]));
  }

  @Benchmark
  public TokenVerification latchkeyVerifyNoCache(Cursor cursor) {
    return check(uncached.verify(uncachedTokens[cursor.advance()]));
  }

  private static TokenVerification check(TokenVerification v) {
    if (!(v instanceof TokenVerification.Valid)) {
      throw new IllegalStateException("benchmark token rejected: " + v);
    }
    return v;
  }
}
