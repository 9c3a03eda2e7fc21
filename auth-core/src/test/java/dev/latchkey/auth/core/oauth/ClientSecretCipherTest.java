package dev.latchkey.auth.core.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.subtle.AesGcmJce;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** AES-256-GCM from the JDK in the stored layout of the Tink-based earlier versions (Tink is a test dependency). */
class ClientSecretCipherTest {
  /** Made by the Tink-based ClientSecretCipher of earlier versions (Tink 1.19's AesGcmJce) under {@link #KEY}. */
  private static final String KEY = "AwoRGB8mLTQ7QklQV15lbHN6gYiPlp2kq7K5wMfO1dw=";
  private static final String TINK_ERA_SEALED =
      "v1.BUXT-YmWGUbb60wEHq_jceFx_sn0dTS8wdoVdjkiVm5_T1Dv4eH7GK_hlvX79jUhjoCMiykk";
  private static final String AD_PREFIX = "latchkey/oauth-client-secret/";

  @Test
  void aSecretSealedByTheTinkVersionOpens() {
    ClientSecretCipher cipher = ClientSecretCipher.fromBase64(KEY);
    assertThat(cipher.open("legacy-provider", TINK_ERA_SEALED)).isEqualTo("tink-era client secret ✓");
  }

  @Test
  void tinkOpensWhatTheJdkSealsAndTheJdkOpensWhatTinkSeals() throws Exception {
    byte[] key = Base64.getDecoder().decode(KEY);
    ClientSecretCipher cipher = ClientSecretCipher.of(key);
    AesGcmJce tink = new AesGcmJce(key);
    byte[] ad = (AD_PREFIX + "github").getBytes(StandardCharsets.UTF_8);
    for (String secret : new String[] {"", "s", "a much longer client secret with ünïcode and 64+ characters ......"}) {
      String sealed = cipher.seal("github", secret);
      byte[] raw = Base64.getUrlDecoder().decode(sealed.substring(3));
      assertThat(raw).hasSize(12 + secret.getBytes(StandardCharsets.UTF_8).length + 16);
      assertThat(new String(tink.decrypt(raw, ad), StandardCharsets.UTF_8)).isEqualTo(secret);
      String byTink = "v1." + Base64.getUrlEncoder().withoutPadding()
          .encodeToString(tink.encrypt(secret.getBytes(StandardCharsets.UTF_8), ad));
      assertThat(cipher.open("github", byTink)).isEqualTo(secret);
    }
  }

  @Test
  void everySealUsesAFreshNonce() {
    ClientSecretCipher cipher = ClientSecretCipher.fromBase64(KEY);
    assertThat(cipher.seal("p", "same")).isNotEqualTo(cipher.seal("p", "same"));
  }

  @Test
  void refusesAnotherProviderAnotherKeyAlteredShortAndUnencryptedValues() {
    ClientSecretCipher cipher = ClientSecretCipher.fromBase64(KEY);
    String sealed = cipher.seal("google", "secret");
    assertThatThrownBy(() -> cipher.open("github", sealed)).isInstanceOf(IllegalStateException.class)
        .hasMessageNotContaining("secret\"");
    assertThatThrownBy(() -> ClientSecretCipher.of(new byte[32]).open("google", sealed))
        .isInstanceOf(IllegalStateException.class);
    byte[] raw = Base64.getUrlDecoder().decode(sealed.substring(3));
    raw[raw.length - 1] ^= 1;
    String altered = "v1." + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    assertThatThrownBy(() -> cipher.open("google", altered)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> cipher.open("google", "v1.AAAA")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> cipher.open("google", "v1.!!")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> cipher.open("google", "plain")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ClientSecretCipher.of(new byte[16])).isInstanceOf(IllegalArgumentException.class);
  }
}
