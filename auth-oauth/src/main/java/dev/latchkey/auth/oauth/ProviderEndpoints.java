package dev.latchkey.auth.oauth;

import dev.latchkey.auth.core.oauth.ProviderType;
import java.net.URI;
import java.util.Objects;

/**
 * Where a provider without discovery (GitHub, Discord) answers: its authorization and token endpoints and the base of
 * its user API. The defaults are the providers' public URLs; override them to reach GitHub Enterprise or a test
 * double.
 *
 * @param authorization the authorization endpoint the browser is sent to
 * @param token the token endpoint the code is exchanged at
 * @param api the user API's base URL (GitHub: {@code /user}, {@code /user/emails}; Discord: {@code /users/@me})
 */
public record ProviderEndpoints(URI authorization, URI token, URI api) {

  /** Requires absolute URLs. */
  public ProviderEndpoints {
    for (URI uri : new URI[] {authorization, token, api}) {
      Objects.requireNonNull(uri, "endpoint");
      if (!uri.isAbsolute()) {
        throw new IllegalArgumentException("provider endpoints must be absolute URLs");
      }
    }
  }

  /** GitHub.com. */
  public static ProviderEndpoints github() {
    return new ProviderEndpoints(URI.create("https://github.com/login/oauth/authorize"),
        URI.create("https://github.com/login/oauth/access_token"), URI.create("https://api.github.com"));
  }

  /** Discord (API v10). */
  public static ProviderEndpoints discord() {
    return new ProviderEndpoints(URI.create("https://discord.com/oauth2/authorize"),
        URI.create("https://discord.com/api/oauth2/token"), URI.create("https://discord.com/api/v10"));
  }

  /** The public endpoints of a provider without discovery. */
  static ProviderEndpoints defaults(ProviderType type) {
    return switch (type) {
      case GITHUB -> github();
      case DISCORD -> discord();
      default -> throw new IllegalArgumentException(type + " is configured by discovery");
    };
  }
}
