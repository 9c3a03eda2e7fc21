package dev.latchkey.auth.core;

import org.jspecify.annotations.Nullable;

/**
 * What is known about the client making a request: its address (for per-IP limits and session listings) and user
 * agent. Both optional; an HTTP layer fills them from trusted sources only.
 *
 * @param ip the client's address
 * @param userAgent the client's user agent, truncated to 512 characters
 */
public record ClientInfo(@Nullable String ip, @Nullable String userAgent) {
  private static final int MAX_USER_AGENT = 512;

  /** Truncates an overlong user agent. */
  public ClientInfo {
    if (userAgent != null && userAgent.length() > MAX_USER_AGENT) {
      userAgent = userAgent.substring(0, MAX_USER_AGENT);
    }
  }

  /** No client information. */
  public static ClientInfo unknown() {
    return new ClientInfo(null, null);
  }

  /** Only an address. */
  public static ClientInfo ip(String ip) {
    return new ClientInfo(ip, null);
  }
}
