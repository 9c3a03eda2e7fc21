package dev.latchkey.auth.testkit;

import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.Stores;
import dev.latchkey.auth.core.memory.InMemoryStores;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands each test a ready, isolated in-memory {@link Auth} with its {@link MutableClock}, {@link CapturingMailer} and
 * {@link Stores}, all wired together: ask for any of them as test-method (or constructor) parameters.
 *
 * <pre>{@code
 * @ExtendWith(LatchkeyExtension.class)
 * class SignupTest {
 *   @Test
 *   void tokensExpire(Auth auth, MutableClock clock) { ... }
 * }
 * }</pre>
 *
 * <p>The instance issues tokens for issuer {@value #ISSUER} and audience {@value #AUDIENCE}, signs with RS256, and
 * hashes with the production Argon2id parameters; each test method gets fresh state.
 */
public final class LatchkeyExtension implements ParameterResolver {
  /** The issuer of the tokens the provided {@link Auth} issues. */
  public static final String ISSUER = "https://latchkey.test";
  /** The audience of the tokens the provided {@link Auth} issues. */
  public static final String AUDIENCE = "latchkey-test";

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LatchkeyExtension.class);
  private static final Set<Class<?>> PROVIDED = Set.of(Auth.class, MutableClock.class, CapturingMailer.class,
      Stores.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return PROVIDED.contains(parameter.getParameter().getType());
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Fixture fixture = context.getStore(NAMESPACE).getOrComputeIfAbsent(Fixture.class, k -> Fixture.create(),
        Fixture.class);
    Class<?> type = parameter.getParameter().getType();
    if (type == Auth.class) {
      return fixture.auth();
    }
    if (type == MutableClock.class) {
      return fixture.clock();
    }
    if (type == CapturingMailer.class) {
      return fixture.mailer();
    }
    return fixture.stores();
  }

  private record Fixture(Auth auth, MutableClock clock, CapturingMailer mailer, Stores stores) {
    static Fixture create() {
      MutableClock clock = MutableClock.standard();
      CapturingMailer mailer = new CapturingMailer();
      Stores stores = InMemoryStores.create(clock);
      Auth auth = Auth.builder().issuer(ISSUER).audience(AUDIENCE).clock(clock).stores(stores).mailer(mailer)
          .build();
      return new Fixture(auth, clock, mailer, stores);
    }
  }
}
