package dev.latchkey.auth.core.oauth;

import com.google.crypto.tink.subtle.AesGcmJce;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * Encrypts provider client secrets at rest: AES-256-GCM (Tink) with a random 96-bit nonce per secret, bound to the
 * provider's name as associated data so a ciphertext copied onto another provider does not decrypt. Stored form:
 * {@code v1.} followed by base64url(nonce | ciphertext | tag). The key comes from configuration (32 random bytes,
 * for example {@code openssl rand -base64 32}) and never from the database. Thread-safe.
 */
public final class ClientSecretCipher {
  private static final String PREFIX = "v1.";
  private static final int KEY_BYTES = 32;

  private final AesGcmJce aead;

  private ClientSecretCipher(byte[] key) {
    try {
      this.aead = new AesGcmJce(key);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the client-secret key is not a valid AES key", e);
    }
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
      byte[] sealed = aead.encrypt(secret.getBytes(StandardCharsets.UTF_8), associatedData(providerName));
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
      return new String(aead.decrypt(bytes, associatedData(providerName)), StandardCharsets.UTF_8);
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
