package dev.latchkey.auth.oauth;

import com.github.scribejava.core.model.OAuth2AccessToken;
import com.github.scribejava.core.model.OAuthRequest;
import com.github.scribejava.core.model.Response;
import com.github.scribejava.core.model.Verb;
import com.github.scribejava.core.oauth.OAuth20Service;
import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.latchkey.auth.core.oauth.ExternalIdentity;
import java.io.IOException;
import java.net.URI;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * Who signed in, from the providers' user APIs: GitHub ({@code /user}, then {@code /user/emails} for the verified
 * primary address), Discord ({@code /users/@me} and its {@code verified} flag), and OpenID Connect userinfo (only to
 * complete an ID token without email, and only when its {@code sub} matches). Calls are signed with the provider's
 * access token, which never leaves this class's callers.
 */
final class UserApis {
  /** The issuer recorded for GitHub identities (GitHub ids are stable numbers). */
  static final String GITHUB_ISSUER = "https://github.com";
  /** The issuer recorded for Discord identities (Discord ids are snowflakes). */
  static final String DISCORD_ISSUER = "https://discord.com";
  private static final int MAX_BODY = 256 * 1024;

  private UserApis() {}

  static ExternalIdentity github(OAuth20Service service, OAuth2AccessToken token, URI api)
      throws ProviderFailure, IOException {
    Map<String, Object> user = object(get(service, token, api, "/user", "application/vnd.github+json"));
    Object id = user.get("id");
    if (!(id instanceof Number number)) {
      throw new ProviderFailure("GitHub's /user has no numeric id");
    }
    String email = null;
    boolean verified = false;
    for (Object entry : array(get(service, token, api, "/user/emails", "application/vnd.github+json"))) {
      if (entry instanceof Map<?, ?> e && Boolean.TRUE.equals(e.get("primary")) && e.get("email") instanceof String s) {
        email = s;
        verified = Boolean.TRUE.equals(e.get("verified"));
      }
    }
    String name = user.get("name") instanceof String s && !s.isBlank() ? s
        : user.get("login") instanceof String login ? login : null;
    return new ExternalIdentity(GITHUB_ISSUER, Long.toString(number.longValue()), email, verified, name);
  }

  static ExternalIdentity discord(OAuth20Service service, OAuth2AccessToken token, URI api)
      throws ProviderFailure, IOException {
    Map<String, Object> user = object(get(service, token, api, "/users/@me", "application/json"));
    if (!(user.get("id") instanceof String id) || !id.matches("[0-9]{1,20}")) {
      throw new ProviderFailure("Discord's /users/@me has no snowflake id");
    }
    String email = user.get("email") instanceof String s ? s : null;
    boolean verified = Boolean.TRUE.equals(user.get("verified"));
    String name = user.get("global_name") instanceof String s && !s.isBlank() ? s
        : user.get("username") instanceof String u ? u : null;
    return new ExternalIdentity(DISCORD_ISSUER, id, email, verified, name);
  }

  /** The identity an ID token asserts, completed from userinfo when the token carries no email. */
  static ExternalIdentity oidc(JWTClaimsSet claims, String issuer, @Nullable URI userinfo, OAuth20Service service,
      OAuth2AccessToken token, boolean microsoft) throws ProviderFailure, IOException {
    Map<String, Object> source = claims.getClaims();
    if (source.get("email") == null && userinfo != null) {
      Map<String, Object> info = object(get(service, token, userinfo, "", "application/json"));
      if (!claims.getSubject().equals(info.get("sub"))) {
        throw new ProviderFailure("userinfo's sub is not the ID token's");
      }
      source = info;
    }
    String email = source.get("email") instanceof String s ? s : null;
    Object flag = source.get("email_verified");
    // Microsoft asserts no email_verified; its optional xms_edov claim says the domain owner verified it.
    boolean verified = Boolean.TRUE.equals(flag) || "true".equals(flag)
        || (microsoft && Boolean.TRUE.equals(source.get("xms_edov")));
    String name = source.get("name") instanceof String s && !s.isBlank() ? s
        : source.get("preferred_username") instanceof String p ? p : null;
    return new ExternalIdentity(issuer, claims.getSubject(), email, verified, name);
  }

  private static String get(OAuth20Service service, OAuth2AccessToken token, URI base, String path, String accept)
      throws ProviderFailure, IOException {
    String url = base.toString().replaceAll("/+$", "") + path;
    OAuthRequest request = new OAuthRequest(Verb.GET, path.isEmpty() ? base.toString() : url);
    request.addHeader("Accept", accept);
    service.signRequest(token, request);
    try (Response response = service.execute(request)) {
      String body = response.getBody();
      if (response.getCode() != 200) {
        throw new ProviderFailure(URI.create(request.getUrl()).getPath() + " answered HTTP " + response.getCode());
      }
      if (body == null || body.length() > MAX_BODY) {
        throw new ProviderFailure(URI.create(request.getUrl()).getPath() + " answered an unusable body");
      }
      return body;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IOException("the provider's API could not be reached", e.getCause());
    }
  }

  private static Map<String, Object> object(String json) throws ProviderFailure {
    try {
      return JSONObjectUtils.parse(json, MAX_BODY);
    } catch (ParseException e) {
      throw new ProviderFailure("the provider's API answered something other than a JSON object");
    }
  }

  private static List<Object> array(String json) throws ProviderFailure {
    try {
      return JSONArrayUtils.parse(json);
    } catch (ParseException e) {
      throw new ProviderFailure("the provider's API answered something other than a JSON array");
    }
  }
}
