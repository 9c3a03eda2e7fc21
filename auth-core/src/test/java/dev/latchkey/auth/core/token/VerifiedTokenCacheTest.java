package dev.latchkey.auth.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.user.UserId;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VerifiedTokenCacheTest {
  private final Principal principal = new Principal(UserId.random(), "alice", null, "jti", Set.of(),
      Instant.EPOCH, Instant.EPOCH.plusSeconds(900));

  @Test
  void hitsOnlyTheExactTokenUnderTheSameKeyRing() {
    VerifiedTokenCache cache = new VerifiedTokenCache(16);
    cache.put("header.payload.signature", 1, principal, null);
    assertThat(cache.get("header.payload.signature", 1)).isNotNull();
    assertThat(cache.get("header.payload.signaturf", 1)).isNull();
    assertThat(cache.get("header.payload.signature", 2)).isNull();
    assertThat(cache.get("header.payload.sig", 1)).isNull();
  }

  @Test
  void isBoundedToItsSize() {
    VerifiedTokenCache cache = new VerifiedTokenCache(4);
    for (int i = 0; i < 100; i++) {
      cache.put("token-" + i, 1, principal, null);
    }
    int hits = 0;
    for (int i = 0; i < 100; i++) {
      hits += cache.get("token-" + i, 1) == null ? 0 : 1;
    }
    assertThat(hits).isLessThanOrEqualTo(4).isPositive();
    assertThat(cache.get("token-99", 1)).isNotNull();
  }

  @Test
  void sixtyFourTokensAllFitACacheOfDefaultSize() {
    VerifiedTokenCache cache = new VerifiedTokenCache(4096);
    for (int i = 0; i < 64; i++) {
      cache.put("eyJhbGciOiJSUzI1NiJ9.payload-" + i + ".signature", 1, principal, null);
    }
    for (int i = 0; i < 64; i++) {
      assertThat(cache.get("eyJhbGciOiJSUzI1NiJ9.payload-" + i + ".signature", 1)).isNotNull();
    }
  }
}
