package dev.latchkey.auth.core.memory;

import dev.latchkey.auth.core.Stores;
import java.time.Clock;

/** Every store port in memory, sharing one clock. */
public final class InMemoryStores {
  private InMemoryStores() {}

  /**
   * Fresh, empty in-memory stores.
   *
   * <pre>{@code
   * Auth auth = Auth.builder()
   *     .issuer("https://auth.example.com").audience("my-api")
   *     .stores(InMemoryStores.create(Clock.systemUTC()))
   *     .build();
   * }</pre>
   */
  public static Stores create(Clock clock) {
    InMemoryUserStore users = new InMemoryUserStore();
    return new Stores(users, users, new InMemorySessionStore(clock), new InMemoryRevocationStore(clock),
        new InMemoryOneTimeTokenStore(clock), new InMemoryRateLimiter(), new InMemoryRoleStore(),
        new InMemoryRoleAssignmentStore(), new InMemoryServiceStore(), new InMemoryApiKeyStore(),
        new InMemorySigningKeyStore(), new InMemoryEventLog(), new InMemoryOAuthProviderStore(),
        new InMemoryOAuthAccountStore());
  }
}
