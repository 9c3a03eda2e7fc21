package dev.latchkey.auth.core;

import dev.latchkey.auth.core.OAuthCallbackResult.Reason;
import dev.latchkey.auth.core.event.AuthEvent;
import dev.latchkey.auth.core.event.AuthEventType;
import dev.latchkey.auth.core.event.EventSink;
import dev.latchkey.auth.core.oauth.AuthorizationRequest;
import dev.latchkey.auth.core.oauth.ClientSecretCipher;
import dev.latchkey.auth.core.oauth.CodeExchange;
import dev.latchkey.auth.core.oauth.ExchangeResult;
import dev.latchkey.auth.core.oauth.ExternalIdentity;
import dev.latchkey.auth.core.oauth.OAuthAccount;
import dev.latchkey.auth.core.oauth.OAuthClient;
import dev.latchkey.auth.core.oauth.OAuthPolicy;
import dev.latchkey.auth.core.oauth.OAuthProvider;
import dev.latchkey.auth.core.oauth.ProviderSettings;
import dev.latchkey.auth.core.oauth.ProviderType;
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
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Login with an identity provider (authorization code + PKCE S256 + state + nonce). Obtained from
 * {@link Auth#oauth()}; needs an {@link OAuthClient} (the {@code auth-oauth} module). State is single-use, kept hashed
 * in the one-time-token store and bound to the browser by a value the caller keeps in a cookie; every check on the
 * callback (state, browser, provider, {@code iss}) happens before any code is exchanged. Identities are keyed by
 * (issuer, subject); an unknown identity either creates an account without a password or, by the linking rule, joins
 * the local account with the same verified email. Thread-safe.
 */
public final class OAuthLogin {
  private static final Logger LOG = LoggerFactory.getLogger(OAuthLogin.class);
  private static final java.time.Duration LOGIN_CODE_TTL = java.time.Duration.ofMinutes(1);

  private final Stores stores;
  private final @Nullable OAuthClient client;
  private final @Nullable ClientSecretCipher cipher;
  private final OAuthPolicy policy;
  private final SessionFlow sessions;
  private final EventSink events;
  private final Clock clock;
  private final SecureRandom random;

  OAuthLogin(Stores stores, @Nullable OAuthClient client, @Nullable ClientSecretCipher cipher, OAuthPolicy policy,
      SessionFlow sessions, EventSink events, Clock clock, SecureRandom random) {
    this.stores = stores;
    this.client = client;
    this.cipher = cipher;
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
    return begin(providerName, redirect, null);
  }

  /**
   * Starts linking another provider to a signed-in user: the callback then links the identity to {@code userId}
   * instead of logging in ({@link OAuthCallbackResult.Linked}). The state remembers the user, so the callback (a
   * browser redirect without the user's access token) needs only the browser binding.
   *
   * @throws NotFoundException when the provider is unknown or disabled, or the user does not exist
   * @throws ValidationException when {@code redirect} is not allowed
   */
  public OAuthStart startLink(UserId userId, String providerName, @Nullable URI redirect) {
    stores.users().findById(userId).filter(User::active)
        .orElseThrow(() -> new NotFoundException("no active user with this id"));
    return begin(providerName, redirect, userId);
  }

  private OAuthStart begin(String providerName, @Nullable URI redirect, @Nullable UserId linkTo) {
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
    Map<String, String> attributes = new HashMap<>(Map.of("provider", provider.name(), "nonce", nonce.reveal(),
        "verifier", verifier.reveal(), "binding", binding.hash().hex(), "redirect",
        redirect == null ? "" : redirect.toString(), "callback", callback.toString()));
    if (linkTo != null) {
      attributes.put("link_user", linkTo.toString());
    }
    stores.oneTimeTokens().save(new OneTimeToken(state.hash(), TokenPurpose.OAUTH_STATE, linkTo, attributes,
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
    if (iss == null ? requireClient().sendsIssuerParameter(provider.get())
        : provider.get().issuer() != null && !iss.equals(provider.get().issuer())) {
      return refused(Reason.ISSUER_MISMATCH, providerName);
    }
    String code = query.get("code");
    if (code == null || code.isEmpty() || code.length() > 2048) {
      return refused(Reason.EXCHANGE_FAILED, providerName);
    }
    ExchangeResult exchanged = requireClient().exchange(provider.get(), new CodeExchange(code, saved.get("verifier"),
        URI.create(saved.get("callback")), saved.get("nonce"), requireCipher().open(provider.get())));
    if (!(exchanged instanceof ExchangeResult.Identity identity)) {
      LOG.info("OAuth login with {} refused: {}", providerName, ((ExchangeResult.Failed) exchanged).reason());
      return refused(Reason.EXCHANGE_FAILED, providerName);
    }
    String linkUser = saved.get("link_user");
    if (linkUser != null) {
      return link(provider.get(), identity.identity(), UserId.parse(linkUser), saved.get("redirect"));
    }
    return signIn(provider.get(), identity.identity(), saved.get("redirect"), clientInfo);
  }

  private OAuthCallbackResult link(OAuthProvider provider, ExternalIdentity identity, UserId userId,
      String redirect) {
    Optional<User> user = stores.users().findById(userId).filter(User::active);
    if (user.isEmpty()) {
      return refused(Reason.ACCOUNT_DISABLED, provider.name());
    }
    Optional<OAuthAccount> existing = stores.oauthAccounts().find(identity.issuer(), identity.subject());
    OAuthAccount account;
    if (existing.isPresent()) {
      if (!existing.get().userId().equals(userId)) {
        return refused(Reason.ALREADY_LINKED, provider.name());
      }
      account = existing.get();
    } else {
      account = new OAuthAccount(UUID.randomUUID(), userId, provider.name(), identity.issuer(), identity.subject(),
          identity.email(), identity.emailVerified(), clock.instant());
      try {
        stores.oauthAccounts().link(account);
      } catch (ConflictException e) {
        return refused(Reason.ALREADY_LINKED, provider.name());
      }
      events.emit(AuthEvent.of(AuthEventType.OAUTH_LINKED, clock.instant()).user(userId)
          .with("provider", provider.name()));
    }
    return new OAuthCallbackResult.Linked(account, redirect.isEmpty() ? null : URI.create(redirect));
  }

  /** The enabled providers, by name: what a login page offers. */
  public List<OAuthProvider> providers() {
    return stores.oauthProviders().list().stream().filter(OAuthProvider::enabled).toList();
  }

  /** The identities linked to a user, oldest first. */
  public List<OAuthAccount> accounts(UserId userId) {
    return stores.oauthAccounts().listByUser(userId);
  }

  /**
   * Unlinks one of a user's identities.
   *
   * @throws NotFoundException when the user has no such link
   * @throws LastLoginMethodException when the user has no password and this is the last link
   */
  public void unlink(UserId userId, UUID accountId) {
    User user = stores.users().findById(userId).orElseThrow(() -> new NotFoundException("no user with this id"));
    List<OAuthAccount> links = stores.oauthAccounts().listByUser(userId);
    OAuthAccount target = links.stream().filter(a -> a.id().equals(accountId)).findFirst()
        .orElseThrow(() -> new NotFoundException("no linked account with this id"));
    if (!user.hasPassword() && links.size() <= 1) {
      throw new LastLoginMethodException();
    }
    if (!stores.oauthAccounts().unlink(target.id())) {
      return;
    }
    // Two concurrent unlinks can each see the other's link and remove their own: check again after the delete and
    // put this link back when the account was left without any way to log in.
    if (!user.hasPassword() && stores.oauthAccounts().listByUser(userId).isEmpty()) {
      stores.oauthAccounts().link(target);
      throw new LastLoginMethodException();
    }
    events.emit(AuthEvent.of(AuthEventType.OAUTH_UNLINKED, clock.instant()).user(userId)
        .with("provider", target.provider()));
  }

  // ---- provider configuration (reached through AdminOperations) ----

  OAuthProvider createProvider(ProviderSettings settings) {
    if (settings.clientSecret() == null || settings.clientSecret().isEmpty()) {
      throw ValidationException.of("client_secret", "is required");
    }
    OAuthProvider provider = toProvider(settings, requireCipher().seal(settings.name(), settings.clientSecret()),
        clock.instant());
    stores.oauthProviders().create(provider);
    providerChanged(provider.name(), "created");
    return provider;
  }

  OAuthProvider updateProvider(ProviderSettings settings) {
    OAuthProvider current = stores.oauthProviders().find(settings.name())
        .orElseThrow(() -> new NotFoundException("no provider with this name"));
    String secret = settings.clientSecret() == null || settings.clientSecret().isEmpty()
        ? current.encryptedClientSecret() : requireCipher().seal(settings.name(), settings.clientSecret());
    OAuthProvider updated = toProvider(settings, secret, current.createdAt());
    if (!stores.oauthProviders().update(updated)) {
      throw new NotFoundException("no provider with this name");
    }
    providerChanged(updated.name(), "updated");
    return updated;
  }

  boolean deleteProvider(String name, boolean force) {
    long linked = stores.oauthAccounts().countByProvider(name);
    if (linked > 0 && !force) {
      throw new ConflictException("the provider has " + linked + " linked accounts: delete with force to remove it"
          + " anyway (those users can no longer log in with it)");
    }
    boolean deleted = stores.oauthProviders().delete(name);
    if (deleted) {
      providerChanged(name, "deleted");
    }
    return deleted;
  }

  private void providerChanged(String name, String change) {
    events.emit(AuthEvent.of(AuthEventType.OAUTH_PROVIDER_CHANGED, clock.instant()).with("provider", name)
        .with("change", change));
  }

  /** Validates settings and turns them into a stored provider with its sealed secret. */
  private static OAuthProvider toProvider(ProviderSettings settings, String sealedSecret, Instant createdAt) {
    String issuer = settings.issuer();
    switch (settings.type()) {
      case GOOGLE -> issuer = issuer == null ? ProviderSettings.GOOGLE_ISSUER : issuer;
      case MICROSOFT -> issuer = issuer == null ? ProviderSettings.microsoftIssuer("common") : issuer;
      case GITHUB, DISCORD -> {
        if (issuer != null) {
          throw ValidationException.of("issuer", "is only for OpenID Connect providers");
        }
      }
      case OIDC -> {
        if (issuer == null || issuer.isBlank()) {
          throw ValidationException.of("issuer", "is required for an OpenID Connect provider");
        }
      }
    }
    if (issuer != null) {
      validIssuer(issuer);
    }
    if (settings.clientId().isBlank() || settings.clientId().length() > 512) {
      throw ValidationException.of("client_id", "must be 1-512 characters");
    }
    if (settings.displayName().isBlank() || settings.displayName().length() > 100) {
      throw ValidationException.of("display_name", "must be 1-100 characters");
    }
    Set<String> scopes = new TreeSet<>(settings.scopes().isEmpty()
        ? ProviderSettings.defaultScopes(settings.type()) : settings.scopes());
    for (String scope : scopes) {
      if (!scope.matches("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,200}")) {
        throw ValidationException.of("scopes", "a scope is 1-200 printable characters without spaces or quotes");
      }
    }
    if (settings.type() != ProviderType.GITHUB && settings.type() != ProviderType.DISCORD) {
      scopes.add("openid");
    }
    try {
      return new OAuthProvider(settings.name(), settings.displayName(), settings.type(), settings.clientId(),
          sealedSecret, issuer, scopes, settings.enabled(), createdAt);
    } catch (IllegalArgumentException e) {
      throw ValidationException.of("name", e.getMessage());
    }
  }

  /** An issuer is an https URL without query or fragment (http only on a loopback host, for development). */
  private static void validIssuer(String issuer) {
    URI uri;
    try {
      uri = new URI(issuer);
    } catch (java.net.URISyntaxException e) {
      throw ValidationException.of("issuer", "is not a URL");
    }
    if (!ProviderSettings.isSecureUrl(uri) || uri.getRawQuery() != null || uri.getRawFragment() != null
        || issuer.length() > 512) {
      throw ValidationException.of("issuer", "must be an https URL without query or fragment");
    }
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
      events.emit(AuthEvent.of(AuthEventType.OAUTH_LINKED, clock.instant()).user(user.id())
          .with("provider", provider.name()));
    }
    if (!redirect.isEmpty()) {
      RawToken code = RawToken.generate(random);
      stores.oneTimeTokens().save(new OneTimeToken(code.hash(), TokenPurpose.OAUTH_LOGIN_CODE, user.id(),
          Map.of("provider", provider.name()), clock.instant().plus(LOGIN_CODE_TTL)));
      String separator = redirect.contains("?") ? "&" : "?";
      return new OAuthCallbackResult.LoginCodeIssued(URI.create(redirect + separator + "login_code="
          + code.reveal()));
    }
    return startSession(user, provider.name(), clientInfo);
  }

  private OAuthCallbackResult startSession(User user, String provider, ClientInfo clientInfo) {
    Optional<AuthTokens> tokens = sessions.start(user, clientInfo);
    if (tokens.isEmpty()) {
      return refused(Reason.SESSION_LIMIT_REACHED, provider);
    }
    Instant now = clock.instant();
    if (!stores.users().update(user.withLastLoginAt(now), user.version())) {
      LOG.debug("User {} changed during an OAuth login; last-login time skipped", user.id());
    }
    events.emit(AuthEvent.of(AuthEventType.LOGIN_SUCCEEDED, now).user(user.id())
        .session(tokens.get().sessionId()).ip(clientInfo.ip()).with("provider", provider));
    return new OAuthCallbackResult.SignedIn(tokens.get(), null);
  }

  /**
   * Finishes a login that returned to an app with a {@code login_code}: the code is single-use and valid for one
   * minute; the session starts now.
   *
   * @return {@link OAuthCallbackResult.SignedIn}, or {@link OAuthCallbackResult.Refused} with
   *     {@link Reason#INVALID_STATE} for an unknown, used or expired code
   */
  public OAuthCallbackResult exchangeLoginCode(String loginCode, ClientInfo clientInfo) {
    if (loginCode.isEmpty() || loginCode.length() > 512) {
      return new OAuthCallbackResult.Refused(Reason.INVALID_STATE);
    }
    Optional<OneTimeToken> code = stores.oneTimeTokens().consume(RawToken.of(loginCode).hash(),
        TokenPurpose.OAUTH_LOGIN_CODE);
    Optional<User> user = code.map(OneTimeToken::userId).flatMap(stores.users()::findById).filter(User::active);
    if (user.isEmpty()) {
      return new OAuthCallbackResult.Refused(Reason.INVALID_STATE);
    }
    return startSession(user.get(), code.get().attributes().getOrDefault("provider", "oauth"), clientInfo);
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
        Identifiers.validName(identity.name()), null, true, false, null, false, now, null, 1);
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

  private ClientSecretCipher requireCipher() {
    if (cipher == null) {
      throw new IllegalStateException(
          "no client-secret key configured: pass Auth.builder().oauthSecretKey(ClientSecretCipher.fromBase64(...))");
    }
    return cipher;
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
