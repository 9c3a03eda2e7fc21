package dev.latchkey.example.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.auth.core.mail.Mailer;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Settings from the environment: defaults, and errors that name every variable at fault but never a value. */
class ServiceConfigTest {
  private static final String URL = "jdbc:postgresql://db.internal:5432/orders";

  private static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>(Map.of("ORDERS_DATABASE_URL", URL,
        "ORDERS_BASE_URL", "https://orders.example.com/"));
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  @Test
  void theTwoRequiredSettingsAreEnoughAndTheRestDefault() {
    ServiceConfig config = ServiceConfig.fromEnv(env());
    assertThat(config.databaseUrl()).isEqualTo(URL);
    assertThat(config.databaseUser()).isNull();
    assertThat(config.databasePassword()).isNull();
    assertThat(config.baseUrl()).isEqualTo(URI.create("https://orders.example.com/"));
    assertThat(config.issuer()).isEqualTo("https://orders.example.com");
    assertThat(config.audience()).isEqualTo("orders");
    assertThat(config.port()).isEqualTo(8080);
    assertThat(config.requireEmailVerification()).isFalse();
    assertThat(config.admin()).isNull();
  }

  @Test
  void everySettingIsRead() {
    ServiceConfig config = ServiceConfig.fromEnv(env("ORDERS_DATABASE_USER", "orders_app",
        "ORDERS_DATABASE_PASSWORD", " s3cret with spaces ", "ORDERS_ISSUER", "https://auth.example.com",
        "ORDERS_AUDIENCE", "shop", "ORDERS_PORT", "9090", "ORDERS_REQUIRE_EMAIL_VERIFICATION", "yes",
        "ORDERS_ADMIN_EMAIL", "ops@example.com", "ORDERS_ADMIN_USERNAME", "ops", "ORDERS_ADMIN_PASSWORD", "pw"));
    assertThat(config.databaseUser()).isEqualTo("orders_app");
    assertThat(config.databasePassword()).isEqualTo(" s3cret with spaces ");
    assertThat(config.issuer()).isEqualTo("https://auth.example.com");
    assertThat(config.audience()).isEqualTo("shop");
    assertThat(config.port()).isEqualTo(9090);
    assertThat(config.requireEmailVerification()).isTrue();
    assertThat(config.admin().username()).isEqualTo("ops");
    assertThat(config.admin().email()).isEqualTo("ops@example.com");
    assertThat(config.admin().password()).isEqualTo("pw");
    assertThat(ServiceConfig.fromEnv(env("ORDERS_ADMIN_EMAIL", "ops@example.com")).admin().username())
        .isEqualTo("admin");
  }

  @Test
  void missingSettingsAreAllNamedAtOnce() {
    assertThatThrownBy(() -> ServiceConfig.fromEnv(Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ORDERS_DATABASE_URL is not set")
        .hasMessageContaining("ORDERS_BASE_URL is not set");
    assertThatThrownBy(() -> ServiceConfig.fromEnv(Map.of("ORDERS_DATABASE_URL", " ", "ORDERS_BASE_URL", "")))
        .hasMessageContaining("ORDERS_DATABASE_URL is not set")
        .hasMessageContaining("ORDERS_BASE_URL is not set");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ORDERS_DATABASE_URL=postgres://u:hunter2@db/orders",
      "ORDERS_DATABASE_URL=jdbc:mysql://db/hunter2", "ORDERS_BASE_URL=orders.example.com/hunter2",
      "ORDERS_BASE_URL=ftp://orders.example.com/hunter2", "ORDERS_BASE_URL=https://orders.example.com/?hunter2",
      "ORDERS_BASE_URL=https://hunter2 example", "ORDERS_PORT=hunter2", "ORDERS_PORT=65536", "ORDERS_PORT=-1",
      "ORDERS_REQUIRE_EMAIL_VERIFICATION=hunter2", "ORDERS_ADMIN_PASSWORD=hunter2"})
  void anInvalidSettingIsNamedWithoutItsValue(String setting) {
    String name = setting.substring(0, setting.indexOf('='));
    assertThatThrownBy(() -> ServiceConfig.fromEnv(env(name, setting.substring(name.length() + 1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(name)
        .message().doesNotContain("hunter2");
  }

  @Test
  void thePasswordIsNeverShown() {
    ServiceConfig config = ServiceConfig.fromEnv(env("ORDERS_DATABASE_URL", URL + "?password=hunter2&ssl=true",
        "ORDERS_DATABASE_PASSWORD", "hunter3", "ORDERS_ADMIN_EMAIL", "ops@example.com", "ORDERS_ADMIN_PASSWORD",
        "hunter4"));
    assertThat(config.toString()).contains("db.internal:5432/orders").doesNotContain("hunter2", "hunter3", "hunter4");
  }

  @Test
  void withMethodsChangeOneSetting() {
    ServiceConfig config = ServiceConfig.of(URL, URI.create("http://localhost:8080"));
    assertThat(config.issuer()).isEqualTo("http://localhost:8080");
    assertThat(config.withPort(0).port()).isZero();
    assertThat(config.withIssuer("https://id.example.com").issuer()).isEqualTo("https://id.example.com");
    assertThat(config.withDatabaseCredentials("u", "p").databasePassword()).isEqualTo("p");
    assertThat(config.withRequiredEmailVerification(true).requireEmailVerification()).isTrue();
    assertThatThrownBy(() -> config.withPort(70_000)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ServiceConfig.of("jdbc:h2:mem:x", URI.create("http://localhost")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aDatabaseThatCannotBeReachedStopsTheStartWithoutShowingThePassword() {
    // Port 1 on the loopback refuses at once: the pool's first connection fails and start gives up.
    ServiceConfig config = ServiceConfig.of("jdbc:postgresql://127.0.0.1:1/orders?password=hunter2&connectTimeout=2",
        URI.create("http://localhost:8080")).withPort(0);
    assertThatThrownBy(() -> OrderService.start(config, Mailer.NONE))
        .isInstanceOf(RuntimeException.class)
        .satisfies(e -> assertThat(OrderService.describe(e)).isNotBlank().doesNotContain("hunter2"));
  }

  @Test
  void describeRedactsCredentialsInUrls() {
    RuntimeException failure = new RuntimeException("could not connect",
        new IllegalStateException("jdbc:postgresql://app:hunter2@db/orders?password=hunter3 refused"));
    assertThat(OrderService.describe(failure)).contains("could not connect", "refused")
        .doesNotContain("hunter2", "hunter3");
  }
}
