package dev.latchkey.auth.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.auth.core.oauth.OAuthPolicy;
import dev.latchkey.auth.core.oauth.ProviderSettings;
import dev.latchkey.auth.core.password.HashingPolicy;
import dev.latchkey.auth.core.password.PasswordPolicy;
import dev.latchkey.auth.core.ratelimit.RateLimit;
import dev.latchkey.auth.core.session.RefreshPolicy;
import dev.latchkey.auth.core.token.HmacSecret;
import dev.latchkey.auth.core.token.SigningAlgorithm;
import dev.latchkey.auth.core.token.TokenPolicy;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every public configuration record has a {@code with<Component>} method per component, and each changes only its
 * component, through the canonical constructor's checks: one run per record, over every component, with values the
 * constructor accepts; then values it refuses.
 */
class PolicyWithMethodsTest {

  static Stream<Arguments> records() {
    return Stream.of(
        Arguments.of(TokenPolicy.defaults("https://auth.example.test", "api"), Set.of("algorithm", "hmacSecret")),
        Arguments.of(LoginPolicy.defaults(), Set.of()),
        Arguments.of(PasswordPolicy.defaults(), Set.of()),
        Arguments.of(HashingPolicy.defaults(), Set.of()),
        Arguments.of(RefreshPolicy.defaults(), Set.of()),
        Arguments.of(AccountPolicy.defaults(), Set.of("requireEmailVerification")),
        Arguments.of(OAuthPolicy.defaults("https://app.example.test/oauth/{provider}/callback"), Set.of()),
        Arguments.of(LoginPolicy.defaults().perAccount(), Set.of()),
        Arguments.of(ProviderSettings.oidc("corp", "Corp", "https://id.example.test", "client", "secret"), Set.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("records")
  void eachWithMethodChangesOnlyItsComponent(Record original, Set<String> namedOtherwise) throws Exception {
    RecordComponent[] components = original.getClass().getRecordComponents();
    for (RecordComponent component : components) {
      if (namedOtherwise.contains(component.getName())) {
        continue; // a with-method of another name, tested below
      }
      String name = "with" + Character.toUpperCase(component.getName().charAt(0)) + component.getName().substring(1);
      Method with = original.getClass().getMethod(name, component.getType());
      Object before = component.getAccessor().invoke(original);
      int accepted = 0;
      for (Object value : candidates(before, component.getGenericType())) {
        Record copy;
        try {
          copy = (Record) with.invoke(original, value);
        } catch (InvocationTargetException e) {
          assertThat(e.getCause()).as(name + "(" + value + ")").isInstanceOf(IllegalArgumentException.class);
          continue; // a value this record refuses: the canonical constructor checked it
        }
        accepted++;
        assertThat(copy).isNotSameAs(original);
        for (RecordComponent other : components) {
          Object now = other.getAccessor().invoke(copy);
          if (other.getName().equals(component.getName())) {
            assertThat(now).as(name + " sets " + other.getName()).isEqualTo(value);
          } else {
            assertThat(now).as(name + " keeps " + other.getName()).isEqualTo(other.getAccessor().invoke(original));
          }
        }
      }
      assertThat(accepted).as(name + " accepted a changed value").isPositive();
    }
  }

  @Test
  void withMethodsAreValidatedByTheCanonicalConstructor() {
    assertThatThrownBy(() -> LoginPolicy.defaults().withPerAccount(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> LoginPolicy.defaults().withPerAccount(LoginPolicy.defaults().perAccount()
        .withMaxAttempts(101))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PasswordPolicy.defaults().withMinLength(7)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PasswordPolicy.defaults().withMaxLength(257))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HashingPolicy.defaults().withArgon2Iterations(1))
        .isInstanceOf(IllegalArgumentException.class); // 19 MiB is too little for one pass
    assertThatThrownBy(() -> HashingPolicy.defaults().withMaxWait(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RefreshPolicy.defaults().withReuseGrace(Duration.ofMinutes(2)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RefreshPolicy.defaults().withAbsoluteLifetime(Duration.ofDays(1)))
        .isInstanceOf(IllegalArgumentException.class); // shorter than the idle timeout
    assertThatThrownBy(() -> TokenPolicy.defaults("https://a.example", "api").withLeeway(Duration.ofMinutes(5)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AccountPolicy.defaults().withResetTtl(Duration.ofDays(2)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OAuthPolicy.defaults("https://a.example/cb").withStateTtl(Duration.ofHours(2)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RateLimit(5, Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(4))
        .withMaxLockout(Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theWithMethodsOfOtherNamesChangeTheirComponents() {
    TokenPolicy token = TokenPolicy.defaults("https://auth.example.test", "api");
    HmacSecret secret = HmacSecret.of(new byte[32]);
    TokenPolicy hs = token.withHmacSecret(secret);
    assertThat(hs.algorithm()).isEqualTo(SigningAlgorithm.HS256);
    assertThat(hs.hmacSecret()).isSameAs(secret);
    assertThat(hs.withAlgorithm(SigningAlgorithm.EDDSA)).isEqualTo(token.withAlgorithm(SigningAlgorithm.EDDSA));
    assertThat(token.withAlgorithm(SigningAlgorithm.EDDSA).hmacSecret()).isNull();
    AccountPolicy account = AccountPolicy.defaults();
    assertThat(account.withRequiredEmailVerification(true))
        .isEqualTo(new AccountPolicy(account.selfRegistration(), true, account.baseUrl(), account.verificationTtl(),
            account.resetTtl(), account.maxSessionsPerUser(), account.sessionLimit(), account.adminBootstrap()));
  }

  /** Values other than {@code current} of the component's type; some may be out of range. */
  private static List<Object> candidates(Object current, Type type) {
    Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    List<Object> values = new ArrayList<>();
    if (raw == boolean.class) {
      values.add(!(Boolean) current);
    } else if (raw == int.class) {
      int v = (Integer) current;
      values.addAll(List.of(v + 1, v - 1, v * 2, v / 2, 1));
    } else if (raw == Duration.class) {
      Duration v = (Duration) current;
      values.addAll(List.of(v.plusSeconds(1), v.minusSeconds(1), v.plusMinutes(1), v.dividedBy(2), v.multipliedBy(2)));
    } else if (raw == String.class) {
      values.add(current == null ? "other" : current + "x");
    } else if (raw == URI.class) {
      values.add(URI.create("https://other.example.test"));
    } else if (raw.isEnum()) {
      values.addAll(Arrays.asList(raw.getEnumConstants()));
    } else if (raw == Set.class) {
      Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
      values.add(element == URI.class ? Set.of(URI.create("https://app.example.test/after")) : Set.of("openid", "x"));
    } else if (raw == RateLimit.class) {
      values.add(new RateLimit(7, Duration.ofMinutes(3), Duration.ofMinutes(2), Duration.ofMinutes(30)));
    } else if (raw == AccountPolicy.AdminBootstrap.class) {
      values.add(new AccountPolicy.AdminBootstrap("root", "root@example.test", null));
    } else {
      throw new AssertionError("no test values for " + type);
    }
    values.removeIf(v -> Objects.equals(v, current));
    return values;
  }
}
