package dev.latchkey.auth.core.password;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Spring Security Crypto logs through the Commons Logging API: the Commons Logging the core brings at run time sends
 * it to SLF4J (no jcl-over-slf4j bridge), and the encoders the core uses can be made with it.
 */
class CommonsLoggingRouteTest {
  @Test
  void springSecurityCryptoLogsThroughSlf4j() {
    assertThat(LogFactory.getFactory().getClass().getName()).contains("Slf4j");
    assertThat(LogFactory.getLog(Argon2PasswordEncoder.class).getClass().getName()).contains("Slf4j");
    assertThat(Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8().matches("x",
        Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8().encode("x"))).isTrue();
  }
}
