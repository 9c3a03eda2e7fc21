package dev.latchkey.auth.http.javalin;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.ClientInfo;
import dev.latchkey.auth.core.ratelimit.RateDecision;
import dev.latchkey.auth.core.ratelimit.RateLimit;
import dev.latchkey.auth.core.ratelimit.RateLimiter;
import dev.latchkey.auth.core.token.Principal;
import dev.latchkey.auth.core.token.TokenVerification;
import dev.latchkey.auth.core.user.UserId;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** What every handler shares: the facade, the settings, body parsing, the client's address and the principal. */
final class Api {
  private static final byte[] EMPTY_OBJECT = {'{', '}'};
  private static final int MAX_PROVIDER_NAME = 32;
  /**
   * The plugin's own JSON mapping (snake_case, unknown fields ignored, {@code null} inside a list refused), used for
   * its bodies and answers only: the host's {@code JsonMapper} is never replaced.
   */
  static final ObjectMapper MAPPER = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .setDefaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL)); // [null] in a list is a 400, not an NPE
  final Auth auth;
  final Settings settings;
  final ObjectMapper mapper = MAPPER;
  final Clock clock;
  /** The client address rule; the plugin starts and stops its refresh of proxy host names with the server. */
  final ClientAddresses addresses;

  Api(Auth auth, Settings settings) {
    this.auth = auth;
    this.settings = settings;
    this.clock = settings.clock();
    this.addresses = new ClientAddresses(settings.trustedProxies());
  }

  /** Answers {@code value} as JSON with the plugin's own mapper (never the host's). */
  void json(Context ctx, Object value) {
    try {
      ctx.contentType("application/json").result(MAPPER.writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an answer could not be written as JSON", e);
    }
  }

  /**
   * The bearer credential's principal when it is valid (an access token, or an API key told apart by the core's
   * {@code Auth.authenticate}); null for a missing, invalid, expired or revoked one.
   */
  @Nullable Principal verify(@Nullable String token) {
    if (token == null || token.isEmpty()) {
      return null;
    }
    TokenVerification result = settings.statelessVerification() ? auth.authenticateStateless(token)
        : auth.authenticate(token);
    return result instanceof TokenVerification.Valid valid ? valid.principal() : null;
  }

  /** The {@code Authorization: Bearer} credential, or null. */
  static @Nullable String bearer(Context ctx) {
    String header = ctx.header("Authorization");
    return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : null;
  }

  /**
   * The JSON body as {@code type}; an empty body reads as {@code {}}. Anything but one JSON object of the expected
   * shape ({@code null}, an array, a scalar, trailing content, {@code null} inside a list, invalid UTF-8, nesting or
   * numbers past Jackson's limits) is a 400 {@code validation_failed}.
   */
  <T> T body(Context ctx, Class<T> type) {
    byte[] bytes = ctx.bodyAsBytes(); // read within the host's limit, then held to the plugin's
    if (bytes.length > HttpGuards.MAX_BODY) {
      throw HttpGuards.tooLarge();
    }
    try (JsonParser parser = mapper.createParser(bytes.length == 0 ? EMPTY_OBJECT : bytes)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw notAnObject();
      }
      T value = mapper.readValue(parser, type);
      if (value == null || parser.nextToken() != null) {
        throw notAnObject();
      }
      return value;
    } catch (JacksonException e) {
      throw notAnObject();
    } catch (IOException e) {
      throw HttpProblem.validation("body", "could not be read");
    }
  }

  private static HttpProblem notAnObject() {
    return HttpProblem.validation("body", "is not a JSON object of the expected shape");
  }

  String ip(Context ctx) {
    return addresses.resolve(ctx.req().getRemoteAddr(), headerLines(ctx, "X-Forwarded-For"));
  }

  /** Whether the request arrived over HTTPS, directly or through a trusted proxy ({@link ClientAddresses#https}). */
  boolean https(Context ctx) {
    return addresses.https(ctx.req().getScheme(), ctx.req().getRemoteAddr(), headerLines(ctx, "X-Forwarded-Proto"));
  }

  private static List<String> headerLines(Context ctx, String name) {
    Enumeration<String> lines = ctx.req().getHeaders(name);
    return lines == null ? List.of() : Collections.list(lines);
  }

  ClientInfo client(Context ctx) {
    String agent = ctx.header("User-Agent");
    return new ClientInfo(ip(ctx), agent == null ? null : agent.length() > 512 ? agent.substring(0, 512) : agent);
  }

  Principal principal(Context ctx) {
    return new AuthContext(ctx, this).requirePrincipal();
  }

  /** A user's principal; a service's API key or client token is refused where a user is needed. */
  UserId user(Context ctx) {
    Principal principal = principal(ctx);
    if (principal.isClient()) {
      throw HttpProblem.of(403, "forbidden", "this endpoint is for users, not services");
    }
    return principal.userId();
  }

  /** Counts one attempt of {@code action} from this client's address; a 429 with Retry-After when over the limit. */
  void limit(Context ctx, String action, RateLimit limit) {
    RateLimiter limiter = "refresh".equals(action) ? settings.refreshLimiter() : settings.rateLimiter();
    RateDecision decision = limiter.acquire("http:" + action + ":" + ip(ctx), limit, clock.instant());
    if (decision instanceof RateDecision.Denied denied) {
      throw HttpProblem.rateLimited(denied.retryAfter());
    }
  }

  /** The {@code provider} path parameter; a name longer than any provider's (32) is a 404 before any lookup. */
  String provider(Context ctx) {
    String name = ctx.pathParam("provider");
    if (name.length() > MAX_PROVIDER_NAME) {
      throw HttpProblem.notFound("the provider");
    }
    return name;
  }

  static UUID uuid(Context ctx, String param) {
    return parse(ctx, param, UUID::fromString);
  }

  static <T> T parse(Context ctx, String param, Function<String, T> parser) {
    try {
      return parser.apply(ctx.pathParam(param));
    } catch (IllegalArgumentException e) {
      throw HttpProblem.notFound("the " + param.replace('_', ' '));
    }
  }
}
