package dev.latchkey.demo.web;

import dev.latchkey.demo.web.AccountPages.PendingEmail;
import dev.latchkey.auth.core.user.User;
import dev.latchkey.auth.core.user.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The email changes these pages asked for, per user, to show them as pending: the library keeps a pending change to
 * itself (only its link knows it). An entry is dropped when the account has the new address, when the change is
 * withdrawn or the password changed on these pages, and after a day (the library's default link lifetime). In memory
 * and best effort: a restart, or a password reset (which cancels the change), is not seen until then. Thread-safe.
 */
final class PendingEmails {
  static final Duration SHOWN = Duration.ofHours(24);
  private static final int MAX = 10_000;

  private final Clock clock;
  private final Map<UserId, PendingEmail> pending = new ConcurrentHashMap<>();

  PendingEmails(Clock clock) {
    this.clock = clock;
  }

  /** Notes that a link to {@code email} went out for this user now. */
  void requested(UserId id, String email) {
    if (pending.size() >= MAX) {
      Instant cutoff = clock.instant().minus(SHOWN);
      pending.values().removeIf(p -> p.requestedAt().isBefore(cutoff));
      if (pending.size() >= MAX) {
        pending.clear();
      }
    }
    pending.put(id, new PendingEmail(email, clock.instant()));
  }

  /** Forgets the user's pending change; answers whether there was one. */
  boolean forget(UserId id) {
    return pending.remove(id) != null;
  }

  /** The change pending for this account as it is now, or null. */
  @Nullable PendingEmail of(User user) {
    PendingEmail p = pending.get(user.id());
    if (p == null) {
      return null;
    }
    if (p.email().equalsIgnoreCase(Objects.toString(user.email(), ""))
        || p.requestedAt().plus(SHOWN).isBefore(clock.instant())) {
      pending.remove(user.id(), p);
      return null;
    }
    return p;
  }
}
