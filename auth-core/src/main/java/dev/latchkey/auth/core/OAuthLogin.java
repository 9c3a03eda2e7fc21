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
import dev.latchkey.auth.core.otp.OneTimeToken;
import dev.latchkey.auth.core.otp.TokenPurpose;
import dev.latchkey.auth.core.token.RawToken;
import dev.latchkey.auth.core.token.TokenHash;
import dev.latchkey.auth.core.user.User;
import dev.latchkey.auth.core.user.UserId;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
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
 * the local account with the same verified email. An email counts as verified only when the provider says so and is
 * trusted for it ({@link OAuthProvider#trustEmailVerified()}); an unverified email never becomes an account's address
 * and never links ({@link OAuthPolicy#unverifiedEmail()}); an administrator is never linked automatically (the rules
 * of {@link FirstLogin}). Links are made, audited and mailed by {@link OAuthLinking}. A login that returns to an app hands it a {@code login_code} bound
 * to the app's PKCE {@code code_challenge}. Thread-safe.
 */
public final class OAuthLogin {
  private static final Logger LOG = LoggerFactory.getLogger(OAuthLogin.class);
  private static final java.time.Duration LOGIN_CODE_TTL = java.time.Duration.ofMinutes(1);
  /** An S256 challenge: base64url of 32 bytes, without padding (RFC 7636 §4.2). */
  private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");
  /** A code verifier (RFC 7636 §4.1). */
  private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");

  private final Stores stores;
  private final @Nullable OAuthClient client;
  private final @Nullable ClientSecretCipher cipher;
  private final OAuthPolicy policy;
  private final SessionFlow sessions;
  private final EventSink events;
  private final Clock clock;
  private final SecureRandom random;
  private final OAuthLinking linking;
  private final FirstLogin firstLogin;

  OAuthLogin(Stores stores, @Nullable OAuthClient client, @Nullable ClientSecretCipher cipher, OAuthPolicy policy,
      SessionFlow sessions, EventSink events, Clock clock, SecureRandom random, OAuthLinking linking) {
    this.stores = stores;
    this.client = client;
    this.cipher = cipher;
    this.policy = policy;
    this.sessions = sessions;
    this.events = events;
    this.clock = clock;
    this.random = random;
    this.linking = linking;
    this.firstLogin = new FirstLogin(stores, policy, linking, events, clock, random);
  }

  /**
   * Starts a login with {@code providerName} that ends in this service's callback with tokens
   * ({@link OAuthCallbackResult.SignedIn}).
   *
   * @throws NotFoundException when the provider is unknown or disabled
   */
  public OAuthStart start(String providerName) {
    return begin(providerName, null, null, null);
  }

  /**
   * Starts a login with {@code providerName} that returns to an app: the callback sends the browser to
   * {@code redirect} with a one-minute {@code login_code}, which only {@link #exchangeLoginCode} with the verifier of
   * {@code codeChallenge} turns into tokens. The app keeps the verifier (never in the URL), so a code planted in
   * another browser or app (login CSRF) is useless.
   *
   * @param redirect where to send the browser after the login; must be on the allow-list (compared exactly)
   * @param codeChallenge the app's PKCE S256 challenge: base64url(SHA-256(verifier)), 43 characters
   * @throws NotFoundException when the provider is unknown or disabled
   * @throws ValidationException when {@code redirect} is not allowed or the challenge is missing or malformed
   */
  public OAuthStart start(String providerName, URI redirect, String codeChallenge) {
    if (codeChallenge == null || !CHALLENGE.matcher(codeChallenge).matches()) {
      throw ValidationException.of("code_challenge", "is required with a redirect: base64url(SHA-256(verifier)),"
          + " 43 characters (S256)");
    }
    return begin(providerName, java.util.Objects.requireNonNull(redirect, "redirect"), codeChallenge, null);
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
    return begin(providerName, redirect, null, userId);
  }

  private OAuthStart begin(String providerName, @Nullable URI redirect, @Nullable String appChallenge,
      @Nullable UserId linkTo) {
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
    if (appChallenge != null) {
      attributes.put("app_challenge", appChallenge);
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
    return signIn(provider.get(), identity.identity(), saved, clientInfo);
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
      try {
        account = linking.link(user.get(), provider, identity, FirstLogin.verified(provider, identity),
            OAuthLinking.How.EXPLICIT);
      } catch (ConflictException e) {
        return refused(Reason.ALREADY_LINKED, provider.name());
      }
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

  private OAuthCallbackResult signIn(OAuthProvider provider, ExternalIdentity identity, Map<String, String> saved,
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
      switch (firstLogin.join(provider, identity)) {
        case FirstLogin.Joined joined -> user = joined.user();
        case FirstLogin.Refused no -> {
          return refused(no.reason(), provider.name());
        }
      }
    }
    String redirect = saved.get("redirect");
    if (!redirect.isEmpty()) {
      RawToken code = RawToken.generate(random);
      stores.oneTimeTokens().save(new OneTimeToken(code.hash(), TokenPurpose.OAUTH_LOGIN_CODE, user.id(),
          Map.of("provider", provider.name(), "app_challenge", saved.getOrDefault("app_challenge", "")),
          clock.instant().plus(LOGIN_CODE_TTL)));
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
   * Finishes a login that returned to an app with a {@code login_code}: the code is single-use (consumed whether or
   * not the verifier matches) and valid for one minute; SHA-256 of {@code codeVerifier} must equal the
   * {@code code_challenge} the app gave at {@link #start(String, URI, String)} (compared in constant time); the
   * session starts now.
   *
   * @return {@link OAuthCallbackResult.SignedIn}, or {@link OAuthCallbackResult.Refused} with
   *     {@link Reason#INVALID_STATE} for an unknown, used or expired code or a wrong or missing verifier
   */
  public OAuthCallbackResult exchangeLoginCode(String loginCode, @Nullable String codeVerifier,
      ClientInfo clientInfo) {
    if (loginCode.isEmpty() || loginCode.length() > 512) {
      return new OAuthCallbackResult.Refused(Reason.INVALID_STATE);
    }
    Optional<OneTimeToken> code = stores.oneTimeTokens().consume(RawToken.of(loginCode).hash(),
        TokenPurpose.OAUTH_LOGIN_CODE);
    if (code.isEmpty() || !verifierMatches(code.get().attributes().get("app_challenge"), codeVerifier)) {
      return new OAuthCallbackResult.Refused(Reason.INVALID_STATE);
    }
    Optional<User> user = Optional.ofNullable(code.get().userId()).flatMap(stores.users()::findById)
        .filter(User::active);
    if (user.isEmpty()) {
      return new OAuthCallbackResult.Refused(Reason.INVALID_STATE);
    }
    return startSession(user.get(), code.get().attributes().getOrDefault("provider", "oauth"), clientInfo);
  }

  private static boolean verifierMatches(@Nullable String challenge, @Nullable String verifier) {
    if (challenge == null || challenge.isEmpty() || verifier == null || !VERIFIER.matcher(verifier).matches()) {
      return false;
    }
    return MessageDigest.isEqual(challenge.getBytes(StandardCharsets.US_ASCII),
        challenge(RawToken.of(verifier)).getBytes(StandardCharsets.US_ASCII));
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
