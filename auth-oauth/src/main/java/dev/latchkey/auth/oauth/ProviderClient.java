package dev.latchkey.auth.oauth;

import com.github.scribejava.core.builder.ServiceBuilder;
import com.github.scribejava.core.exceptions.OAuthException;
import com.github.scribejava.core.httpclient.jdk.JDKHttpClientConfig;
import com.github.scribejava.core.model.OAuth2AccessToken;
import com.github.scribejava.core.model.OAuth2AccessTokenErrorResponse;
import com.github.scribejava.core.oauth.AccessTokenRequestParams;
import com.github.scribejava.core.oauth.OAuth20Service;
import com.github.scribejava.core.pkce.PKCE;
import com.github.scribejava.core.pkce.PKCECodeChallengeMethod;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.latchkey.auth.core.StoreUnavailableException;
import dev.latchkey.auth.core.oauth.AuthorizationRequest;
import dev.latchkey.auth.core.oauth.CodeExchange;
import dev.latchkey.auth.core.oauth.ExchangeResult;
import dev.latchkey.auth.core.oauth.ExternalIdentity;
import dev.latchkey.auth.core.oauth.OAuthClient;
import dev.latchkey.auth.core.oauth.OAuthProvider;
import dev.latchkey.auth.core.oauth.ProviderType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The {@link OAuthClient} for real providers. Google, Microsoft and any OpenID Connect issuer are configured by
 * discovery (cached for an hour; the discovered issuer must equal the configured one); GitHub and Discord by
 * {@link ProviderEndpoints}. ScribeJava builds the authorization URL (PKCE S256 only) and exchanges the code; Nimbus
 * validates ID tokens. Provider access tokens are used for the user-API calls of one exchange and then dropped: they
 * are never stored, returned or logged. Thread-safe; share one instance.
 *
 * <pre>{@code
 * Auth auth = Auth.builder()
 *     .oauthClient(ProviderClient.create())
 *     .oauthSecretKey(ClientSecretCipher.fromBase64(System.getenv("LATCHKEY_OAUTH_SECRET_KEY")))
 *     .build();
 * }</pre>
 */
public final class ProviderClient implements OAuthClient {
  private final Discovery discovery;
  private final IdTokens idTokens;
  private final Map<ProviderType, ProviderEndpoints> endpoints;
  private final Duration timeout;

  private ProviderClient(Builder builder) {
    this.timeout = builder.timeout;
    Supplier<HttpClient> http = () -> HttpClient.newBuilder().connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER).build();
    this.discovery = new Discovery(http, timeout, builder.metadataTtl, builder.jwksRefetchInterval, builder.clock);
    this.idTokens = new IdTokens(builder.clock);
    this.endpoints = Map.copyOf(builder.endpoints);
  }

  /** A client with the defaults: public endpoints, 10 s timeouts, metadata cached 1 h, JWKS refetched ≤ 1 per 30 s. */
  public static ProviderClient create() {
    return builder().build();
  }

  /** Starts configuring a client. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@inheritDoc}
   *
   * @throws StoreUnavailableException when the provider's discovery document cannot be fetched or is unusable (its
   *     issuer is not the configured one, it offers no PKCE S256, its endpoints are not https…)
   */
  @Override
  public URI authorizationUrl(OAuthProvider provider, AuthorizationRequest request) {
    Target target = target(provider);
    PKCE pkce = new PKCE();
    pkce.setCodeChallenge(request.codeChallenge());
    pkce.setCodeChallengeMethod(PKCECodeChallengeMethod.S256);
    Map<String, String> extra = target.oidc() != null ? Map.of("nonce", request.nonce()) : Map.of();
    try (OAuth20Service service = service(provider, target, request.redirectUri(), null)) {
      URI url = URI.create(service.createAuthorizationUrlBuilder().state(request.state()).pkce(pkce)
          .scope(String.join(" ", provider.scopes())).additionalParams(extra).build());
      String query = url.getRawQuery();
      if (query == null || !query.contains("code_challenge_method=S256")) {
        throw new IllegalStateException("the authorization URL does not carry PKCE S256");
      }
      return url;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public boolean sendsIssuerParameter(OAuthProvider provider) {
    Target target = target(provider);
    return target.oidc() != null && target.oidc().issParameter();
  }

  @Override
  public ExchangeResult exchange(OAuthProvider provider, CodeExchange exchange) {
    Target target = target(provider);
    try {
      Discovery.requirePublic(target.token(), "token endpoint", provider.local());
      Discovery.requirePublic(target.api(), "user API", provider.local());
      if (target.oidc() != null && target.oidc().userinfoEndpoint() != null) {
        Discovery.requirePublic(target.oidc().userinfoEndpoint(), "userinfo endpoint", provider.local());
      }
    } catch (ProviderFailure e) {
      return new ExchangeResult.Failed(e.getMessage());
    }
    try (OAuth20Service service = service(provider, target, exchange.redirectUri(), exchange.clientSecret())) {
      OAuth2AccessToken token = service.getAccessToken(AccessTokenRequestParams.create(exchange.code())
          .pkceCodeVerifier(exchange.codeVerifier()));
      return new ExchangeResult.Identity(identity(provider, target, service, token, exchange.nonce()));
    } catch (OAuth2AccessTokenErrorResponse e) {
      return new ExchangeResult.Failed("the token endpoint refused the code: " + e.getError().getErrorString());
    } catch (OAuthException e) {
      return new ExchangeResult.Failed("the token endpoint answered no usable token");
    } catch (ProviderFailure e) {
      return new ExchangeResult.Failed(e.getMessage());
    } catch (IOException | ExecutionException e) {
      throw new StoreUnavailableException("provider " + provider.name() + " could not be reached", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("interrupted while talking to provider " + provider.name(), e);
    }
  }

  private ExternalIdentity identity(OAuthProvider provider, Target target, OAuth20Service service,
      OAuth2AccessToken token, String nonce) throws ProviderFailure, IOException {
    OidcMetadata oidc = target.oidc();
    if (oidc == null) {
      return provider.type() == ProviderType.GITHUB ? UserApis.github(service, token, target.api())
          : UserApis.discord(service, token, target.api());
    }
    String idToken;
    try {
      idToken = JSONObjectUtils.getString(JSONObjectUtils.parse(token.getRawResponse()), "id_token");
    } catch (ParseException e) {
      throw new ProviderFailure("the token response is not JSON");
    }
    if (idToken == null) {
      throw new ProviderFailure("the token response has no ID token");
    }
    JWTClaimsSet claims = idTokens.validate(idToken, oidc, provider, nonce);
    return UserApis.oidc(claims, claims.getIssuer(), oidc.userinfoEndpoint(), service, token,
        provider.type() == ProviderType.MICROSOFT);
  }

  /** Where to send the browser and the code, and how to authenticate the client. */
  private record Target(URI authorization, URI token, URI api, boolean basicAuth, boolean formEncoded,
      @Nullable OidcMetadata oidc) {}

  private Target target(OAuthProvider provider) {
    return switch (provider.type()) {
      case GITHUB, DISCORD -> {
        ProviderEndpoints e = endpoints.getOrDefault(provider.type(), ProviderEndpoints.defaults(provider.type()));
        yield new Target(e.authorization(), e.token(), e.api(), provider.type() == ProviderType.DISCORD,
            provider.type() == ProviderType.GITHUB, null);
      }
      case GOOGLE, MICROSOFT, OIDC -> {
        try {
          OidcMetadata m = discovery.metadata(provider);
          yield new Target(m.authorizationEndpoint(), m.tokenEndpoint(), m.tokenEndpoint(), m.basicAuth(), false, m);
        } catch (ProviderFailure e) {
          throw new StoreUnavailableException("identity provider " + provider.name() + " is unusable: "
              + e.getMessage(), null);
        }
      }
    };
  }

  private OAuth20Service service(OAuthProvider provider, Target target, URI callback, @Nullable String secret) {
    JDKHttpClientConfig http = JDKHttpClientConfig.defaultConfig().withConnectTimeout((int) timeout.toMillis())
        .withReadTimeout((int) timeout.toMillis()).withFollowRedirects(false);
    ServiceBuilder builder = new ServiceBuilder(provider.clientId()).callback(callback.toString())
        .httpClientConfig(http).userAgent("Latchkey");
    if (secret != null) {
      builder.apiSecret(secret);
    }
    return builder.build(new ScribeApi(target.authorization(), target.token(), target.basicAuth(),
        target.formEncoded()));
  }

  /** Settings of a {@link ProviderClient}. */
  public static final class Builder {
    private Duration timeout = Duration.ofSeconds(10);
    private Duration metadataTtl = Duration.ofHours(1);
    private Duration jwksRefetchInterval = Duration.ofSeconds(30);
    private Clock clock = Clock.systemUTC();
    private final Map<ProviderType, ProviderEndpoints> endpoints = new EnumMap<>(ProviderType.class);

    private Builder() {}

    /** Connect and read timeout of every call to a provider (default 10 s). */
    public Builder timeout(Duration value) {
      this.timeout = positive(value, "timeout");
      return this;
    }

    /** How long a discovery document is trusted before it is fetched again (default 1 h). */
    public Builder metadataTtl(Duration value) {
      this.metadataTtl = positive(value, "metadataTtl");
      return this;
    }

    /**
     * The least time between two JWKS fetches caused by ID tokens with unknown key ids (default 30 s), so forged
     * {@code kid}s cannot make Latchkey hammer a provider.
     */
    public Builder jwksRefetchInterval(Duration value) {
      this.jwksRefetchInterval = positive(value, "jwksRefetchInterval");
      return this;
    }

    /** The clock ID-token times are checked against (default UTC system clock). */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /** Other endpoints for GitHub or Discord (GitHub Enterprise, a test double). */
    public Builder endpoints(ProviderType type, ProviderEndpoints value) {
      if (type != ProviderType.GITHUB && type != ProviderType.DISCORD) {
        throw new IllegalArgumentException(type + " is configured by discovery from its issuer");
      }
      endpoints.put(type, Objects.requireNonNull(value, "endpoints"));
      return this;
    }

    /** The client. */
    public ProviderClient build() {
      return new ProviderClient(this);
    }

    private static Duration positive(Duration value, String name) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive");
      }
      return value;
    }
  }
}
