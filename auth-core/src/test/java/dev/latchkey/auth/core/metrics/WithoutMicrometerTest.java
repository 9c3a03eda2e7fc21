package dev.latchkey.auth.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Micrometer is an optional dependency: the core must load and work without it. Runs a registration and a login in a
 * class loader holding the core and its required dependencies only (found through classes they contain), and checks
 * that Micrometer is really absent there.
 */
class WithoutMicrometerTest {
  /** One class of the core and of each dependency it needs at run time (and a logging binding). */
  private static final String[] NEEDED = {
    "dev.latchkey.auth.core.Auth", "com.nimbusds.jose.JWSObject",
    "org.springframework.security.crypto.argon2.Argon2PasswordEncoder",
    "org.bouncycastle.crypto.params.Argon2Parameters", "me.gosimple.nbvcxz.Nbvcxz", "org.slf4j.LoggerFactory",
    "org.apache.commons.logging.LogFactory", "org.jspecify.annotations.Nullable",
    "org.slf4j.simple.SimpleServiceProvider"};

  @Test
  void theCoreLoadsAndLogsInWithoutMicrometer() throws Exception {
    Set<URL> urls = new LinkedHashSet<>();
    for (String name : NEEDED) {
      urls.add(Class.forName(name).getProtectionDomain().getCodeSource().getLocation());
    }
    assertThat(urls).noneMatch(u -> u.toString().contains("micrometer"));
    try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      assertThatThrownBy(() -> loader.loadClass("io.micrometer.core.instrument.MeterRegistry"))
          .isInstanceOf(ClassNotFoundException.class);
      Class<?> authClass = loader.loadClass("dev.latchkey.auth.core.Auth");
      Object builder = authClass.getMethod("builder").invoke(null);
      builder = builder.getClass().getMethod("issuer", String.class).invoke(builder, "https://auth.example.test");
      builder = builder.getClass().getMethod("audience", String.class).invoke(builder, "api");
      Object auth = builder.getClass().getMethod("build").invoke(builder);

      Class<?> registration = loader.loadClass("dev.latchkey.auth.core.Registration");
      Object alice = registration.getMethod("of", String.class, String.class, String.class)
          .invoke(null, "alice", "alice@example.com", "correct horse battery staple");
      authClass.getMethod("register", registration).invoke(auth, alice);
      Class<?> clientInfo = loader.loadClass("dev.latchkey.auth.core.ClientInfo");
      Method login = authClass.getMethod("login", String.class, String.class, clientInfo);
      Object result = login.invoke(auth, "alice", "correct horse battery staple",
          clientInfo.getMethod("unknown").invoke(null));
      assertThat(result.getClass().getName()).isEqualTo("dev.latchkey.auth.core.LoginResult$Success");
      assertThat(authClass.getMethod("mailPending").invoke(auth)).isEqualTo(0L);

      // The binder itself is the one class that needs Micrometer.
      assertThatThrownBy(() -> Class.forName("dev.latchkey.auth.core.metrics.AuthMetrics", true, loader))
          .isInstanceOf(NoClassDefFoundError.class);
    }
  }
}
