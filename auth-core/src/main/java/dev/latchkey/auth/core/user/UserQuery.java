package dev.latchkey.auth.core.user;

import org.jspecify.annotations.Nullable;

/**
 * One page of a user search.
 *
 * @param text matches part of the username or email, case-insensitively; null or blank matches everyone
 * @param page the page, from 1
 * @param size users per page, 1–100
 */
public record UserQuery(@Nullable String text, int page, int size) {
  /** The largest page size. */
  public static final int MAX_SIZE = 100;

  /** Validates the paging. */
  public UserQuery {
    if (page < 1) {
      throw new IllegalArgumentException("page starts at 1");
    }
    if (size < 1 || size > MAX_SIZE) {
      throw new IllegalArgumentException("size must be between 1 and 100");
    }
  }

  /** The offset of the page's first user. */
  public long offset() {
    return (long) (page - 1) * size;
  }
}
