package dev.latchkey.auth.core;

import dev.latchkey.auth.core.user.User;

/** The outcome of a change that needs the current password (change password or email, delete account). */
public sealed interface AccountUpdate {

  /** Done; {@code user} is the account afterwards (as it was, for a deletion). */
  record Done(User user) implements AccountUpdate {}

  /**
   * An email change waits for the new address to prove itself: a link went to {@code pendingEmail}, a notice to the
   * current address. Until the link is used, {@code user} (as it was) keeps its address, which stays its login.
   */
  record EmailChangePending(User user, String pendingEmail) implements AccountUpdate {}

  /** The current password was wrong (or the account is throttled); nothing changed. Counts as a failed login. */
  record WrongPassword() implements AccountUpdate {}

  /**
   * The account has no password, and this session did not start with a provider login in the last ten minutes: log
   * in with the provider again, then retry. Nothing changed.
   */
  record ReauthenticationRequired() implements AccountUpdate {}
}
