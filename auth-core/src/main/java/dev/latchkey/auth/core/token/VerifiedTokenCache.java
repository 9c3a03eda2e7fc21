package dev.latchkey.auth.core.token;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * A bounded, lock-free, 4-way set-associative memory of token strings whose signature and static claims already
 * verified, so that a token presented again skips the signature check. Exact by construction: an entry holds the whole
 * token and is compared in constant time, is tied to the key-ring version it was verified under, and callers still
 * check expiry, not-before and revocation on every use. When a set is full, one of its four entries is replaced.
 */
final class VerifiedTokenCache {
  private static final int WAYS = 4;
  private final AtomicReferenceArray<Entry> slots;
  private final int setMask;

  VerifiedTokenCache(int requestedSize) {
    int size = Math.max(WAYS, Integer.highestOneBit(Math.max(1, requestedSize - 1) << 1));
    this.slots = new AtomicReferenceArray<>(size);
    this.setMask = size / WAYS - 1;
  }

  @Nullable Entry get(String token, long ringVersion) {
    int base = setOf(token);
    for (int i = 0; i < WAYS; i++) {
      Entry e = slots.get(base + i);
      if (e != null && e.ringVersion == ringVersion && constantTimeEquals(e.token, token)) {
        return e;
      }
    }
    return null;
  }

  void put(String token, long ringVersion, Principal principal, @Nullable Instant notBefore) {
    int base = setOf(token);
    Entry entry = new Entry(token, ringVersion, principal, notBefore);
    for (int i = 0; i < WAYS; i++) {
      Entry e = slots.get(base + i);
      if (e == null || e.ringVersion != ringVersion) {
        slots.set(base + i, entry);
        return;
      }
    }
    // Full set: evict a way picked by the token's own bits (cheap, and no shared counter to contend on).
    slots.set(base + ((token.hashCode() >>> 28) & (WAYS - 1)), entry);
  }

  private int setOf(String token) {
    int h = token.hashCode();
    h ^= h >>> 16;
    return (h & setMask) * WAYS;
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
