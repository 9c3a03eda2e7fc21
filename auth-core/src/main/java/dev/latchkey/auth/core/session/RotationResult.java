package dev.latchkey.auth.core.session;

/** What a {@link SessionStore#rotate} did. */
public sealed interface RotationResult {

  /** The token rotated; {@code session} is the stored state afterwards. */
  record Rotated(Session session) implements RotationResult {}

  /** A spent token was presented: the store has deleted {@code session} (the state before deletion). */
  record Reused(Session session) implements RotationResult {}

  /** No live session matches the token; nothing changed. */
  record Invalid() implements RotationResult {}
}
