package dev.latchkey.auth.store.postgres;

import dev.latchkey.auth.core.event.EventLog;
import dev.latchkey.auth.core.oauth.OAuthAccountStore;
import dev.latchkey.auth.core.oauth.OAuthProviderStore;
import dev.latchkey.auth.core.otp.OneTimeTokenStore;
import dev.latchkey.auth.core.ratelimit.RateLimiter;
import dev.latchkey.auth.core.role.RoleAssignmentStore;
import dev.latchkey.auth.core.role.RoleStore;
import dev.latchkey.auth.core.service.ApiKeyStore;
import dev.latchkey.auth.core.service.ServiceStore;
import dev.latchkey.auth.core.session.SessionStore;
import dev.latchkey.auth.core.token.RevocationStore;
import dev.latchkey.auth.core.token.SigningKeyStore;
import dev.latchkey.auth.core.user.UserDirectory;
import dev.latchkey.auth.core.user.UserStore;
import dev.latchkey.auth.testkit.ApiKeyStoreContract;
import dev.latchkey.auth.testkit.EventLogContract;
import dev.latchkey.auth.testkit.MutableClock;
import dev.latchkey.auth.testkit.OAuthAccountStoreContract;
import dev.latchkey.auth.testkit.OAuthProviderStoreContract;
import dev.latchkey.auth.testkit.OneTimeTokenStoreContract;
import dev.latchkey.auth.testkit.RateLimiterContract;
import dev.latchkey.auth.testkit.RevocationStoreContract;
import dev.latchkey.auth.testkit.RoleAssignmentStoreContract;
import dev.latchkey.auth.testkit.RoleStoreContract;
import dev.latchkey.auth.testkit.ServiceStoreContract;
import dev.latchkey.auth.testkit.SessionStoreContract;
import dev.latchkey.auth.testkit.SigningKeyStoreContract;
import dev.latchkey.auth.testkit.UserStoreContract;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every auth-testkit contract suite against real PostgreSQL, each store in a fresh schema. */
class PostgresContractIT {
  @RegisterExtension
  static final PostgresDatabase DB = new PostgresDatabase();

  @Nested
  class Users extends UserStoreContract {
    @Override
    protected UserStore createStore(MutableClock clock) {
      return DB.stores(clock).users();
    }

    @Override
    protected UserDirectory directoryOf(UserStore store) {
      return (UserDirectory) store;
    }
  }

  @Nested
  class Sessions extends SessionStoreContract {
    @Override
    protected SessionStore createStore(MutableClock clock) {
      return DB.stores(clock).sessions();
    }
  }

  @Nested
  class Revocations extends RevocationStoreContract {
    @Override
    protected RevocationStore createStore(MutableClock clock) {
      return DB.stores(clock).revocations();
    }
  }

  @Nested
  class OneTimeTokens extends OneTimeTokenStoreContract {
    @Override
    protected OneTimeTokenStore createStore(MutableClock clock) {
      return DB.stores(clock).oneTimeTokens();
    }
  }

  @Nested
  class RateLimits extends RateLimiterContract {
    @Override
    protected RateLimiter createStore(MutableClock clock) {
      return DB.stores(clock).rateLimiter();
    }
  }

  @Nested
  class Roles extends RoleStoreContract {
    @Override
    protected RoleStore createStore(MutableClock clock) {
      return DB.stores(clock).roles();
    }
  }

  @Nested
  class RoleAssignments extends RoleAssignmentStoreContract {
    @Override
    protected RoleAssignmentStore createStore(MutableClock clock) {
      return DB.stores(clock).roleAssignments();
    }
  }

  @Nested
  class Services extends ServiceStoreContract {
    @Override
    protected ServiceStore createStore(MutableClock clock) {
      return DB.stores(clock).services();
    }
  }

  @Nested
  class ApiKeys extends ApiKeyStoreContract {
    @Override
    protected ApiKeyStore createStore(MutableClock clock) {
      return DB.stores(clock).apiKeys();
    }
  }

  @Nested
  class SigningKeys extends SigningKeyStoreContract {
    @Override
    protected SigningKeyStore createStore(MutableClock clock) {
      return DB.stores(clock).signingKeys();
    }
  }

  @Nested
  class Events extends EventLogContract {
    @Override
    protected EventLog createStore(MutableClock clock) {
      return DB.stores(clock).eventLog();
    }
  }

  @Nested
  class OAuthProviders extends OAuthProviderStoreContract {
    @Override
    protected OAuthProviderStore createStore(MutableClock clock) {
      return DB.stores(clock).oauthProviders();
    }
  }

  @Nested
  class OAuthAccounts extends OAuthAccountStoreContract {
    @Override
    protected OAuthAccountStore createStore(MutableClock clock) {
      return DB.stores(clock).oauthAccounts();
    }
  }
}
