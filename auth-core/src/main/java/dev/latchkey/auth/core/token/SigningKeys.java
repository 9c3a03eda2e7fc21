package dev.latchkey.auth.core.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.latchkey.auth.core.event.AuthEvent;
import dev.latchkey.auth.core.event.AuthEventType;
import dev.latchkey.auth.core.event.EventSink;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signing keys of one {@link TokenPolicy#algorithm()}: loads them from the {@link SigningKeyStore}, generates the
 * first one, rotates them (the successor is published {@link TokenPolicy#keyPublishLead()} before it signs; the
 * predecessor stays published an access-token lifetime plus leeway after it stops) and re-reads the store so that
 * several instances agree. HS256 uses the configured secret alone and is neither stored nor rotated. Thread-safe.
 */
final class SigningKeys {
  private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);
  private static final Duration UNKNOWN_KID_RELOAD_SPACING = Duration.ofSeconds(5);

  private final TokenPolicy policy;
  private final SigningKeyStore store;
  private final Clock clock;
  private final SecureRandom random;
  private final EventSink events;
  private final Object writeLock = new Object();
  private volatile KeyRing ring;
  private final AtomicReference<Instant> loadedAt;
  private final AtomicReference<Instant> lastUnknownKidReload = new AtomicReference<>(Instant.MIN);

  SigningKeys(TokenPolicy policy, SigningKeyStore store, Clock clock, SecureRandom random, EventSink events) {
    this.policy = policy;
    this.store = store;
    this.clock = clock;
    this.random = random;
    this.events = events;
    this.loadedAt = new AtomicReference<>(clock.instant());
    this.ring = policy.algorithm() == SigningAlgorithm.HS256 ? hmacRing() : loadOrCreate();
  }

  /** The key that signs now, rotating or re-reading first when due. */
  LoadedKey signingKey() {
    Instant now = clock.instant();
    if (policy.algorithm() != SigningAlgorithm.HS256) {
      Instant last = loadedAt.get();
      // One thread re-reads when due; the others keep signing with the keys they have.
      if (!now.isBefore(last.plus(policy.keyReloadInterval())) && loadedAt.compareAndSet(last, now)) {
        tryReload(now);
      }
      rotateIfDue(now);
    }
    LoadedKey key = ring.signingKey(now);
    if (key == null) {
      synchronized (writeLock) {
        key = ring.signingKey(now);
        if (key == null) {
          // Every key retired (a long-stopped service): start afresh with one that signs at once.
          generate(now, now);
          key = ring.signingKey(now);
        }
      }
    }
    if (key == null) {
      throw new IllegalStateException("no signing key could be made active");
    }
    return key;
  }

  /**
   * The published key with this id; an unknown id triggers one re-read of the store, at most every few seconds (the
   * id is attacker-controlled, so it must not cost a store round trip each time).
   */
  @Nullable LoadedKey verificationKey(String keyId) {
    Instant now = clock.instant();
    LoadedKey key = ring.verificationKey(keyId, now);
    if (key == null && policy.algorithm() != SigningAlgorithm.HS256) {
      Instant last = lastUnknownKidReload.get();
      if (!now.isBefore(last.plus(UNKNOWN_KID_RELOAD_SPACING)) && lastUnknownKidReload.compareAndSet(last, now)) {
        tryReload(now);
        key = ring.verificationKey(keyId, now);
      }
    }
    return key;
  }

  long ringVersion() {
    return ring.version();
  }

  String publicJwksJson() {
    return ring.publicJwksJson(clock.instant());
  }

  /** Publishes a successor key now; it signs after the publish lead. Returns its id. */
  String rotate() {
    if (policy.algorithm() == SigningAlgorithm.HS256) {
      throw new IllegalStateException("HS256 uses the configured secret: rotate it by configuration");
    }
    synchronized (writeLock) {
      Instant now = clock.instant();
      return rotateLocked(now);
    }
  }

  private void rotateIfDue(Instant now) {
    Duration interval = policy.keyRotationInterval();
    if (interval.isZero()) {
      return;
    }
    KeyRing current = ring;
    LoadedKey active = current.signingKey(now);
    if (active != null && active.stored().activatesAt().plus(interval).isAfter(now)) {
      return;
    }
    if (current.hasPendingKey(now)) {
      return;
    }
    synchronized (writeLock) {
      if (!ring.hasPendingKey(now)) {
        LoadedKey again = ring.signingKey(now);
        if (again == null || !again.stored().activatesAt().plus(interval).isAfter(now)) {
          rotateLocked(now);
        }
      }
    }
  }

  private String rotateLocked(Instant now) {
    Instant activates = now.plus(policy.keyPublishLead());
    LoadedKey previous = ring.signingKey(now);
    String keyId = generate(now, activates);
    if (previous != null && previous.stored().retiresAt() == null) {
      Instant retires = activates.plus(policy.accessTokenTtl()).plus(policy.leeway());
      store.save(previous.stored().retiringAt(retires));
      events.emit(AuthEvent.of(AuthEventType.SIGNING_KEY_RETIRED, now).with("kid", previous.keyId()));
    }
    reload(now);
    purgeRetired(now);
    return keyId;
  }

  private KeyRing loadOrCreate() {
    Instant now = clock.instant();
    synchronized (writeLock) {
      KeyRing loaded = read(now);
      this.ring = loaded;
      if (loaded.signingKey(now) == null) {
        generate(now, now);
        loaded = ring;
      }
      return loaded;
    }
  }

  private String generate(Instant now, Instant activatesAt) {
    String keyId = newKeyId();
    JWK jwk = newJwk(keyId);
    StoredSigningKey stored = new StoredSigningKey(keyId, policy.algorithm(), jwk.toJSONString(), now, activatesAt,
        null);
    store.save(stored);
    events.emit(AuthEvent.of(AuthEventType.SIGNING_KEY_CREATED, now).with("kid", keyId));
    LOG.info("Generated {} signing key {} (signs from {})", policy.algorithm(), keyId, activatesAt);
    reload(now);
    return keyId;
  }

  private void reload(Instant now) {
    this.ring = read(now);
    this.loadedAt.set(now);
  }

  /** A background re-read: a store that is down leaves the keys we have in use (they change rarely). */
  private void tryReload(Instant now) {
    try {
      reload(now);
    } catch (RuntimeException e) {
      LOG.warn("Could not re-read signing keys; keeping the {} loaded ones ({})", ring.keys().size(),
          e.getClass().getName());
    }
  }

  private KeyRing read(Instant now) {
    List<StoredSigningKey> stored = store.loadAll().stream()
        .filter(k -> k.algorithm() == policy.algorithm())
        .filter(k -> k.retiresAt() == null || now.isBefore(k.retiresAt()))
        .toList();
    KeyRing old = this.ring;
    if (old != null && old.sameKeys(stored)) {
      return old; // unchanged: keep the version, so verified-token cache entries stay valid
    }
    return new KeyRing(stored.stream().map(LoadedKey::load).toList(), old == null ? 1 : old.version() + 1);
  }

  private void purgeRetired(Instant now) {
    for (StoredSigningKey k : store.loadAll()) {
      Instant retires = k.retiresAt();
      if (retires != null && !now.isBefore(retires)) {
        store.delete(k.keyId());
      }
    }
  }

  private KeyRing hmacRing() {
    HmacSecret secret = policy.hmacSecret();
    if (secret == null) {
      throw new IllegalStateException("HS256 needs tokenPolicy.hmacSecret");
    }
    OctetSequenceKey jwk = new OctetSequenceKey.Builder(secret.bytes()).keyID("hs256").build();
    StoredSigningKey stored = new StoredSigningKey("hs256", SigningAlgorithm.HS256, jwk.toJSONString(), Instant.EPOCH,
        Instant.EPOCH, null);
    return new KeyRing(List.of(LoadedKey.load(stored)), 1);
  }

  private String newKeyId() {
    byte[] bytes = new byte[12];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private JWK newJwk(String keyId) {
    try {
      return switch (policy.algorithm()) {
        case RS256 -> new RSAKeyGenerator(2048).keyID(keyId).algorithm(policy.algorithm().jws())
            .keyUse(KeyUse.SIGNATURE).secureRandom(random).generate();
        case ES256 -> new ECKeyGenerator(Curve.P_256).keyID(keyId).algorithm(policy.algorithm().jws())
            .keyUse(KeyUse.SIGNATURE).secureRandom(random).generate();
        case EDDSA -> JdkEd25519.generate(keyId, random);
        case HS256 -> throw new IllegalStateException("HS256 keys are configured, never generated");
      };
    } catch (JOSEException e) {
      throw new IllegalStateException("could not generate a " + policy.algorithm() + " key", e);
    }
  }
}
