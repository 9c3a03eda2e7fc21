package dev.latchkey.auth.benchmarks;

import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.AuthTokens;
import dev.latchkey.auth.core.ClientInfo;
import dev.latchkey.auth.core.LoginResult;
import dev.latchkey.auth.core.Registration;
import dev.latchkey.auth.core.token.HmacSecret;
import dev.latchkey.auth.core.token.SigningAlgorithm;
import dev.latchkey.auth.core.token.TokenPolicy;
import java.security.SecureRandom;

/** Shared set-up: an in-memory {@link Auth} for one algorithm with one registered user. */
final class Fixtures {
  static final String PASSWORD = "correct horse battery staple";
  static final String ISSUER = "https://bench.latchkey.dev";
  static final String AUDIENCE = "bench";

  private Fixtures() {}

  /** A random 256-bit HS256 secret, shared by every instance of one benchmark run. */
  static final byte[] HMAC_SECRET = randomSecret();

  static Auth auth(SigningAlgorithm algorithm, int cacheSize) {
    TokenPolicy policy = TokenPolicy.defaults(ISSUER, AUDIENCE).withVerifiedTokenCacheSize(cacheSize);
    if (algorithm == SigningAlgorithm.HS256) {
      policy = policy.withHmacSecret(HmacSecret.of(HMAC_SECRET));
    } else {
      policy = policy.withAlgorithm(algorithm);
    }
    Auth auth = Auth.builder().tokenPolicy(policy).build();
    auth.register(Registration.of("bench", "bench@example.com", PASSWORD));
    return auth;
  }

  private static byte[] randomSecret() {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    return secret;
  }

  static AuthTokens login(Auth auth) {
    return ((LoginResult.Success) auth.login("bench", PASSWORD, ClientInfo.unknown())).tokens();
  }
}
