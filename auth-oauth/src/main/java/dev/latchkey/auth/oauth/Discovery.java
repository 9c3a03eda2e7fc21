package dev.latchkey.auth.oauth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.Resource;
import dev.latchkey.auth.core.StoreUnavailableException;
import dev.latchkey.auth.core.oauth.OAuthProvider;
import dev.latchkey.auth.core.oauth.ProviderAddresses;
import dev.latchkey.auth.core.oauth.ProviderSettings;
import dev.latchkey.auth.core.oauth.ProviderType;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Fetches, checks and caches OpenID Connect discovery documents and the JWKS sources they name. Every URL is checked
 * by {@link ProviderAddresses} before it is fetched (its host resolved, each address public) unless the provider is
 * marked local, and every endpoint a document names must be https on a host that is not literally private: a
 * document cannot point Latchkey at an internal service. Thread-safe.
 */
final class Discovery {
  private static final int MAX_DOCUMENT_BYTES = 256 * 1024;
  /** Asymmetric algorithms only: never {@code none}, never a MAC keyed with the client secret. */
  private static final Set<JWSAlgorithm> ASYMMETRIC = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
      JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
      JWSAlgorithm.ES384, JWSAlgorithm.ES512, JWSAlgorithm.Ed25519, JWSAlgorithm.EdDSA);

  private record Cached(OidcMetadata metadata, Instant until) {}

  private final Supplier<HttpClient> httpFactory;
  private volatile @Nullable HttpClient http;
  private final Duration timeout;
  private final Duration ttl;
  private final Duration jwksRefetchInterval;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  /** {@code http} builds the client on first use: creating one starts threads and TLS, which start-up need not wait for. */
  Discovery(Supplier<HttpClient> http, Duration timeout, Duration ttl, Duration jwksRefetchInterval, Clock clock) {
    this.httpFactory = http;
    this.timeout = timeout;
    this.ttl = ttl;
    this.jwksRefetchInterval = jwksRefetchInterval;
    this.clock = clock;
  }

  private HttpClient http() {
    HttpClient client = http;
    if (client == null) {
      synchronized (this) {
        client = http;
        if (client == null) {
          client = httpFactory.get();
          http = client;
        }
      }
    }
    return client;
  }

  /**
   * The checked metadata of the provider's issuer, fetched at most once per TTL.
   *
   * @throws StoreUnavailableException when the document cannot be fetched
   * @throws ProviderFailure when it is unusable (issuer mismatch, plain-only PKCE, http endpoints…)
   */
  OidcMetadata metadata(OAuthProvider provider) throws ProviderFailure {
    String issuer = requireIssuer(provider);
    String key = provider.type() + " " + provider.local() + " " + issuer;
    Cached cached = cache.get(key);
    Instant now = clock.instant();
    if (cached != null && now.isBefore(cached.until())) {
      return cached.metadata();
    }
    OidcMetadata fresh = parse(provider.type(), issuer, fetch(issuer, provider.local()), provider.local());
    cache.put(key, new Cached(fresh, now.plus(ttl)));
    return fresh;
  }

  private static String requireIssuer(OAuthProvider provider) throws ProviderFailure {
    if (provider.issuer() == null) {
      throw new ProviderFailure("provider " + provider.name() + " has no issuer");
    }
    return provider.issuer();
  }

  private String fetch(String issuer, boolean local) throws ProviderFailure {
    URI uri = URI.create(issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration");
    requirePublic(uri, "issuer", local);
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET()
        .build();
    try {
      HttpResponse<InputStream> response = http().send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        byte[] bytes = body.readNBytes(MAX_DOCUMENT_BYTES + 1);
        if (response.statusCode() != 200 || bytes.length > MAX_DOCUMENT_BYTES) {
          throw new StoreUnavailableException("the discovery document of " + issuer + " answered HTTP "
              + response.statusCode(), null);
        }
        return new String(bytes, StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new StoreUnavailableException("the discovery document of " + issuer + " could not be fetched", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("interrupted while fetching the discovery document of " + issuer, e);
    }
  }

  /** Refuses a URL whose host is (or resolves to) a private address, unless the provider is local. */
  static void requirePublic(URI uri, String what, boolean local) throws ProviderFailure {
    Optional<String> reason = ProviderAddresses.resolveAndCheck(uri, local);
    if (reason.isPresent()) {
      throw new ProviderFailure("the " + what + " URL " + reason.get());
    }
  }

  private OidcMetadata parse(ProviderType type, String configured, String json, boolean local)
      throws ProviderFailure {
    Map<String, Object> doc;
    try {
      doc = JSONObjectUtils.parse(json, MAX_DOCUMENT_BYTES);
      String issuer = JSONObjectUtils.getString(doc, "issuer");
      if (issuer == null || !issuerMatches(type, configured, issuer)) {
        throw new ProviderFailure("the discovery document names issuer " + issuer + ", not the configured "
            + configured);
      }
      List<String> pkce = JSONObjectUtils.getStringList(doc, "code_challenge_methods_supported");
      if (pkce != null && !pkce.contains("S256")) {
        throw new ProviderFailure("issuer " + configured + " does not support PKCE S256");
      }
      Set<JWSAlgorithm> algorithms = algorithms(JSONObjectUtils.getStringList(doc,
          "id_token_signing_alg_values_supported"), configured);
      List<String> auth = JSONObjectUtils.getStringList(doc, "token_endpoint_auth_methods_supported");
      boolean basic = auth == null || auth.contains("client_secret_basic");
      if (!basic && !auth.contains("client_secret_post")) {
        throw new ProviderFailure("issuer " + configured + " takes neither client_secret_basic nor _post");
      }
      Boolean issParameter = doc.get("authorization_response_iss_parameter_supported") instanceof Boolean b ? b
          : Boolean.FALSE;
      URI jwks = endpoint(doc, "jwks_uri", true, local);
      return new OidcMetadata(issuer, endpoint(doc, "authorization_endpoint", true, local),
          endpoint(doc, "token_endpoint", true, local), endpoint(doc, "userinfo_endpoint", false, local), algorithms,
          keys(jwks, local), issParameter, basic);
    } catch (ParseException e) {
      throw new ProviderFailure("the discovery document of " + configured + " is not valid JSON metadata");
    }
  }

  /**
   * Exact equality (OpenID Connect Discovery §4.3). Microsoft publishes a tenant's metadata under its id or domain
   * but names the tenant id (or the {@code {tenantid}} template for common endpoints) as issuer; for Microsoft the
   * issuer may therefore differ in its tenant segment only, on the same origin.
   */
  static boolean issuerMatches(ProviderType type, String configured, String discovered) {
    if (configured.equals(discovered)) {
      return true;
    }
    if (type != ProviderType.MICROSOFT) {
      return false;
    }
    URI a = URI.create(configured);
    String origin = a.getScheme() + "://" + a.getRawAuthority() + "/";
    return a.getPath().matches("/[A-Za-z0-9.-]+/v2\\.0") && discovered.startsWith(origin)
        && discovered.substring(origin.length()).matches("(\\{tenantid}|[A-Za-z0-9.-]+)/v2\\.0");
  }

  private static Set<JWSAlgorithm> algorithms(@Nullable List<String> names, String issuer) throws ProviderFailure {
    if (names == null) {
      return Set.of(JWSAlgorithm.RS256);
    }
    Set<JWSAlgorithm> usable = new HashSet<>();
    for (String name : names) {
      JWSAlgorithm alg = JWSAlgorithm.parse(name);
      if (ASYMMETRIC.contains(alg)) {
        usable.add(alg);
      }
    }
    if (usable.isEmpty()) {
      throw new ProviderFailure("issuer " + issuer + " signs ID tokens with no asymmetric algorithm");
    }
    return Set.copyOf(usable);
  }

  static @Nullable URI endpoint(Map<String, Object> doc, String name, boolean required, boolean local)
      throws ParseException, ProviderFailure {
    String value = JSONObjectUtils.getString(doc, name);
    if (value == null) {
      if (required) {
        throw new ProviderFailure("the discovery document has no " + name);
      }
      return null;
    }
    URI uri;
    try {
      uri = new URI(value);
    } catch (java.net.URISyntaxException e) {
      throw new ProviderFailure("the discovery document's " + name + " is not a URL");
    }
    if (!ProviderSettings.isSecureUrl(uri, local)) {
      throw new ProviderFailure("the discovery document's " + name + " is not an https URL");
    }
    Optional<String> reason = ProviderAddresses.check(uri, local);
    if (reason.isPresent()) {
      throw new ProviderFailure("the discovery document's " + name + " " + reason.get());
    }
    return uri;
  }

  private JWKSource<SecurityContext> keys(URI jwksUri, boolean local) throws ProviderFailure {
    int millis = (int) timeout.toMillis();
    try {
      return JWKSourceBuilder.<SecurityContext>create(jwksUri.toURL(),
              new CheckedRetriever(millis, MAX_DOCUMENT_BYTES, local))
          .cache(Duration.ofMinutes(15).toMillis(), millis)
          .rateLimited(jwksRefetchInterval.toMillis())
          .retrying(false)
          .build();
    } catch (MalformedURLException e) {
      throw new ProviderFailure("the discovery document's jwks_uri is not a URL");
    }
  }

  /** Nimbus's retriever, refusing a JWKS URL whose host resolves to a private address at every (re)fetch. */
  private static final class CheckedRetriever extends DefaultResourceRetriever {
    private final boolean local;

    CheckedRetriever(int timeoutMillis, int sizeLimit, boolean local) {
      super(timeoutMillis, timeoutMillis, sizeLimit);
      this.local = local;
    }

    @Override
    public Resource retrieveResource(URL url) throws IOException {
      try {
        requirePublic(URI.create(url.toString()), "jwks", local);
      } catch (ProviderFailure e) {
        throw new IOException(e.getMessage());
      }
      return super.retrieveResource(url);
    }
  }
}
