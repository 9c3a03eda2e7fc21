package dev.latchkey.auth.store.postgres;

import dev.latchkey.auth.core.user.User;
import dev.latchkey.auth.core.user.UserId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Users read for display ({@code UserStore.findProfile}), kept while the {@link ChangeFeed} listens and dropped one by
 * one as their changes are reported. A read that overlaps any reported change is not kept (so a slow read can never
 * put an older version back after its change was reported); while the feed is down nothing is kept or answered.
 * Thread-safe.
 */
final class ProfileCache {
  private final int capacity;
  private final Map<UserId, User> users = new ConcurrentHashMap<>();
  private final AtomicLong changes = new AtomicLong();
  private volatile boolean live;

  ProfileCache(int capacity) {
    this.capacity = capacity;
  }

  Optional<User> find(UserId id, Function<UserId, Optional<User>> store) {
    long seen = changes.get();
    boolean usable = live;
    if (usable) {
      User kept = users.get(id);
      if (kept != null) {
        return Optional.of(kept);
      }
    }
    Optional<User> read = store.apply(id);
    if (read.isPresent() && usable && live && changes.get() == seen) {
      if (users.size() >= capacity) {
        users.clear();
      }
      users.put(id, read.get());
    }
    return read;
  }

  /** The user changed (or was deleted), here or on another instance. */
  void changed(UserId id) {
    changes.incrementAndGet();
    users.remove(id);
  }

  void suspend() {
    live = false;
    changes.incrementAndGet();
    users.clear();
  }

  void resume() {
    changes.incrementAndGet();
    users.clear();
    live = true;
  }
}
