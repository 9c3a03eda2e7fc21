package dev.latchkey.auth.core.event;

/**
 * Receives audit events, synchronously on the thread that caused them. Implementations must be thread-safe and quick
 * (hand slow work to a queue); an exception thrown here is logged and never fails the request.
 */
@FunctionalInterface
public interface AuthEventListener {

  /** A listener that ignores every event. */
  AuthEventListener NONE = event -> {};

  /** Called once per event. */
  void onEvent(AuthEvent event);
}
