package dev.latchkey.auth.core;

import dev.latchkey.auth.core.OAuthCallbackResult.Reason;
import dev.latchkey.auth.core.event.AuthEvent;
import dev.latchkey.auth.core.event.AuthEventType;
import dev.latchkey.auth.core.event.EventSink;
import dev.latchkey.auth.core.oauth.AuthorizationRequest;
import dev.latchkey.auth.core.oauth.CodeExchange;
import dev.latchkey.auth.core.oauth.ExchangeResult;
import dev.latchkey.auth.core.oauth.ExternalIdentity;
import dev.latchkey.auth.core.oauth.OAuthAccount;
import dev.latchkey.auth.core.oauth.OAuthClient;
import dev.latchkey.auth.core.oauth.OAuthPolicy;
import dev.latchkey.auth.core.oauth.OAuthProvider;
import dev.latchkey.auth.core.otp.OneTimeToken;
import dev.latchkey.auth.core.otp.TokenPurpose;
import dev.latchkey.auth.core.token.RawToken;
import dev.latchkey.auth.core.token.TokenHash;
import dev.latchkey.auth.core.user.Identifiers;
import dev.latchkey.auth.core.user.User;
import dev.latchkey.auth.core.user.UserId;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Login with an identity provider (authorization code + PKCE S256 + state + nonce). Obtained from
 * {@link Auth#oauth()}; needs an {@link OAuthClient} (the {@code auth-oauth} module). State is single-use, kept hashed
 * in the one-time-token store and bound to the browser by a value the caller keeps in a cookie; every check on the
 * callback (state, browser, provider, {@code iss}) happens before any code is exchanged. Identities are keyed by
 * (issuer, subject); an unknown identity either creates an account without a password or, by the linking rule, joins
 * the local account with the same verified email. Thread-safe.
 */
public final class OAuthLogin {
  private final Stores stores;
  private final @Nullable OAuthClient client;
  private final OAuthPolicy policy;
  private final SessionFlow sessions;
  private final EventSink events;
  private final Clock clock;
  private final SecureRandom random;

  OAuthLogin(Stores stores, @Nullable OAuthClient client, OAuthPolicy policy, SessionFlow sessions, EventSink events,
      Clock clock, SecureRandom random) {
    this.stores = stores;
    this.client = client;
    this.policy = policy;
    this.sessions = sessions;
    this.events = events;
    this.clock = clock;
    this.random = random;
  }

  /**
   * Starts a login with {@code providerName}.
   *
   * @param redirect where to send the browser after the login; must be on the allow-list (compared exactly), or null
   * @throws NotFoundException when the provider is unknown or disabled
   * @throws ValidationException when {@code redirect} is not allowed
   */
  public OAuthStart start(String providerName, @Nullable URI redirect) {
    OAuthProvider provider = enabled(providerName)
        .orElseThrow(() -> new NotFoundException("no enabled provider with this name"));
    if (redirect != null && !policy.allowedRedirects().contains(redirect)) {
      throw ValidationException.of("redirect_uri", "is not on the allow-list");
    }
    RawToken state = RawToken.generate(random);
    RawToken nonce = RawToken.generate(random);
    RawToken verifier = RawToken.generate(random);
    RawToken binding = RawToken.generate(random);
    URI callback = callbackFor(provider);
    Map<String, String> attributes = Map.of("provider", provider.name(), "nonce", nonce.reveal(), "verifier",
        verifier.reveal(), "binding", binding.hash().hex(), "redirect", redirect == null ? "" : redirect.toString(),
        "callback", callback.toString());
    stores.oneTimeTokens().save(new OneTimeToken(state.hash(), TokenPurpose.OAUTH_STATE, null, attributes,
        clock.instant().plus(policy.stateTtl())));
    URI url = requireClient().authorizationUrl(provider,
        new AuthorizationRequest(state.reveal(), nonce.reveal(), challenge(verifier), callback));
    return new OAuthStart(url, binding);
  }

  /**
   * Completes a login from the provider's callback query parameters and the browser's binding cookie.
   *
   * @param query {@code code}, {@code state}, and {@code iss} or {@code error} as the provider sent them
   * @param browserBinding the value {@link #start} returned, from the browser's cookie
   */
  public OAuthCallbackResult callback(String providerName, Map<String, String> query,
      @Nullable String browserBinding, ClientInfo clientInfo) {
    String stateValue = query.get("state");
    if (stateValue == null || stateValue.isEmpty() || stateValue.length() > 512) {
      return refused(Reason.INVALID_STATE, providerName);
    }
    Optional<OneTimeToken> consumed =
        stores.oneTimeTokens().consume(RawToken.of(stateValue).hash(), TokenPurpose.OAUTH_STATE);
    if (consumed.isEmpty()) {
      return refused(Reason.INVALID_STATE, providerName);
    }
    Map<String, String> saved = consumed.get().attributes();
    if (!providerName.equals(saved.get("provider")) || browserBinding == null
        || !TokenHash.of(browserBinding).matches(TokenHash.ofHex(saved.get("binding")))) {
      return refused(Reason.INVALID_STATE, providerName);
    }
    if (query.containsKey("error")) {
      return refused(Reason.PROVIDER_ERROR, providerName);
    }
    Optional<OAuthProvider> provider = enabled(providerName);
    if (provider.isEmpty()) {
      return refused(Reason.PROVIDER_DISABLED, providerName);
    }
    String iss = query.get("iss");
    if (iss != null && provider.get().issuer() != null && !iss.equals(provider.get().issuer())) {
      return refused(Reason.ISSUER_MISMATCH, providerName);
    }
    String code = query.get("code");
    if (code == null || code.isEmpty()) {
      return refused(Reason.EXCHANGE_FAILED, providerName);
    }
    ExchangeResult exchanged = requireClient().exchange(provider.get(), new CodeExchange(code, saved.get("verifier"),
        URI.create(saved.get("callback")), saved.get("nonce")));
    if (!(exchanged instanceof ExchangeResult.Identity identity)) {
      return refused(Reason.EXCHANGE_FAILED, providerName);
    }
    return signIn(provider.get(), identity.identity(), saved.get("redirect"), clientInfo);
  }

  private OAuthCallbackResult signIn(OAuthProvider provider, ExternalIdentity identity, String redirect,
      ClientInfo clientInfo) {
    Optional<OAuthAccount> linked = stores.oauthAccounts().find(identity.issuer(), identity.subject());
    User user;
    if (linked.isPresent()) {
      Optional<User> found = stores.users().findById(linked.get().userId());
      if (found.isEmpty() || !found.get().active()) {
        return refused(Reason.ACCOUNT_DISABLED, provider.name());
      }
      user = found.get();
    } else {
      if (identity.email() == null) {
        return refused(Reason.EMAIL_REQUIRED, provider.name());
      }
      Optional<User> sameEmail = stores.users().findByEmail(identity.email());
      if (sameEmail.isPresent()) {
        User local = sameEmail.get();
        boolean mayLink = policy.linking() == OAuthPolicy.Linking.AUTO_LINK_VERIFIED_EMAIL
            && identity.emailVerified() && local.emailVerified() && local.active();
        if (!mayLink) {
          return refused(Reason.LINK_NOT_ALLOWED, provider.name());
        }
        user = local;
      } else {
        user = createUser(identity);
      }
      stores.oauthAccounts().link(new OAuthAccount(UUID.randomUUID(), user.id(), provider.name(), identity.issuer(),
          identity.subject(), identity.email(), identity.emailVerified(), clock.instant()));
    }
    Optional<AuthTokens> tokens = sessions.start(user, clientInfo);
    if (tokens.isEmpty()) {
      return refused(Reason.SESSION_LIMIT_REACHED, provider.name());
    }
    events.emit(AuthEvent.of(AuthEventType.LOGIN_SUCCEEDED, clock.instant()).user(user.id())
        .session(tokens.get().sessionId()).ip(clientInfo.ip()).with("provider", provider.name()));
    return new OAuthCallbackResult.SignedIn(tokens.get(), redirect.isEmpty() ? null : URI.create(redirect));
  }

  /** An account without a password, named after the email's local part (made unique when taken). */
  private User createUser(ExternalIdentity identity) {
    String email = Identifiers.validEmail(identity.email());
    String base = email.substring(0, email.indexOf('@')).replaceAll("[^A-Za-z0-9._-]", "");
    base = base.replaceFirst("^[._-]+", "");
    if (base.length() < 3) {
      base = "user" + base;
    }
    base = base.length() > 50 ? base.substring(0, 50) : base;
    String username = base;
    for (int attempt = 0; stores.users().findByUsername(username).isPresent(); attempt++) {
      byte[] suffix = new byte[3];
      random.nextBytes(suffix);
      username = base + "-" + HexFormat.of().formatHex(suffix);
      if (attempt > 10) {
        throw new ConflictException("could not find a free username");
      }
    }
    Instant now = clock.instant();
    User user = new User(UserId.random(), username, email, identity.emailVerified(),
        Identifiers.validName(identity.name()), null, true, false, null, now, null, 1);
    stores.users().create(user);
    events.emit(AuthEvent.of(AuthEventType.USER_REGISTERED, now).user(user.id()).with("via", "oauth"));
    return user;
  }

  private OAuthCallbackResult refused(Reason reason, String provider) {
    events.emit(AuthEvent.of(AuthEventType.LOGIN_FAILED, clock.instant()).with("reason", "oauth_" + reason.name()
        .toLowerCase(java.util.Locale.ROOT)).with("provider", provider.length() > 32 ? provider.substring(0, 32)
        : provider));
    return new OAuthCallbackResult.Refused(reason);
  }

  private Optional<OAuthProvider> enabled(String name) {
    return stores.oauthProviders().find(name).filter(OAuthProvider::enabled);
  }

  private URI callbackFor(OAuthProvider provider) {
    return policy.callbackFor(provider.name());
  }

  private OAuthClient requireClient() {
    if (client == null) {
      throw new IllegalStateException("no OAuthClient configured: add auth-oauth and pass it to Auth.builder()");
    }
    return client;
  }

  /** The PKCE S256 challenge: base64url(SHA-256(ASCII(verifier))), RFC 7636 §4.2. */
  static String challenge(RawToken verifier) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(TokenHash.of(verifier.reveal()).bytes());
  }
}
