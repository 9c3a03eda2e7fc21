package dev.latchkey.auth.http.javalin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.memory.InMemoryStores;
import io.javalin.Javalin;
import io.javalin.plugin.Plugin;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Micrometer is an optional dependency: the plugin's classes, loaded where no {@code io.micrometer} class can be
 * found, start and serve the API (without meters and without {@code /metrics}).
 */
class WithoutMicrometerTest {
  private static final String PACKAGE = "dev.latchkey.auth.http.javalin.";

  /** Loads the plugin's package itself (child first) and finds no Micrometer class at all. */
  private static final class WithoutMicrometer extends ClassLoader {
    WithoutMicrometer(ClassLoader parent) {
      super(parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        if (name.startsWith("io.micrometer.")) {
          throw new ClassNotFoundException(name);
        }
        if (!name.startsWith(PACKAGE) || name.endsWith("Test") || name.contains("Test$")) {
          return super.loadClass(name, resolve);
        }
        Class<?> loaded = findLoadedClass(name);
        if (loaded != null) {
          return loaded;
        }
        try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
          if (in == null) {
            throw new ClassNotFoundException(name);
          }
          byte[] bytes = in.readAllBytes();
          return defineClass(name, bytes, 0, bytes.length);
        } catch (IOException e) {
          throw new ClassNotFoundException(name, e);
        }
      }
    }
  }

  @Test
  @DisplayName("without Micrometer on the class path the plugin starts and serves; /metrics is not there")
  void servesWithoutMicrometer() throws Exception {
    ClassLoader loader = new WithoutMicrometer(getClass().getClassLoader());
    assertThatThrownBy(() -> Class.forName("io.micrometer.core.instrument.MeterRegistry", false, loader))
        .isInstanceOf(ClassNotFoundException.class);
    Class<?> pluginClass = Class.forName(PACKAGE + "AuthPlugin", true, loader);
    assertThat(pluginClass.getClassLoader()).isSameAs(loader);
    Auth auth = Auth.builder().issuer("https://auth.example.test").audience("latchkey")
        .stores(InMemoryStores.create(Clock.systemUTC())).build();
    Plugin<?> plugin = (Plugin<?>) pluginClass.getConstructor(Auth.class).newInstance(auth);
    Javalin app = Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      cfg.registerPlugin(plugin);
    }).start("127.0.0.1", 0);
    try {
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + app.port();
      HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/login"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
              "{\"login\":\"nobody\",\"password\":\"wrong password here\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(login.statusCode()).as(login.body()).isEqualTo(401);
      assertThat(login.body()).contains("\"code\":\"invalid_credentials\"");
      assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
      assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
    } finally {
      app.stop();
    }
  }
}
