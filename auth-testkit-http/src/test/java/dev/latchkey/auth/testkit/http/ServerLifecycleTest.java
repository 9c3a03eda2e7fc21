package dev.latchkey.auth.testkit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each test method gets its own server, and the extension stops it when the method ends. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServerLifecycleTest {
  private static final AtomicReference<URI> FIRST = new AtomicReference<>();

  @RegisterExtension
  static LatchkeyHttpExtension http = LatchkeyHttpExtension.builder().build();

  @Test
  @Order(1)
  void first() {
    FIRST.set(http.baseUri());
    assertThat(http.server()).isSameAs(http.server());
    assertThat(http.server().get("/api/v1/me", null).statusCode()).isEqualTo(401);
  }

  @Test
  @Order(2)
  void secondGetsANewServerAndTheFirstIsStopped() {
    assertThat(FIRST.get()).isNotNull();
    // Before this test starts its own server, which could be given the freed port.
    assertThatThrownBy(() -> {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(FIRST.get().getHost(), FIRST.get().getPort()), 2_000);
      }
    }).isInstanceOf(IOException.class);
    assertThat(http.server().get("/api/v1/me", null).statusCode()).isEqualTo(401);
  }
}
