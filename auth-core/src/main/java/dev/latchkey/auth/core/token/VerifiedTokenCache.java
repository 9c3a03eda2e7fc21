package dev.latchkey.auth.core.token;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * A bounded, lock-free, direct-mapped memory of token strings whose signature and static claims already verified, so
 * that a token presented again skips the signature check. Exact by construction: an entry holds the whole token and
 * is compared in constant time, is tied to the key-ring version it was verified under, and callers still check expiry
 * and revocation on every use. A colliding token simply replaces the slot.
 */
final class VerifiedTokenCache {
  private final AtomicReferenceArray<Entry> slots;
  private final int mask;

  VerifiedTokenCache(int requestedSize) {
    int size = Integer.highestOneBit(Math.max(1, requestedSize - 1) << 1);
    this.slots = new AtomicReferenceArray<>(size);
    this.mask = size - 1;
  }

  @Nullable Entry get(String token, long ringVersion) {
    Entry e = slots.get(index(token));
    if (e == null || e.ringVersion != ringVersion || !constantTimeEquals(e.token, token)) {
      return null;
    }
    return e;
  }

  void put(String token, long ringVersion, Principal principal, @Nullable Instant notBefore) {
    slots.set(index(token), new Entry(token, ringVersion, principal, notBefore));
  }

  private int index(String token) {
    int h = token.hashCode();
    return (h ^ (h >>> 16)) & mask;
  }

  private static boolean constantTimeEquals(String a, String b) {
    if (a.length() != b.length()) {
      return false; // the length of a valid token is no secret
    }
    int diff = 0;
    for (int i = 0; i < a.length(); i++) {
      diff |= a.charAt(i) ^ b.charAt(i);
    }
    return diff == 0;
  }

  record Entry(String token, long ringVersion, Principal principal, @Nullable Instant notBefore) {}
}
