package dev.latchkey.demo.web;

/**
 * A one-time message shown on the page a POST redirects to (POST-redirect-GET). The text is chosen by server code; it
 * may carry user values, which the templates escape like everything else.
 *
 * @param kind {@code ok}, {@code info} or {@code error} (the alert's style and role)
 */
public record Flash(String kind, String message) {
  /** A success message. */
  public static Flash ok(String message) {
    return new Flash("ok", message);
  }

  /** A neutral message. */
  public static Flash info(String message) {
    return new Flash("info", message);
  }

  /** A failure message. */
  public static Flash error(String message) {
    return new Flash("error", message);
  }
}
