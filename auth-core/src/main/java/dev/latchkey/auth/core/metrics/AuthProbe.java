package dev.latchkey.auth.core.metrics;

import dev.latchkey.auth.core.event.AuthEvent;
import dev.latchkey.auth.core.event.AuthEventListener;
import java.time.Duration;

/**
 * Receives what an {@code Auth} instance does, for metrics: every audit event (as an {@link AuthEventListener}) and
 * the measurements no event carries. Added with {@code Auth.addProbe}; {@link AuthMetrics} is the Micrometer one.
 * Called synchronously on the thread that did the work: implementations must be thread-safe and quick, and an
 * exception they throw is logged and ignored. Every method does nothing unless overridden. Nothing here carries
 * user data.
 */
public interface AuthProbe extends AuthEventListener {

  /** Every audit event, as the configured listener receives it. */
  @Override
  default void onEvent(AuthEvent event) {}

  /**
   * A thread waited {@code waited} for a password-hashing slot: {@code acquired} is false when it gave up after the
   * configured wait and the request was shed ({@code OverloadedException}).
   */
  default void hashSlotWaited(Duration waited, boolean acquired) {}

  /** An access token was signed (a login, a refresh or a client-credentials grant). */
  default void accessTokenIssued() {}

  /** A refresh token was issued (a session started, or its refresh token rotated). */
  default void refreshTokenIssued() {}

  /**
   * A call to one of {@code Auth}'s own methods (login, refresh, verification, the account flows) failed because a
   * store was unavailable ({@code StoreUnavailableException}).
   */
  default void storeFailed() {}
}
