package dev.latchkey.auth.core;

/** The outcome of {@link Auth#signUp}. */
public sealed interface SignUpResult {

  /** The account was created and is logged in (no verification required). */
  record SignedIn(AuthTokens tokens) implements SignUpResult {}

  /**
   * Verification is required before login. Returned for a new address (a verification link was sent) and for one
   * already registered (its owner was sent a notice instead) alike, so the answer tells nobody which addresses exist.
   */
  record VerificationRequired() implements SignUpResult {}
}
