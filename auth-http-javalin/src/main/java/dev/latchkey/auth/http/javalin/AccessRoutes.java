package dev.latchkey.auth.http.javalin;

import static dev.latchkey.auth.http.javalin.AuthRole.ADMIN;

import dev.latchkey.auth.core.CreatedApiKey;
import dev.latchkey.auth.core.role.Role;
import dev.latchkey.auth.core.service.ApiKey;
import dev.latchkey.auth.core.service.ApiKeyId;
import dev.latchkey.auth.core.service.Service;
import dev.latchkey.auth.core.service.ServiceId;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/** Roles, their assignment to users, registered services and API keys. */
final class AccessRoutes {
  private static final String TAG = "access";
  private final Api api;

  AccessRoutes(Api api) {
    this.api = api;
  }

  List<ApiRoute> routes() {
    return List.of(
        ApiRoute.get("/api/v1/admin/services", ADMIN, TAG, "Registered services", this::services, 200, 403),
        ApiRoute.post("/api/v1/admin/services", ADMIN, TAG, "Register a service", Bodies.ServiceBody.class,
            this::createService, 201, 400, 403, 409),
        ApiRoute.put("/api/v1/admin/services/{id}", ADMIN, TAG, "Rename a service", Bodies.ServiceBody.class,
            this::updateService, 200, 400, 403, 404, 409),
        ApiRoute.delete("/api/v1/admin/services/{id}", ADMIN, TAG, "Delete a service", this::deleteService, 204,
            403, 404, 409),
        ApiRoute.get("/api/v1/admin/roles", ADMIN, TAG, "Roles and their permissions", this::roles, 200, 403),
        ApiRoute.post("/api/v1/admin/roles", ADMIN, TAG, "Create a role", Bodies.RoleBody.class, this::createRole,
            201, 400, 403, 404),
        ApiRoute.put("/api/v1/admin/roles/{name}", ADMIN, TAG, "Replace a role", Bodies.RoleBody.class,
            this::updateRole, 200, 400, 403, 404),
        ApiRoute.delete("/api/v1/admin/roles/{name}", ADMIN, TAG, "Delete a role", this::deleteRole, 204, 403,
            404),
        ApiRoute.get("/api/v1/users/{id}/roles", ADMIN, TAG, "A user's role assignments", this::assignments, 200,
            403),
        ApiRoute.put("/api/v1/users/{id}/roles/{name}", ADMIN, TAG, "Assign a role", null, this::assign, 204, 403,
            404, 409),
        ApiRoute.delete("/api/v1/users/{id}/roles/{name}", ADMIN, TAG, "Remove a role", this::unassign, 204, 403,
            409),
        ApiRoute.get("/api/v1/admin/api-keys", ADMIN, TAG, "API keys (never their secrets)", this::keys, 200, 403),
        ApiRoute.post("/api/v1/admin/api-keys", ADMIN, TAG, "Create an API key (secret shown once)",
            Bodies.ApiKeyBody.class, this::createKey, 201, 400, 403, 404),
        ApiRoute.delete("/api/v1/admin/api-keys/{id}", ADMIN, TAG, "Delete an API key", this::deleteKey, 204, 403,
            404));
  }

  private void services(Context ctx) {
    api.json(ctx, api.auth.accessControl().services().stream().map(AccessRoutes::service).toList());
  }

  private void createService(Context ctx) {
    Bodies.ServiceBody b = api.body(ctx, Bodies.ServiceBody.class);
    api.json(ctx.status(201), service(api.auth.accessControl().registerService(Bodies.required(b.name(), "name"),
        b.description())));
  }

  private void updateService(Context ctx) {
    Bodies.ServiceBody b = api.body(ctx, Bodies.ServiceBody.class);
    api.json(ctx, service(api.auth.accessControl().updateService(Api.parse(ctx, "id", ServiceId::parse),
        Bodies.required(b.name(), "name"), b.description())));
  }

  private void deleteService(Context ctx) {
    if (!api.auth.accessControl().deleteService(Api.parse(ctx, "id", ServiceId::parse))) {
      throw HttpProblem.notFound("the service");
    }
    ctx.status(204);
  }

  private void roles(Context ctx) {
    api.json(ctx, api.auth.accessControl().roles().stream().map(AccessRoutes::role).toList());
  }

  private void createRole(Context ctx) {
    Bodies.RoleBody b = api.body(ctx, Bodies.RoleBody.class);
    api.json(ctx.status(201), role(api.auth.accessControl().saveRole(role(Bodies.required(b.name(), "name"), b))));
  }

  private void updateRole(Context ctx) {
    api.json(ctx, role(api.auth.accessControl().saveRole(role(ctx.pathParam("name"), api.body(ctx,
        Bodies.RoleBody.class)))));
  }

  private void deleteRole(Context ctx) {
    if (!api.auth.accessControl().deleteRole(ctx.pathParam("name"), serviceParam(ctx))) {
      throw HttpProblem.notFound("the role");
    }
    ctx.status(204);
  }

  private void assignments(Context ctx) {
    api.json(ctx, api.auth.accessControl().assignmentsOf(AdminRoutes.id(ctx)).stream().map(a -> {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("role", a.role());
      json.put("service_id", a.service() == null ? null : a.service().toString());
      return json;
    }).toList());
  }

  private void assign(Context ctx) {
    api.auth.accessControl().assign(AdminRoutes.id(ctx), ctx.pathParam("name"), serviceParam(ctx));
    ctx.status(204);
  }

  private void unassign(Context ctx) {
    api.auth.accessControl().unassign(AdminRoutes.id(ctx), ctx.pathParam("name"), serviceParam(ctx));
    ctx.status(204);
  }

  private void keys(Context ctx) {
    api.json(ctx, api.auth.accessControl().apiKeys().stream().map(AccessRoutes::key).toList());
  }

  private void createKey(Context ctx) {
    Bodies.ApiKeyBody b = api.body(ctx, Bodies.ApiKeyBody.class);
    Instant expires;
    try {
      expires = b.expiresAt() == null ? null : Instant.parse(b.expiresAt());
    } catch (DateTimeParseException e) {
      throw HttpProblem.validation("expires_at", "is not an ISO-8601 instant");
    }
    CreatedApiKey created = api.auth.accessControl().createApiKey(Bodies.required(b.name(), "name"),
        b.roles() == null ? Set.of() : b.roles(), serviceId(b.serviceId()), expires);
    Map<String, Object> json = key(created.key());
    json.put("secret", created.secret().reveal());
    api.json(ctx.status(201).header("Cache-Control", "no-store"), json);
  }

  private void deleteKey(Context ctx) {
    if (!api.auth.accessControl().deleteApiKey(Api.parse(ctx, "id", ApiKeyId::parse))) {
      throw HttpProblem.notFound("the API key");
    }
    ctx.status(204);
  }

  private static Role role(String name, Bodies.RoleBody b) {
    try {
      return new Role(name, serviceId(b.serviceId()), b.description(),
          b.permissions() == null ? Set.of() : b.permissions());
    } catch (IllegalArgumentException e) {
      throw HttpProblem.validation("name", e.getMessage());
    }
  }

  private static @Nullable ServiceId serviceParam(Context ctx) {
    return serviceId(ctx.queryParam("service_id"));
  }

  private static @Nullable ServiceId serviceId(@Nullable String text) {
    try {
      return text == null || text.isEmpty() ? null : ServiceId.parse(text);
    } catch (IllegalArgumentException e) {
      throw HttpProblem.validation("service_id", "is not a service id");
    }
  }

  private static Map<String, Object> service(Service s) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", s.id().toString());
    json.put("name", s.name());
    json.put("description", s.description());
    json.put("created_at", s.createdAt().toString());
    return json;
  }

  private static Map<String, Object> role(Role r) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", r.name());
    json.put("description", r.description());
    json.put("permissions", new TreeSet<>(r.permissions()));
    json.put("service_id", r.service() == null ? null : r.service().toString());
    return json;
  }

  private static Map<String, Object> key(ApiKey k) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", k.id().toString());
    json.put("name", k.name());
    json.put("roles", new TreeSet<>(k.roles()));
    json.put("service_id", k.service() == null ? null : k.service().toString());
    json.put("created_at", k.createdAt().toString());
    json.put("expires_at", Views.time(k.expiresAt()));
    json.put("last_used_at", Views.time(k.lastUsedAt()));
    return json;
  }
}
