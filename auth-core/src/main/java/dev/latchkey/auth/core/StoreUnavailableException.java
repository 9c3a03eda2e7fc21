package dev.latchkey.auth.core;

import org.jspecify.annotations.Nullable;

/**
 * A store needed for the request is down or slower than its timeout. Latchkey fails closed: the request is refused,
 * never answered with a success. Code {@code store_unavailable}; HTTP layers answer 503.
 */
public final class StoreUnavailableException extends AuthException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception keeping the vendor error as its cause. */
  public StoreUnavailableException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  @Override
  public String code() {
    return "store_unavailable";
  }
}
