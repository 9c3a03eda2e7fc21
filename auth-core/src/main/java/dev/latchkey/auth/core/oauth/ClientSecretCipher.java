package dev.latchkey.auth.core.oauth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts provider client secrets at rest: AES-256-GCM (the JDK's {@code AES/GCM/NoPadding}) with a random 96-bit
 * nonce per secret and a 128-bit tag, bound to the provider's name as associated data so a ciphertext copied onto
 * another provider does not decrypt. Stored form: {@code v1.} followed by base64url(nonce | ciphertext | tag), the
 * layout of Tink's {@code AesGcmJce}, which earlier versions used: secrets sealed by them open unchanged. The key comes from configuration (32 random bytes,
 * for example {@code openssl rand -base64 32}) and never from the database. Thread-safe.
 */
public final class ClientSecretCipher {
  private static final String PREFIX = "v1.";
  private static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";

  private final SecretKey key;
  private final SecureRandom random = new SecureRandom();

  private ClientSecretCipher(byte[] key) {
    this.key = new SecretKeySpec(key, "AES");
  }

  /** A cipher under a 256-bit key. */
  public static ClientSecretCipher of(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException("the client-secret key must be 32 bytes (256 bits)");
    }
    return new ClientSecretCipher(Arrays.copyOf(key, key.length));
  }

  /** A cipher under a 256-bit key given in base64 (standard or URL alphabet). */
  public static ClientSecretCipher fromBase64(String key) {
    Objects.requireNonNull(key, "key");
    byte[] bytes;
    try {
      String trimmed = key.strip();
      bytes = trimmed.indexOf('-') >= 0 || trimmed.indexOf('_') >= 0
          ? Base64.getUrlDecoder().decode(trimmed) : Base64.getDecoder().decode(trimmed);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the client-secret key is not base64");
    }
    return of(bytes);
  }

  /** Encrypts {@code secret} for the provider named {@code providerName}. */
  public String seal(String providerName, String secret) {
    Objects.requireNonNull(secret, "secret");
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      random.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(associatedData(providerName));
      byte[] body = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = Arrays.copyOf(nonce, NONCE_BYTES + body.length);
      System.arraycopy(body, 0, sealed, NONCE_BYTES, body.length);
      return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  /**
   * Decrypts a provider's stored secret.
   *
   * @throws IllegalStateException when it was sealed under another key or for another provider, or was altered
   */
  public String open(OAuthProvider provider) {
    return open(provider.name(), provider.encryptedClientSecret());
  }

  /** Decrypts {@code sealed}, which must have been sealed for {@code providerName}. */
  public String open(String providerName, String sealed) {
    if (!sealed.startsWith(PREFIX)) {
      throw new IllegalStateException("the stored client secret of provider " + providerName + " is not encrypted");
    }
    try {
      byte[] bytes = Base64.getUrlDecoder().decode(sealed.substring(PREFIX.length()));
      if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
        throw new GeneralSecurityException("too short");
      }
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
      cipher.updateAAD(associatedData(providerName));
      byte[] plain = cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("the stored client secret of provider " + providerName
          + " does not decrypt under the configured key (wrong key, or altered)");
    }
  }

  private static byte[] associatedData(String providerName) {
    return ("latchkey/oauth-client-secret/" + providerName).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "ClientSecretCipher[AES-256-GCM, key=redacted]";
  }
}
