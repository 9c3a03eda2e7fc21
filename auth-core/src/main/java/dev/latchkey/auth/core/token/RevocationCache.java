package dev.latchkey.auth.core.token;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Remembers "not revoked" answers of a {@link RevocationStore} so that a revocation-checked verification does not cost
 * a store round trip every time, for adapters that learn of every revocation as it happens (PostgreSQL
 * {@code LISTEN}/{@code NOTIFY}).
 *
 * <p>The rules that keep it safe:
 * <ul>
 *   <li>Only answers for tokens found <em>not</em> revoked are kept; a revoked token is always asked again.</li>
 *   <li>Any revocation, here or on another instance, {@link #invalidate() invalidates} every kept answer: the adapter
 *       calls it after its own revocation writes and whenever its change feed reports one.</li>
 *   <li>While the change feed is not connected ({@link #suspend()}, and before the first {@link #resume()}) nothing
 *       is answered from memory: every check goes to the store, exactly as without the cache.</li>
 *   <li>An answer is kept under the generation it was read in; an invalidation that races with a store read makes
 *       that answer unusable rather than stale.</li>
 * </ul>
 * So a revocation takes effect at once on the instance that made it, and on the others as soon as its notification
 * arrives (committed and delivered together by the database; sub-millisecond on one host). Thread-safe.
 */
public final class RevocationCache {
  private final int capacity;
  private final Map<String, Long> notRevoked = new ConcurrentHashMap<>();
  private final AtomicLong generation = new AtomicLong();
  private volatile boolean live;

  /** A cache of at most {@code capacity} answers (then it starts over), not live until {@link #resume()}. */
  public RevocationCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
  }

  /**
   * Whether the token is revoked: from memory when a current answer is kept, else from {@code store} (whose "not
   * revoked" answer is then kept).
   */
  public boolean isRevoked(Principal principal, Predicate<Principal> store) {
    long seen = generation.get();
    boolean usable = live;
    if (usable) {
      Long kept = notRevoked.get(principal.tokenId());
      if (kept != null && kept == seen) {
        return false;
      }
    }
    boolean revoked = store.test(principal);
    if (!revoked && usable && live && generation.get() == seen) {
      if (notRevoked.size() >= capacity) {
        notRevoked.clear();
      }
      notRevoked.put(principal.tokenId(), seen);
    }
    return revoked;
  }

  /** Something was revoked: no kept answer is used again. */
  public void invalidate() {
    generation.incrementAndGet();
    notRevoked.clear();
  }

  /** The change feed is down: answer every check from the store until {@link #resume()}. */
  public void suspend() {
    live = false;
    invalidate();
  }

  /** The change feed listens again (and may have missed revocations meanwhile): start afresh, answering from memory. */
  public void resume() {
    invalidate();
    live = true;
  }

  /** Whether answers are currently kept (the change feed is connected). */
  public boolean isLive() {
    return live;
  }
}
