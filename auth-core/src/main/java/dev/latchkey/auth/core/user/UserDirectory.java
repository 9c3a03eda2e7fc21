package dev.latchkey.auth.core.user;

import java.time.Instant;

/** The query side of user storage, for administration. Thread-safe. */
public interface UserDirectory {

  /** Users matching the query's text, oldest account first (ties by id), one page of them. */
  UserPage search(UserQuery query);

  /** How many users are both active and administrators. */
  long countActiveAdmins();

  /** How many users exist (active or not). */
  long countUsers();

  /** How many users last logged in at or after {@code since}. */
  long countLoggedInSince(Instant since);
}
