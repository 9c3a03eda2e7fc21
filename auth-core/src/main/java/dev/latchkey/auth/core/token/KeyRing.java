package dev.latchkey.auth.core.token;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** An immutable snapshot of the keys of the configured algorithm, indexed by {@code kid}. */
final class KeyRing {
  private final List<LoadedKey> keys; // newest activation first
  private final Map<String, LoadedKey> byId;
  private final long version;

  KeyRing(List<LoadedKey> keys, long version) {
    this.keys = keys.stream()
        .sorted(Comparator.comparing((LoadedKey k) -> k.stored().activatesAt()).reversed())
        .toList();
    this.byId = this.keys.stream().collect(Collectors.toUnmodifiableMap(LoadedKey::keyId, Function.identity()));
    this.version = version;
  }

  /** Whether {@code stored} are exactly this ring's keys, with the same lifecycle. */
  boolean sameKeys(List<StoredSigningKey> stored) {
    if (stored.size() != keys.size()) {
      return false;
    }
    for (StoredSigningKey s : stored) {
      LoadedKey k = byId.get(s.keyId());
      if (k == null || !k.stored().equals(s)) {
        return false;
      }
    }
    return true;
  }

  long version() {
    return version;
  }

  List<LoadedKey> keys() {
    return keys;
  }

  /** The key that signs at {@code now}: the one activated most recently, not retired. */
  @Nullable LoadedKey signingKey(Instant now) {
    for (LoadedKey k : keys) {
      if (!k.stored().activatesAt().isAfter(now) && isPublished(k, now)) {
        return k;
      }
    }
    return null;
  }

  /** A published key with this id, or null. */
  @Nullable LoadedKey verificationKey(String keyId, Instant now) {
    LoadedKey k = byId.get(keyId);
    return k != null && isPublished(k, now) ? k : null;
  }

  /** A key activating after {@code now}, if one is already published. */
  boolean hasPendingKey(Instant now) {
    return keys.stream().anyMatch(k -> k.stored().activatesAt().isAfter(now) && isPublished(k, now));
  }

  String publicJwksJson(Instant now) {
    List<JWK> published = new ArrayList<>();
    for (LoadedKey k : keys) {
      JWK pub = k.publicJwk();
      if (pub != null && isPublished(k, now)) {
        published.add(pub);
      }
    }
    return new JWKSet(published).toString(true);
  }

  private static boolean isPublished(LoadedKey k, Instant now) {
    Instant retires = k.stored().retiresAt();
    return retires == null || now.isBefore(retires);
  }
}
