package dev.latchkey.auth.http.javalin;

import dev.latchkey.auth.core.event.AuthEventType;
import dev.latchkey.auth.core.oauth.ProviderType;
import io.javalin.http.HandlerType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The types of the HTTP API as {@link OpenApi} documents them: the component schemas (each defined once, here) and,
 * per operation, its request body, parameters, success responses and the stable problem {@code code}s of each error
 * status. Operations are keyed by HTTP method and the path as declared in the {@code *Routes} classes (for example
 * {@code POST /api/v1/auth/login}), so a served prefix other than {@code /api/v1} does not change the key.
 *
 * <p>What the guards add to every route of a kind (401 without a token, 403 for admin routes, 400/413/415 for bodies,
 * 404 for unparseable ids) is added by {@link OpenApi}, not repeated here. A route without an entry here makes
 * {@link OpenApi#document} fail, so a new endpoint cannot be served untyped.
 */
final class ApiSchemas {
  static final String JSON = "application/json";
  static final String PROBLEM_JSON = "application/problem+json";
  static final String FORM = "application/x-www-form-urlencoded";
  private static final String COMPONENTS = "#/components/schemas/";

  private ApiSchemas() {}

  /**
   * A response of one status.
   *
   * @param mediaTypes its body's media types (one schema for all), or empty for none
   * @param schema its body's schema, or null for none
   * @param headers response header name to OpenAPI header object
   * @param codes for an {@code application/problem+json} response, the stable codes it may carry; otherwise empty
   */
  record Response(String description, List<String> mediaTypes, @Nullable Map<String, Object> schema,
      Map<String, Object> headers, List<String> codes) {

    Response withCodes(List<String> more) {
      Set<String> all = new LinkedHashSet<>(codes);
      all.addAll(more);
      return new Response(description, mediaTypes, schema, headers, List.copyOf(all));
    }

    Response withHeader(String name, Map<String, Object> header) {
      Map<String, Object> all = new LinkedHashMap<>(headers);
      all.put(name, header);
      return new Response(description, mediaTypes, schema, all, codes);
    }

    boolean problem() {
      return mediaTypes.contains(PROBLEM_JSON);
    }
  }

  /**
   * What the document says of one operation beyond its {@link ApiRoute}.
   *
   * @param requestBody the OpenAPI request body object, or null when the operation reads none
   * @param bodyRecord the record the handler reads the body into (its fields are the documented ones), or null
   * @param parameters query and cookie parameters, and path parameters whose type is not {@link #pathParameter}'s
   * @param responses by status: every success status, and the errors the handler itself answers with
   * @param userOnly a user's token is needed: an API key or a client token gets 403 {@code forbidden}
   * @param security the security requirement when it is not the one of the route's role, or null
   */
  record Operation(@Nullable Map<String, Object> requestBody, @Nullable Class<?> bodyRecord,
      List<Map<String, Object>> parameters, Map<Integer, Response> responses, boolean userOnly,
      @Nullable List<Map<String, List<String>>> security) {}

  private static final Map<String, Operation> OPERATIONS = operations();

  /** The operation's entry, by method and path as declared in the routes; null when there is none. */
  static @Nullable Operation operation(HandlerType method, String declaredPath) {
    return operation(method.name() + " " + declaredPath);
  }

  /** The operation's entry by its key, {@code METHOD /declared/path}; null when there is none. */
  static @Nullable Operation operation(String key) {
    return OPERATIONS.get(key);
  }

  /** The keys of every entry ({@code METHOD /declared/path}). */
  static Set<String> keys() {
    return OPERATIONS.keySet();
  }

  /**
   * A path parameter's schema when the operation does not say otherwise: {@code id} and {@code aid} are UUIDs (an
   * unparseable one is a 404), the others strings.
   */
  static Map<String, Object> pathParameter(String name) {
    return switch (name) {
      case "id", "aid" -> uuid();
      default -> str();
    };
  }

  /** {@code components.schemas}: the problem and every shape the API answers with. */
  static Map<String, Object> schemas() {
    Map<String, Object> s = new TreeMap<>();
    s.put("Problem", problem());
    Map<String, Object> user = object()
        .req("id", uuid())
        .req("username", str())
        .req("email", nullable(email()))
        .req("email_verified", bool())
        .req("name", nullable(str()))
        .opt("phone", describe(str(), "E.164; absent when none is set"))
        .req("roles", strings())
        .req("is_admin", bool())
        .req("active", bool())
        .req("created_at", dateTime())
        .req("last_login_at", nullable(dateTime()))
        .schema();
    s.put("User", user);
    s.put("Account", object(user)
        .req("has_password", bool())
        .req("oauth_accounts", array(ref("OAuthAccount")))
        .opt("pending_email", describe(email(), "only after a change of email: the new address, confirmed by the "
            + "link mailed to it"))
        .schema());
    s.put("Tokens", object()
        .req("access_token", describe(str(), "a JWT (typ at+jwt) for Authorization: Bearer"))
        .req("token_type", constant("Bearer"))
        .req("expires_in", describe(integer(0), "seconds until the access token expires"))
        .req("refresh_token", describe(str(), "opaque, single use: each refresh returns the next one"))
        .req("session_id", uuid())
        .req("user", ref("User"))
        .schema());
    s.put("VerificationRequired", object().req("verification_required", constant(true)).schema());
    s.put("ClientToken", object()
        .req("access_token", describe(str(), "a JWT for Authorization: Bearer"))
        .req("token_type", constant("Bearer"))
        .req("expires_in", integer(0))
        .schema());
    s.put("OAuthError", object().req("error", enumOf("unsupported_grant_type", "invalid_client")).schema());
    s.put("TokenInfo", object()
        .req("active", constant(true))
        .req("sub", describe(uuid(), "the user's id (an API key's id for API keys)"))
        .req("username", str())
        .req("roles", strings())
        .req("sid", describe(nullable(uuid()), "the session; null for API keys and client tokens"))
        .req("exp", describe(integer(0), "expiry, seconds since the epoch"))
        .schema());
    s.put("Session", object()
        .req("id", uuid())
        .req("created_at", dateTime())
        .req("last_used_at", dateTime())
        .req("expires_at", dateTime())
        .req("user_agent", nullable(str()))
        .req("ip", nullable(str()))
        .req("current", describe(bool(), "whether the presented access token belongs to it"))
        .schema());
    s.put("OAuthAccount", object()
        .req("id", uuid())
        .req("provider", str())
        .req("email", nullable(str()))
        .req("linked_at", dateTime())
        .schema());
    s.put("UserPage", object()
        .req("items", array(ref("User")))
        .req("page", integer(1))
        .req("size", integer(1))
        .req("total", integer(0))
        .schema());
    s.put("AuditEvent", object()
        .req("type", enumOf(Arrays.stream(AuthEventType.values()).map(t -> t.name().toLowerCase(Locale.ROOT))
            .toArray(String[]::new)))
        .req("at", dateTime())
        .req("user_id", nullable(uuid()))
        .req("session_id", nullable(uuid()))
        .req("ip", nullable(str()))
        .req("details", map("type", "object", "additionalProperties", str()))
        .schema());
    s.put("Stats", object()
        .req("users", integer(0))
        .req("active_users_24h", integer(0))
        .req("sessions_active", integer(0))
        .req("logins_24h", integer(0))
        .req("failed_logins_24h", integer(0))
        .req("locked_accounts", integer(0))
        .schema());
    s.put("Service", object()
        .req("id", uuid())
        .req("name", str())
        .req("description", nullable(str()))
        .req("created_at", dateTime())
        .schema());
    s.put("Role", object()
        .req("name", str())
        .req("description", nullable(str()))
        .req("permissions", strings())
        .req("service_id", describe(nullable(uuid()), "null for a global role"))
        .schema());
    s.put("RoleAssignment", object()
        .req("role", str())
        .req("service_id", nullable(uuid()))
        .schema());
    Map<String, Object> apiKey = object()
        .req("id", describe(uuid(), "the key's public half: the user name of HTTP Basic at /auth/token"))
        .req("name", str())
        .req("roles", strings())
        .req("service_id", nullable(uuid()))
        .req("created_at", dateTime())
        .req("expires_at", nullable(dateTime()))
        .req("last_used_at", nullable(dateTime()))
        .schema();
    s.put("ApiKey", apiKey);
    s.put("CreatedApiKey", object(apiKey)
        .req("secret", describe(str(), "shown this once: send it as Authorization: Bearer, or as the password of "
            + "HTTP Basic at /auth/token"))
        .schema());
    s.put("PublicProvider", object().req("name", str()).req("display_name", str()).schema());
    s.put("Provider", object()
        .req("id", describe(str(), "the provider's name"))
        .req("name", str())
        .req("display_name", str())
        .req("type", providerType())
        .req("client_id", str())
        .req("issuer", nullable(str()))
        .req("scopes", strings())
        .req("enabled", bool())
        .req("trust_email_verified", bool())
        .req("local", bool())
        .req("created_at", dateTime())
        .schema());
    s.put("Health", object().req("status", constant("up")).schema());
    s.put("Readiness", object()
        .req("status", enumOf("up", "down"))
        .req("stores", map("type", "object", "additionalProperties", enumOf("up", "down")))
        .schema());
    s.put("JwkSet", map("type", "object", "required", List.of("keys"), "properties", map("keys",
        array(map("type", "object", "required", List.of("kty", "kid"), "properties", map("kty", str(), "kid", str(),
            "use", str(), "alg", str())))), "additionalProperties", false));
    s.put("MailboxMessage", object()
        .req("to", str())
        .req("subject", str())
        .req("body", str())
        .req("sent_at", dateTime())
        .schema());
    return s;
  }

  /** RFC 9457 with Latchkey's stable {@code code} and the extension members some codes add. */
  private static Map<String, Object> problem() {
    return describe(object()
        .req("type", describe(map("type", "string", "format", "uri"), "https://latchkey.dev/problems/ followed by "
            + "the code with dashes"))
        .req("title", describe(str(), "the status's reason phrase"))
        .req("status", map("type", "integer", "minimum", 400, "maximum", 599))
        .req("detail", describe(str(), "for people; never a secret"))
        .req("code", describe(map("type", "string", "pattern", "^[a-z_]+$"), "stable and machine-readable"))
        .opt("errors", describe(array(object().req("field", str()).req("message", str()).schema()),
            "validation_failed only: the refused fields"))
        .opt("password_change_token", describe(str(), "password_change_required only: the token to send to "
            + "/api/v1/auth/reset-password with the new password"))
        .opt("expires_in", describe(integer(0), "password_change_required only: seconds the token stays valid"))
        .schema(), "An RFC 9457 problem document (application/problem+json).");
  }

  /** {@code components.securitySchemes}. */
  static Map<String, Object> securitySchemes() {
    return map(
        "bearer", map("type", "http", "scheme", "bearer", "bearerFormat", "JWT", "description",
            "An access token from a login, refresh, OAuth login or POST /api/v1/auth/token."),
        "apiKey", map("type", "http", "scheme", "bearer", "description",
            "An API key's secret, sent as Authorization: Bearer <secret>; it acts with the key's roles."),
        "basic", map("type", "http", "scheme", "basic", "description",
            "An API key at POST /api/v1/auth/token: its id as the user name and its secret as the password "
                + "(each form-URL-encoded)."));
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The operations, in the order of the *Routes classes.

  private static Map<String, Operation> operations() {
    Map<String, Operation> ops = new LinkedHashMap<>();
    // PublicRoutes
    ops.put("POST /api/v1/auth/register", op()
        .body(json(Bodies.Register.class).required("username", "email", "password")
            .field("email", email()).describe("phone", "E.164, such as +15551234567").limit("email", 254)
            .describe("password", "checked by the password policy (422 weak_password)"))
        .ok(201, "Registered and logged in", ref("Tokens"))
        .ok(202, "Verification is required before the first login (the same answer for an address already "
            + "registered, whose owner gets a notice instead)", ref("VerificationRequired"))
        .problem(403, "registration_disabled").problem(409, "conflict").problem(422, "weak_password")
        .problem(429, "rate_limited").build());
    ops.put("POST /api/v1/auth/login", op()
        .body(json(Bodies.Login.class).required("login", "password")
            .describe("login", "the username or the email address"))
        .ok(200, "Logged in", ref("Tokens"))
        .problem(401, "invalid_credentials").problem(403, "password_change_required").problem(409, "session_limit")
        .problem(429, "rate_limited").build());
    ops.put("POST /api/v1/auth/refresh", op()
        .body(json(Bodies.Refresh.class).required("refresh_token"))
        .ok(200, "A new access token and the next refresh token", ref("Tokens"))
        .problem(401, "invalid_token", "token_reused").problem(429, "rate_limited").build());
    ops.put("POST /api/v1/auth/verify-email", op()
        .body(json(Bodies.TokenOnly.class).required("token").describe("token", "the token= of the mailed link"))
        .ok(204, "The address is verified")
        .problem(400, "invalid_token").problem(429, "rate_limited").build());
    ops.put("POST /api/v1/auth/resend-verification", op()
        .body(json(Bodies.Email.class).required("email").field("email", email()).limit("email", 254))
        .ok(202, "Accepted (always, whether or not the address is registered)")
        .problem(429, "rate_limited").build());
    ops.put("POST /api/v1/auth/forgot-password", op()
        .body(json(Bodies.Email.class).required("email").field("email", email()).limit("email", 254))
        .ok(202, "Accepted (always, whether or not the address is registered)")
        .problem(429, "rate_limited").build());
    ops.put("POST /api/v1/auth/reset-password", op()
        .body(json(Bodies.ResetPassword.class).required("token", "password")
            .describe("token", "the token= of the mailed link, or a password_change_token"))
        .ok(204, "The password is set; every session of the user is ended")
        .problem(400, "invalid_token").problem(422, "weak_password").problem(429, "rate_limited").build());
    ops.put("POST /api/v1/auth/token", op()
        .form(map("type", "object", "required", List.of("grant_type"), "properties",
            map("grant_type", enumOf("client_credentials"))))
        .ok(200, "A client access token", ref("ClientToken"), "Cache-Control", header("no-store"))
        .oauthError(400, "The grant_type is missing or not client_credentials (error unsupported_grant_type)")
        .oauthError(401, "The Basic credentials are missing, malformed or wrong (error invalid_client)")
        .security(List.of(Map.of("basic", List.of()))).build());
    // AccountRoutes
    ops.put("GET /api/v1/me", op().userOnly().ok(200, "The signed-in user", ref("User")).build());
    ops.put("GET /api/v1/auth/verify-token", op().ok(200, "The token is valid", ref("TokenInfo")).build());
    ops.put("POST /api/v1/auth/logout", op()
        .body(json(Bodies.Refresh.class).optionalBody().describe("refresh_token",
            "optional and not needed: the session of the access token is ended"))
        .ok(204, "This session and this access token are revoked").build());
    ops.put("POST /api/v1/auth/logout-all", op().userOnly().ok(204, "Every session of the user is revoked").build());
    ops.put("GET /api/v1/auth/account", op().userOnly()
        .ok(200, "The account with its linked providers", ref("Account")).build());
    ops.put("PUT /api/v1/auth/account", op().userOnly()
        .body(json(Bodies.UpdateAccount.class).optionalBody().field("email", email())
            .describe("phone", "E.164; blank clears it")
            .describe("current_password", "required to change the email"))
        .ok(200, "The account after the change", ref("Account"))
        .problem(403, "invalid_credentials").problem(409, "conflict").build());
    ops.put("POST /api/v1/auth/change-password", op()
        .body(json(Bodies.ChangePassword.class).required("current_password", "new_password"))
        .ok(204, "Changed; the user's other sessions are ended")
        .problem(403, "invalid_credentials").problem(422, "weak_password").build());
    ops.put("DELETE /api/v1/auth/account", op()
        .body(json(Bodies.CurrentPassword.class).optionalBody().describe("current_password",
            "required unless the account has no password (then the session must come from a provider login in "
                + "the last ten minutes)"))
        .ok(204, "The account and all its data are deleted")
        .problem(403, "invalid_credentials", "reauthentication_required").build());
    ops.put("DELETE /api/v1/auth/account/oauth/{id}", op().userOnly()
        .ok(204, "Unlinked").problem(404, "not_found").problem(409, "last_login_method").build());
    ops.put("GET /api/v1/auth/sessions", op().userOnly()
        .ok(200, "The user's sessions", array(ref("Session"))).build());
    ops.put("DELETE /api/v1/auth/sessions/{id}", op().userOnly()
        .ok(204, "The session is ended").problem(404, "not_found").build());
    ops.put("DELETE /api/v1/auth/sessions", op().ok(204, "Every other session of the user is ended").build());
    // AdminRoutes
    ops.put("POST /api/v1/register", op()
        .body(json(Bodies.AdminCreateUser.class).required("username", "email", "password").field("email", email())
            .describe("roles", "names of existing roles"))
        .ok(201, "The user (email counts as verified)", ref("User"))
        .problem(404, "not_found").problem(409, "conflict").problem(422, "weak_password").build());
    ops.put("GET /api/v1/users", op()
        .query("page", map("type", "integer", "minimum", 1, "default", 1), "the page, from 1")
        .query("size", map("type", "integer", "minimum", 1, "maximum", 100, "default", 20), "users per page")
        .query("q", str(), "part of the username, name or email, case-insensitive (with personal-data "
            + "protection: part of the username or name, or the exact email)")
        .ok(200, "One page of users", ref("UserPage")).problem(400, "validation_failed").build());
    ops.put("GET /api/v1/users/{id}", op().ok(200, "The user", ref("User")).problem(404, "not_found").build());
    ops.put("PUT /api/v1/users/{id}", op()
        .body(json(Bodies.AdminUpdateUser.class).optionalBody().field("email", email())
            .describe("email", "a new address, taken as verified")
            .describe("is_admin", "grant or revoke administrator rights")
            .describe("active", "false disables the user and ends every session at once")
            .describe("roles", "replaces the user's global roles")
            .describe("password", "a new password; every session of the user is ended"))
        .ok(200, "The user after the change", ref("User"))
        .problem(404, "not_found").problem(409, "conflict", "last_admin").problem(422, "weak_password").build());
    ops.put("DELETE /api/v1/users/{id}", op()
        .ok(204, "The user and all their data are deleted").problem(404, "not_found").problem(409, "last_admin")
        .build());
    ops.put("GET /api/v1/users/{id}/sessions", op().ok(200, "The user's sessions", array(ref("Session"))).build());
    ops.put("DELETE /api/v1/users/{id}/sessions", op().ok(204, "Every session of the user is ended").build());
    ops.put("GET /api/v1/users/{id}/oauth-accounts", op()
        .ok(200, "The user's linked providers", array(ref("OAuthAccount"))).build());
    ops.put("DELETE /api/v1/users/{id}/oauth-accounts/{aid}", op()
        .ok(204, "Unlinked").problem(404, "not_found").problem(409, "last_login_method").build());
    ops.put("GET /api/v1/admin/events", op()
        .query("user_id", uuid(), "only this user's events")
        .query("type", describe(str(), "only this event type (as in the answer's type, any case)"), null)
        .query("limit", map("type", "integer", "default", 100), "at most this many (clamped to 1..1000)")
        .ok(200, "Audit events, newest first", array(ref("AuditEvent"))).problem(400, "validation_failed").build());
    ops.put("GET /api/v1/admin/stats", op().ok(200, "The counts", ref("Stats")).build());
    // AccessRoutes
    ops.put("GET /api/v1/admin/services", op().ok(200, "The services", array(ref("Service"))).build());
    ops.put("POST /api/v1/admin/services", op()
        .body(json(Bodies.ServiceBody.class).required("name").limit("name", 100).limit("description", 1000))
        .ok(201, "The service", ref("Service")).problem(409, "conflict").build());
    ops.put("PUT /api/v1/admin/services/{id}", op()
        .body(json(Bodies.ServiceBody.class).required("name").limit("name", 100).limit("description", 1000))
        .ok(200, "The service", ref("Service")).problem(404, "not_found").problem(409, "conflict").build());
    ops.put("DELETE /api/v1/admin/services/{id}", op()
        .ok(204, "Deleted").problem(404, "not_found").problem(409, "conflict").build());
    ops.put("GET /api/v1/admin/roles", op().ok(200, "The roles", array(ref("Role"))).build());
    ops.put("POST /api/v1/admin/roles", op()
        .body(json(Bodies.RoleBody.class).required("name").field("service_id", uuid()).limit("description", 1000)
            .describe("service_id", "absent: a global role")
            .describe("permissions", "free-form permission names, each at most 100 characters"))
        .ok(201, "The role", ref("Role")).problem(404, "not_found").build());
    ops.put("PUT /api/v1/admin/roles/{name}", op()
        .body(json(Bodies.RoleBody.class).omit("name").optionalBody().field("service_id", uuid())
            .limit("description", 1000))
        .ok(200, "The role as replaced", ref("Role")).problem(404, "not_found").build());
    ops.put("DELETE /api/v1/admin/roles/{name}", op()
        .query("service_id", uuid(), "the role's service, for a service-scoped role")
        .ok(204, "Deleted").problem(400, "validation_failed").problem(404, "not_found").build());
    ops.put("GET /api/v1/users/{id}/roles", op()
        .ok(200, "The user's role assignments", array(ref("RoleAssignment"))).build());
    ops.put("PUT /api/v1/users/{id}/roles/{name}", op()
        .query("service_id", uuid(), "the role's service, for a service-scoped role")
        .ok(204, "Assigned").problem(400, "validation_failed").problem(404, "not_found")
        .problem(409, "conflict", "last_admin").build());
    ops.put("DELETE /api/v1/users/{id}/roles/{name}", op()
        .query("service_id", uuid(), "the role's service, for a service-scoped role")
        .ok(204, "Removed").problem(400, "validation_failed").problem(409, "last_admin").build());
    ops.put("GET /api/v1/admin/api-keys", op().ok(200, "The keys, without secrets", array(ref("ApiKey"))).build());
    ops.put("POST /api/v1/admin/api-keys", op()
        .body(json(Bodies.ApiKeyBody.class).required("name").field("service_id", uuid())
            .field("expires_at", dateTime()).describe("roles", "the key's roles")
            .describe("service_id", "scope the key to this service").describe("expires_at", "absent: never expires"))
        .ok(201, "The key with its secret, shown once", ref("CreatedApiKey"), "Cache-Control", header("no-store"))
        .problem(404, "not_found").build());
    ops.put("DELETE /api/v1/admin/api-keys/{id}", op().ok(204, "Deleted").problem(404, "not_found").build());
    // OAuthRoutes
    Map<String, Object> bindingCookie = map("name", OAuthRoutes.BINDING_COOKIE, "in", "cookie", "required", false,
        "description", "set by authorize: binds the login to the browser that started it", "schema", str());
    ops.put("GET /api/v1/auth/oauth/providers", op()
        .ok(200, "The enabled providers", array(ref("PublicProvider"))).build());
    ops.put("GET /api/v1/auth/oauth/{provider}/authorize", op()
        .path("provider", map("type", "string", "maxLength", 32))
        .query("redirect_uri", map("type", "string", "format", "uri"), "where the app wants the login code; must "
            + "be on the server's allow-list")
        .query("code_challenge", str(), "with redirect_uri: base64url(SHA-256(code_verifier)) of the app")
        .query("code_challenge_method", enumOf("S256"), null)
        .redirect(302, "To the provider's authorization page", "Set-Cookie",
            header(OAuthRoutes.BINDING_COOKIE + "=…; Path=/; Max-Age=600; HttpOnly; Secure; SameSite=Lax"))
        .problem(400, "validation_failed").problem(404, "not_found").problem(429, "rate_limited")
        .problem(503, "store_unavailable").build());
    ops.put("GET /api/v1/auth/oauth/{provider}/callback", op()
        .path("provider", map("type", "string", "maxLength", 32))
        .query("code", str(), "from the provider").query("state", str(), "from the provider")
        .query("iss", str(), "from the provider, when it sends one")
        .parameter(bindingCookie)
        .ok(200, "Logged in (tokens), or a provider linked to the signed-in account (the link)",
            map("oneOf", List.of(ref("Tokens"), ref("OAuthAccount"))))
        .redirect(302, "To the app's redirect_uri with a one-time login_code, or to where a link was started",
            null, null)
        .problem(401, "oauth_failed").problem(404, "not_found").problem(409, "link_not_allowed", "session_limit")
        .problem(503, "store_unavailable").build());
    ops.put("POST /api/v1/auth/oauth/exchange", op()
        .body(json(Bodies.LoginCode.class).required("login_code", "code_verifier"))
        .ok(200, "Logged in", ref("Tokens")).problem(401, "invalid_token").problem(409, "session_limit").build());
    Json provider = json(Bodies.Provider.class).field("type", providerType())
        .describe("client_secret", "write-only: never returned")
        .describe("trust_email_verified", "default true for google, microsoft and github, false for discord and "
            + "oidc")
        .describe("enabled", "default true").describe("issuer", "the OpenID Connect issuer (oidc, microsoft)")
        .describe("local", "a provider on this machine (development only)");
    ops.put("GET /api/v1/admin/oauth-providers", op().ok(200, "The providers", array(ref("Provider"))).build());
    ops.put("POST /api/v1/admin/oauth-providers", op()
        .body(provider.copy().required("name", "type", "client_id"))
        .ok(201, "The provider", ref("Provider")).problem(409, "conflict").build());
    ops.put("PUT /api/v1/admin/oauth-providers/{id}", op()
        .path("id", describe(str(), "the provider's name"))
        .body(provider.copy().omit("name").required("type", "client_id"))
        .ok(200, "The provider", ref("Provider")).problem(404, "not_found").problem(409, "conflict").build());
    ops.put("DELETE /api/v1/admin/oauth-providers/{id}", op()
        .path("id", describe(str(), "the provider's name"))
        .query("force", map("type", "boolean", "default", false), "delete even with linked accounts (they are "
            + "unlinked)")
        .ok(204, "Deleted").problem(404, "not_found").problem(409, "conflict").build());
    // OpsRoutes and the development mailbox (AuthPlugin)
    ops.put("GET /health", op().ok(200, "Up", ref("Health")).build());
    ops.put("GET /health/ready", op()
        .ok(200, "Every store is up", ref("Readiness"))
        .response(503, new Response("A store is down", List.of(JSON), ref("Readiness"),
            map("Retry-After", retryAfter()), List.of())).build());
    ops.put("GET /.well-known/jwks.json", op()
        .response(200, new Response("The public signing keys (RFC 7517)", List.of("application/jwk-set+json"),
            ref("JwkSet"), map("Cache-Control", header("public, max-age=300")), List.of())).build());
    ops.put("GET /api/v1/openapi.json", op().ok(200, "This document", map("type", "object")).build());
    ops.put("GET /api/v1/docs", op()
        .response(200, new Response("Swagger UI", List.of("text/html"), str(), Map.of(), List.of())).build());
    ops.put("GET /api/v1/docs/{file}", op()
        .response(200, new Response("swagger-ui.css, swagger-ui-bundle.js or latchkey-init.js",
            List.of("text/css", "text/javascript"),
            str(), Map.of(), List.of()))
        .problem(404, "not_found").build());
    ops.put("GET /metrics", op()
        .response(200, new Response("Prometheus text format 0.0.4", List.of("text/plain"), str(), Map.of(), List.of()))
        .problem(401, "invalid_token").problem(403, "forbidden").build());
    ops.put("GET /api/v1/dev/mailbox", op()
        .query("to", str(), "only messages to this address")
        .ok(200, "The last messages sent, newest first", array(ref("MailboxMessage"))).build());
    return ops;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Schema building blocks (JSON Schema 2020-12, as OpenAPI 3.1 uses it).

  static Map<String, Object> ref(String name) {
    return Map.of("$ref", COMPONENTS + name);
  }

  private static Map<String, Object> str() {
    return map("type", "string");
  }

  private static Map<String, Object> email() {
    return map("type", "string", "format", "email");
  }

  private static Map<String, Object> uuid() {
    return map("type", "string", "format", "uuid");
  }

  private static Map<String, Object> dateTime() {
    return map("type", "string", "format", "date-time");
  }

  private static Map<String, Object> bool() {
    return map("type", "boolean");
  }

  private static Map<String, Object> integer(int minimum) {
    return map("type", "integer", "minimum", minimum);
  }

  private static Map<String, Object> strings() {
    return array(str());
  }

  private static Map<String, Object> array(Map<String, Object> items) {
    return map("type", "array", "items", items);
  }

  private static Map<String, Object> constant(Object value) {
    return map("type", value instanceof Boolean ? "boolean" : "string", "const", value);
  }

  private static Map<String, Object> enumOf(String... values) {
    return map("type", "string", "enum", List.of(values));
  }

  private static Map<String, Object> providerType() {
    return enumOf(Arrays.stream(ProviderType.values()).map(t -> t.name().toLowerCase(Locale.ROOT))
        .toArray(String[]::new));
  }

  /** The schema, also allowing null. */
  private static Map<String, Object> nullable(Map<String, Object> schema) {
    Map<String, Object> copy = new LinkedHashMap<>(schema);
    copy.put("type", List.of(schema.get("type"), "null"));
    return copy;
  }

  private static Map<String, Object> describe(Map<String, Object> schema, String description) {
    Map<String, Object> copy = new LinkedHashMap<>(schema);
    copy.put("description", description);
    return copy;
  }

  private static Map<String, Object> header(String value) {
    return map("schema", map("type", "string", "const", value));
  }

  static Map<String, Object> retryAfter() {
    return map("description", "seconds to wait before retrying", "schema", integer(1));
  }

  /** An ordered map of alternating keys and values. */
  static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  private static Obj object() {
    return new Obj();
  }

  /** An object with the properties and required names of {@code base}, to add to. */
  @SuppressWarnings("unchecked")
  private static Obj object(Map<String, Object> base) {
    Obj o = new Obj();
    o.properties.putAll((Map<String, Object>) base.get("properties"));
    o.required.addAll((List<String>) base.get("required"));
    return o;
  }

  /** A response object: every property listed, the required ones required, no others. */
  private static final class Obj {
    final Map<String, Object> properties = new LinkedHashMap<>();
    final List<String> required = new ArrayList<>();

    Obj req(String name, Map<String, Object> schema) {
      properties.put(name, schema);
      required.add(name);
      return this;
    }

    Obj opt(String name, Map<String, Object> schema) {
      properties.put(name, schema);
      return this;
    }

    Map<String, Object> schema() {
      return map("type", "object", "required", List.copyOf(required), "properties", properties,
          "additionalProperties", false);
    }
  }

  private static Json json(Class<?> record) {
    return new Json(record);
  }

  /**
   * A JSON request body documented from the record the handler reads it into: one property per component (snake_case,
   * typed from the component's Java type), refined by formats, limits and descriptions. Unknown fields are ignored by
   * the server, so the schema does not forbid them.
   */
  private static final class Json {
    final Class<?> record;
    final Map<String, Map<String, Object>> properties = new LinkedHashMap<>();
    final List<String> required = new ArrayList<>();
    boolean bodyRequired = true;

    Json(Class<?> record) {
      this.record = record;
      for (RecordComponent c : record.getRecordComponents()) {
        properties.put(OpenApi.snake(c.getName()), new LinkedHashMap<>(type(c.getGenericType())));
      }
    }

    Json copy() {
      Json copy = new Json(record);
      copy.properties.clear();
      properties.forEach((k, v) -> copy.properties.put(k, new LinkedHashMap<>(v)));
      copy.required.addAll(required);
      copy.bodyRequired = bodyRequired;
      return copy;
    }

    private static Map<String, Object> type(Type type) {
      if (type == Boolean.class) {
        return bool();
      }
      if (type instanceof ParameterizedType p && p.getRawType() == Set.class) {
        return map("type", "array", "items", str(), "uniqueItems", true);
      }
      if (type == String.class) {
        return str();
      }
      throw new IllegalStateException("no JSON type for " + type);
    }

    private Map<String, Object> property(String name) {
      Map<String, Object> p = properties.get(name);
      if (p == null) {
        throw new IllegalStateException(record.getSimpleName() + " has no field " + name);
      }
      return p;
    }

    Json required(String... names) {
      for (String name : names) {
        property(name);
        required.add(name);
      }
      return this;
    }

    Json field(String name, Map<String, Object> schema) {
      property(name).putAll(schema);
      return this;
    }

    Json describe(String name, String description) {
      property(name).put("description", description);
      return this;
    }

    Json limit(String name, int maxLength) {
      property(name).put("maxLength", maxLength);
      return this;
    }

    Json omit(String name) {
      property(name);
      properties.remove(name);
      required.remove(name);
      return this;
    }

    /** The body may be left out (it then reads as {@code {}}). */
    Json optionalBody() {
      bodyRequired = false;
      return this;
    }

    Map<String, Object> requestBody() {
      Map<String, Object> schema = map("type", "object", "properties", properties);
      if (!required.isEmpty()) {
        schema.put("required", List.copyOf(required));
      }
      return map("required", bodyRequired, "content", map(JSON, map("schema", schema)));
    }
  }

  private static Op op() {
    return new Op();
  }

  private static final class Op {
    @Nullable Map<String, Object> requestBody;
    @Nullable Class<?> bodyRecord;
    final List<Map<String, Object>> parameters = new ArrayList<>();
    final Map<Integer, Response> responses = new TreeMap<>();
    boolean userOnly;
    @Nullable List<Map<String, List<String>>> security;

    Op body(Json json) {
      requestBody = json.requestBody();
      bodyRecord = json.record;
      return this;
    }

    Op form(Map<String, Object> schema) {
      requestBody = map("required", true, "content", map(FORM, map("schema", schema)));
      return this;
    }

    Op userOnly() {
      userOnly = true;
      return this;
    }

    Op security(List<Map<String, List<String>>> requirement) {
      security = requirement;
      return this;
    }

    Op parameter(Map<String, Object> parameter) {
      parameters.add(parameter);
      return this;
    }

    Op path(String name, Map<String, Object> schema) {
      return parameter(map("name", name, "in", "path", "required", true, "schema", schema));
    }

    Op query(String name, Map<String, Object> schema, @Nullable String description) {
      Map<String, Object> p = map("name", name, "in", "query", "required", false, "schema", schema);
      if (description != null) {
        p.put("description", description);
      }
      return parameter(p);
    }

    Op ok(int status, String description) {
      return response(status, new Response(description, List.of(), null, Map.of(), List.of()));
    }

    Op ok(int status, String description, Map<String, Object> schema) {
      return response(status, new Response(description, List.of(JSON), schema, Map.of(), List.of()));
    }

    Op ok(int status, String description, Map<String, Object> schema, String header, Map<String, Object> value) {
      return response(status, new Response(description, List.of(JSON), schema, map(header, value), List.of()));
    }

    Op redirect(int status, String description, @Nullable String header, @Nullable Map<String, Object> value) {
      Map<String, Object> headers = map("Location", map("description", "where to go", "schema",
          map("type", "string", "format", "uri")));
      if (header != null) {
        headers.put(header, value);
      }
      return response(status, new Response(description, List.of("text/plain"), describe(str(), "the word Redirected"),
          headers, List.of()));
    }

    Op problem(int status, String... codes) {
      return response(status, problemResponse(status, List.of(codes)));
    }

    Op oauthError(int status, String description) {
      return response(status, new Response(description, List.of(JSON), ref("OAuthError"), status == 401
          ? map("WWW-Authenticate", header("Basic realm=\"latchkey\"")) : Map.of(), List.of()));
    }

    Op response(int status, Response response) {
      responses.merge(status, response, (a, b) -> a.withCodes(b.codes()));
      return this;
    }

    Operation build() {
      return new Operation(requestBody, bodyRecord, List.copyOf(parameters), Map.copyOf(responses), userOnly,
          security);
    }
  }

  /** A problem response with these codes (Retry-After on 429 and 503, WWW-Authenticate on 401). */
  static Response problemResponse(int status, List<String> codes) {
    Map<String, Object> headers = new LinkedHashMap<>();
    if (status == 429 || status == 503) {
      headers.put("Retry-After", retryAfter());
    }
    if (status == 401) {
      headers.put("WWW-Authenticate", header("Bearer"));
    }
    return new Response("problem", List.of(PROBLEM_JSON), ref("Problem"), headers, codes);
  }
}
