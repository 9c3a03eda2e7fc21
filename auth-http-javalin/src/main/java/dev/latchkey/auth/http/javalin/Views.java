package dev.latchkey.auth.http.javalin;

import dev.latchkey.auth.core.AuthTokens;
import dev.latchkey.auth.core.oauth.OAuthAccount;
import dev.latchkey.auth.core.oauth.OAuthProvider;
import dev.latchkey.auth.core.session.Session;
import dev.latchkey.auth.core.session.SessionId;
import dev.latchkey.auth.core.user.User;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/** The JSON shapes of API.md, built as ordered maps (snake_case keys, ISO-8601 UTC times, UUID strings). */
final class Views {
  private Views() {}

  static Map<String, Object> user(User user, Collection<String> roles) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", user.id().toString());
    json.put("username", user.username());
    json.put("email", user.email());
    json.put("email_verified", user.emailVerified());
    json.put("name", user.name());
    if (user.phone() != null) {
      json.put("phone", user.phone());
    }
    json.put("roles", new TreeSet<>(roles));
    json.put("is_admin", user.admin());
    json.put("active", user.active());
    json.put("created_at", time(user.createdAt()));
    json.put("last_login_at", time(user.lastLoginAt()));
    return json;
  }

  static Map<String, Object> tokens(AuthTokens tokens, Instant now) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("access_token", tokens.accessToken().token());
    json.put("token_type", "Bearer");
    json.put("expires_in", tokens.expiresIn(now));
    json.put("refresh_token", tokens.refreshToken().reveal());
    json.put("session_id", tokens.sessionId().toString());
    json.put("user", user(tokens.user(), tokens.roles()));
    return json;
  }

  static Map<String, Object> session(Session session, @Nullable SessionId current) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", session.id().toString());
    json.put("created_at", time(session.createdAt()));
    json.put("last_used_at", time(session.lastUsedAt()));
    json.put("expires_at", time(session.expiresAt()));
    json.put("user_agent", session.userAgent());
    json.put("ip", session.ip());
    json.put("current", session.id().equals(current));
    return json;
  }

  static Map<String, Object> oauthAccount(OAuthAccount account) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", account.id().toString());
    json.put("provider", account.provider());
    json.put("email", account.email());
    json.put("linked_at", time(account.linkedAt()));
    return json;
  }

  /** A provider as admins see it: never its client secret. */
  static Map<String, Object> provider(OAuthProvider provider) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", provider.name());
    json.put("name", provider.name());
    json.put("display_name", provider.displayName());
    json.put("type", provider.type().name().toLowerCase(java.util.Locale.ROOT));
    json.put("client_id", provider.clientId());
    json.put("issuer", provider.issuer());
    json.put("scopes", new TreeSet<>(provider.scopes()));
    json.put("enabled", provider.enabled());
    json.put("trust_email_verified", provider.trustEmailVerified());
    json.put("local", provider.local());
    json.put("created_at", time(provider.createdAt()));
    return json;
  }

  static @Nullable String time(@Nullable Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
