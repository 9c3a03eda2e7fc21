package dev.latchkey.auth.core.user;

/** The query side of user storage, for administration. Thread-safe. */
public interface UserDirectory {

  /** Users matching the query's text, oldest account first (ties by id), one page of them. */
  UserPage search(UserQuery query);

  /** How many users are both active and administrators. */
  long countActiveAdmins();
}
