package dev.latchkey.auth.core.memory;

import dev.latchkey.auth.core.ConflictException;
import dev.latchkey.auth.core.LastAdminException;
import dev.latchkey.auth.core.user.Identifiers;
import dev.latchkey.auth.core.user.User;
import dev.latchkey.auth.core.user.UserId;
import dev.latchkey.auth.core.user.UserDirectory;
import dev.latchkey.auth.core.user.UserPage;
import dev.latchkey.auth.core.user.UserQuery;
import dev.latchkey.auth.core.user.UserStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * {@link UserStore} and {@link UserDirectory} in memory. Reads are lock-free; writes take one lock so that the
 * username and email indexes and the last-admin invariant change together. Users are immutable records, so handing
 * them out is as safe as copying.
 */
public final class InMemoryUserStore implements UserStore, UserDirectory {
  private final Map<UserId, User> byId = new ConcurrentHashMap<>();
  private final Map<String, UserId> byUsername = new ConcurrentHashMap<>();
  private final Map<String, UserId> byEmail = new ConcurrentHashMap<>();
  private final Object lock = new Object();

  @Override
  public void create(User user) {
    synchronized (lock) {
      if (byId.containsKey(user.id())) {
        throw new ConflictException("a user with this id exists");
      }
      checkFree(user, null);
      byId.put(user.id(), user);
      byUsername.put(Identifiers.normalize(user.username()), user.id());
      indexEmail(user);
    }
  }

  @Override
  public Optional<User> findById(UserId id) {
    return Optional.ofNullable(byId.get(id));
  }

  @Override
  public Optional<User> findByUsername(String username) {
    UserId id = byUsername.get(Identifiers.normalize(username));
    return id == null ? Optional.empty() : findById(id);
  }

  @Override
  public Optional<User> findByEmail(String email) {
    UserId id = byEmail.get(Identifiers.normalize(email));
    return id == null ? Optional.empty() : findById(id);
  }

  @Override
  public boolean update(User user, long expectedVersion) {
    synchronized (lock) {
      User current = byId.get(user.id());
      if (current == null || current.version() != expectedVersion) {
        return false;
      }
      checkFree(user, user.id());
      if (isActiveAdmin(current) && !isActiveAdmin(user) && activeAdmins() <= 1) {
        throw new LastAdminException();
      }
      byUsername.remove(Identifiers.normalize(current.username()));
      if (current.email() != null) {
        byEmail.remove(Identifiers.normalize(current.email()));
      }
      byId.put(user.id(), user);
      byUsername.put(Identifiers.normalize(user.username()), user.id());
      indexEmail(user);
      return true;
    }
  }

  @Override
  public boolean delete(UserId id) {
    synchronized (lock) {
      User existing = byId.get(id);
      if (existing == null) {
        return false;
      }
      if (isActiveAdmin(existing) && activeAdmins() <= 1) {
        throw new LastAdminException();
      }
      User removed = byId.remove(id);
      byUsername.remove(Identifiers.normalize(removed.username()));
      if (removed.email() != null) {
        byEmail.remove(Identifiers.normalize(removed.email()));
      }
      return true;
    }
  }

  @Override
  public UserPage search(UserQuery query) {
    String text = query.text() == null ? "" : Identifiers.normalize(query.text());
    List<User> matching = byId.values().stream()
        .filter(u -> text.isEmpty() || Identifiers.normalize(u.username()).contains(text)
            || (u.email() != null && Identifiers.normalize(u.email()).contains(text)))
        .sorted(Comparator.comparing(User::createdAt).thenComparing(u -> u.id().value()))
        .toList();
    int from = (int) Math.min(matching.size(), query.offset());
    int to = Math.min(matching.size(), from + query.size());
    return new UserPage(matching.subList(from, to), query.page(), query.size(), matching.size());
  }

  @Override
  public long countActiveAdmins() {
    return activeAdmins();
  }

  @Override
  public long countUsers() {
    return byId.size();
  }

  @Override
  public long countLoggedInSince(Instant since) {
    return byId.values().stream().filter(u -> u.lastLoginAt() != null && !u.lastLoginAt().isBefore(since)).count();
  }

  private long activeAdmins() {
    return byId.values().stream().filter(InMemoryUserStore::isActiveAdmin).count();
  }

  private static boolean isActiveAdmin(User user) {
    return user.admin() && user.active();
  }

  private void indexEmail(User user) {
    if (user.email() != null) {
      byEmail.put(Identifiers.normalize(user.email()), user.id());
    }
  }

  private void checkFree(User user, @Nullable UserId self) {
    UserId holder = byUsername.get(Identifiers.normalize(user.username()));
    if (holder != null && !holder.equals(self)) {
      throw new ConflictException("the username is taken");
    }
    holder = user.email() == null ? null : byEmail.get(Identifiers.normalize(user.email()));
    if (holder != null && !holder.equals(self)) {
      throw new ConflictException("the email is taken");
    }
  }
}
