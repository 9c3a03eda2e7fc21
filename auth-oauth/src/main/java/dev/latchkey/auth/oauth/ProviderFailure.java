package dev.latchkey.auth.oauth;

/**
 * A provider answered something Latchkey refuses (bad metadata, a rejected ID token, an unexpected API shape). The
 * message is for logs: it never contains a token, code or secret.
 */
final class ProviderFailure extends Exception {
  private static final long serialVersionUID = 1L;

  ProviderFailure(String message) {
    super(message, null, false, false);
  }
}
