package dev.latchkey.demo.web;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Thrown by a page handler to answer with the friendly error page: a status, a heading and a sentence for a person
 * (never an exception's message), and for 429 and 503 the time after which to retry.
 */
public final class WebError extends RuntimeException {
  final int status;
  final String heading;
  final String detail;
  final @Nullable Duration retryAfter;

  /** An error page with this status, heading and explanation. */
  public WebError(int status, String heading, String detail) {
    this(status, heading, detail, null);
  }

  /** An error page that also says when to try again (429, 503). */
  public WebError(int status, String heading, String detail, @Nullable Duration retryAfter) {
    super(heading, null, false, false);
    this.status = status;
    this.heading = heading;
    this.detail = detail;
    this.retryAfter = retryAfter;
  }

  /** A 404 page about a missing thing ("the user", "the provider"). */
  public static WebError notFound(String what) {
    return new WebError(404, "Not found", "We could not find " + what + ". It may have been deleted.");
  }
}
