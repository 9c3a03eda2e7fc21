package dev.latchkey.demo.web;

import static dev.latchkey.demo.web.AdminPages.explain;
import static dev.latchkey.demo.web.AdminPages.orEmpty;
import static dev.latchkey.demo.web.AdminPages.time;

import dev.latchkey.auth.core.AuthException;
import dev.latchkey.auth.core.CreatedApiKey;
import dev.latchkey.auth.core.role.Role;
import dev.latchkey.auth.core.service.ApiKey;
import dev.latchkey.auth.core.service.ApiKeyId;
import dev.latchkey.auth.core.service.Service;
import dev.latchkey.auth.core.service.ServiceId;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/** Roles and their permissions, registered services and API keys: the administrator's access-control pages. */
public final class AccessPages {
  private final Web web;

  AccessPages(Web web) {
    this.web = web;
  }

  void routes(JavalinConfig cfg) {
    cfg.routes.get("/admin/roles", this::roles);
    cfg.routes.post("/admin/roles", this::createRole);
    cfg.routes.get("/admin/roles/edit", this::editRole);
    cfg.routes.post("/admin/roles/update", this::updateRole);
    cfg.routes.post("/admin/roles/delete", this::deleteRole);
    cfg.routes.get("/admin/services", this::services);
    cfg.routes.post("/admin/services", this::createService);
    cfg.routes.get("/admin/services/{id}", this::editService);
    cfg.routes.post("/admin/services/{id}", this::updateService);
    cfg.routes.post("/admin/services/{id}/delete", this::deleteService);
    cfg.routes.get("/admin/api-keys", this::keys);
    cfg.routes.post("/admin/api-keys", this::createKey);
    cfg.routes.post("/admin/api-keys/{id}/delete", this::deleteKey);
  }

  // ---- models ----

  /** A service in a choice list. */
  public record ServiceChoice(String id, String name) {}

  /** A role row. */
  public record RoleRow(String name, String serviceId, String service, String description, List<String> permissions) {
    /** The link to its edit page. */
    public String editLink() {
      return "/admin/roles/edit?name=" + AdminPages.enc(name) + (serviceId.isEmpty() ? ""
          : "&service=" + AdminPages.enc(serviceId));
    }
  }

  /** The roles page (list and create form). */
  public record Roles(List<RoleRow> roles, List<ServiceChoice> services, FormErrors errors, FormErrors listErrors) {}

  /** A role's edit page. */
  public record RoleEdit(RoleRow role, FormErrors errors) {}

  /** A service row. */
  public record ServiceRow(String id, String name, String description, String created) {}

  /** The services page. */
  public record Services(List<ServiceRow> services, FormErrors errors, FormErrors listErrors) {}

  /** A service's edit page. */
  public record ServiceEdit(ServiceRow service, FormErrors errors) {}

  /** An API key row (never its secret: only a hash is stored). */
  public record KeyRow(String id, String name, String roles, String service, String created, String expires,
      String lastUsed) {}

  /**
   * The API keys page.
   *
   * @param created the key just created, shown once with its secret; null on every other view
   */
  public record Keys(List<KeyRow> keys, List<ServiceChoice> services, FormErrors errors, @Nullable NewKey created) {}

  /** A key just created and its secret, on the POST's own answer only. */
  public record NewKey(String name, String secret) {
    @Override
    public String toString() {
      return "NewKey[" + name + ", secret=redacted]";
    }
  }

  // ---- roles ----

  private void roles(Context ctx) {
    web.requireAdmin(ctx);
    renderRoles(ctx, FormErrors.none(), FormErrors.none());
  }

  private void renderRoles(Context ctx, FormErrors errors, FormErrors listErrors) {
    Map<String, String> names = serviceNames();
    List<RoleRow> rows = web.auth().accessControl().roles().stream().map(r -> roleRow(r, names)).toList();
    web.render(ctx, "admin/roles.jte", web.page(ctx, "Roles"), new Roles(rows, serviceChoices(), errors,
        listErrors));
  }

  private void createRole(Context ctx) {
    web.requireAdmin(ctx);
    String name = SitePages.text(ctx.formParam("name"));
    String serviceText = SitePages.text(ctx.formParam("service"));
    String description = SitePages.text(ctx.formParam("description"));
    String permissions = SitePages.text(ctx.formParam("permissions"));
    FormErrors errors = FormErrors.none().value("name", name).value("service", serviceText)
        .value("description", description).value("permissions", permissions);
    ServiceId service = serviceId(serviceText, errors);
    if (name.isEmpty()) {
      errors.field("name", "Enter a role name.");
    } else if (!errors.any() && findRole(name, service).isPresent()) {
      errors.field("name", "A role with this name already exists" + (service == null ? "" : " in this service")
          + ". Edit it from the list instead.");
    }
    if (!errors.any() && save(ctx, name, service, description, permissions, errors)) {
      web.redirect(ctx, "/admin/roles", Flash.ok("Role " + name + " created."));
      return;
    }
    if (ctx.status().getCode() < 400) {
      ctx.status(422);
    }
    renderRoles(ctx, errors, FormErrors.none());
  }

  private void editRole(Context ctx) {
    web.requireAdmin(ctx);
    Role role = requireRole(ctx.queryParam("name"), ctx.queryParam("service"));
    web.render(ctx, "admin/role.jte", web.page(ctx, "Role " + role.name()), new RoleEdit(roleRow(role,
        serviceNames()), FormErrors.none()));
  }

  private void updateRole(Context ctx) {
    web.requireAdmin(ctx);
    Role role = requireRole(ctx.formParam("name"), ctx.formParam("service"));
    String description = SitePages.text(ctx.formParam("description"));
    String permissions = SitePages.text(ctx.formParam("permissions"));
    FormErrors errors = FormErrors.none().value("description", description).value("permissions", permissions);
    if (save(ctx, role.name(), role.service(), description, permissions, errors)) {
      web.redirect(ctx, "/admin/roles", Flash.ok("Role " + role.name() + " saved."));
      return;
    }
    RoleRow row = roleRow(role, serviceNames());
    web.render(ctx, "admin/role.jte", web.page(ctx, "Role " + role.name()), new RoleEdit(new RoleRow(row.name(),
        row.serviceId(), row.service(), description, List.of(permissions)), errors));
  }

  private boolean save(Context ctx, String name, @Nullable ServiceId service, String description, String permissions,
      FormErrors errors) {
    Set<String> perms = new TreeSet<>(Arrays.asList(permissions.split("[\\s,]+")));
    perms.remove("");
    try {
      web.auth().accessControl().saveRole(new Role(name, service, description.isEmpty() ? null : description, perms));
      return true;
    } catch (IllegalArgumentException e) {
      errors.field("name", "A role name is 1 to 64 letters, digits, '.', '_', ':' or '-'.");
      ctx.status(422);
    } catch (AuthException e) {
      ctx.status(explain(e, errors));
    }
    return false;
  }

  private void deleteRole(Context ctx) {
    web.requireAdmin(ctx);
    Role role = requireRole(ctx.formParam("name"), ctx.formParam("service"));
    web.auth().accessControl().deleteRole(role.name(), role.service());
    web.redirect(ctx, "/admin/roles", Flash.ok("Role " + role.name() + " deleted; everyone who held it lost it."));
  }

  private Role requireRole(@Nullable String name, @Nullable String serviceText) {
    ServiceId service;
    try {
      service = serviceText == null || serviceText.isBlank() ? null : ServiceId.parse(serviceText.strip());
    } catch (IllegalArgumentException e) {
      throw WebError.notFound("the role");
    }
    return findRole(name == null ? "" : name, service).orElseThrow(() -> WebError.notFound("the role"));
  }

  private Optional<Role> findRole(String name, @Nullable ServiceId service) {
    return web.auth().accessControl().roles().stream()
        .filter(r -> r.name().equals(name) && java.util.Objects.equals(r.service(), service)).findFirst();
  }

  private static RoleRow roleRow(Role r, Map<String, String> serviceNames) {
    String sid = r.service() == null ? "" : r.service().toString();
    return new RoleRow(r.name(), sid, r.service() == null ? "" : serviceNames.getOrDefault(sid, sid),
        orEmpty(r.description()), List.copyOf(new TreeSet<>(r.permissions())));
  }

  // ---- services ----

  private void services(Context ctx) {
    web.requireAdmin(ctx);
    renderServices(ctx, FormErrors.none(), FormErrors.none());
  }

  private void renderServices(Context ctx, FormErrors errors, FormErrors listErrors) {
    List<ServiceRow> rows = web.auth().accessControl().services().stream().map(AccessPages::serviceRow).toList();
    web.render(ctx, "admin/services.jte", web.page(ctx, "Services"), new Services(rows, errors, listErrors));
  }

  private void createService(Context ctx) {
    web.requireAdmin(ctx);
    String name = SitePages.text(ctx.formParam("name"));
    String description = SitePages.text(ctx.formParam("description"));
    FormErrors errors = FormErrors.none().value("name", name).value("description", description);
    if (name.isEmpty()) {
      errors.field("name", "Enter a service name.");
      ctx.status(422);
    } else {
      try {
        web.auth().accessControl().registerService(name, description.isEmpty() ? null : description);
        web.redirect(ctx, "/admin/services", Flash.ok("Service " + name + " registered."));
        return;
      } catch (AuthException e) {
        ctx.status(explain(e, errors));
      }
    }
    renderServices(ctx, errors, FormErrors.none());
  }

  private void editService(Context ctx) {
    web.requireAdmin(ctx);
    Service service = findService(ctx);
    web.render(ctx, "admin/service.jte", web.page(ctx, "Service " + service.name()),
        new ServiceEdit(serviceRow(service), FormErrors.none()));
  }

  private void updateService(Context ctx) {
    web.requireAdmin(ctx);
    Service service = findService(ctx);
    String name = SitePages.text(ctx.formParam("name"));
    String description = SitePages.text(ctx.formParam("description"));
    FormErrors errors = FormErrors.none().value("name", name).value("description", description);
    if (name.isEmpty()) {
      errors.field("name", "Enter a service name.");
      ctx.status(422);
    } else {
      try {
        web.auth().accessControl().updateService(service.id(), name, description.isEmpty() ? null : description);
        web.redirect(ctx, "/admin/services", Flash.ok("Service " + name + " saved."));
        return;
      } catch (AuthException e) {
        ctx.status(explain(e, errors));
      }
    }
    web.render(ctx, "admin/service.jte", web.page(ctx, "Service " + service.name()), new ServiceEdit(
        new ServiceRow(service.id().toString(), name, description, time(service.createdAt())), errors));
  }

  private void deleteService(Context ctx) {
    web.requireAdmin(ctx);
    Service service = findService(ctx);
    try {
      web.auth().accessControl().deleteService(service.id());
      web.redirect(ctx, "/admin/services", Flash.ok("Service " + service.name() + " deleted."));
    } catch (AuthException e) {
      FormErrors errors = FormErrors.none();
      ctx.status(explain(e, errors));
      renderServices(ctx, FormErrors.none(), errors);
    }
  }

  private Service findService(Context ctx) {
    try {
      ServiceId id = ServiceId.parse(ctx.pathParam("id"));
      return web.auth().accessControl().services().stream().filter(s -> s.id().equals(id)).findFirst()
          .orElseThrow(() -> WebError.notFound("the service"));
    } catch (IllegalArgumentException e) {
      throw WebError.notFound("the service");
    }
  }

  private static ServiceRow serviceRow(Service s) {
    return new ServiceRow(s.id().toString(), s.name(), orEmpty(s.description()), time(s.createdAt()));
  }

  // ---- API keys ----

  private void keys(Context ctx) {
    web.requireAdmin(ctx);
    renderKeys(ctx, FormErrors.none(), null);
  }

  private void renderKeys(Context ctx, FormErrors errors, @Nullable NewKey created) {
    Map<String, String> names = serviceNames();
    List<KeyRow> rows = web.auth().accessControl().apiKeys().stream().map(k -> keyRow(k, names)).toList();
    web.render(ctx, "admin/api-keys.jte", web.page(ctx, "API keys"), new Keys(rows, serviceChoices(), errors,
        created));
  }

  private void createKey(Context ctx) {
    web.requireAdmin(ctx);
    String name = SitePages.text(ctx.formParam("name"));
    String serviceText = SitePages.text(ctx.formParam("service"));
    String rolesText = SitePages.text(ctx.formParam("roles"));
    String expiresText = SitePages.text(ctx.formParam("expires"));
    FormErrors errors = FormErrors.none().value("name", name).value("service", serviceText)
        .value("roles", rolesText).value("expires", expiresText);
    ServiceId service = serviceId(serviceText, errors);
    if (name.isEmpty()) {
      errors.field("name", "Enter what the key is for.");
    }
    java.time.Instant expires = null;
    if (!expiresText.isEmpty()) {
      try {
        expires = LocalDate.parse(expiresText).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException e) {
        errors.field("expires", "Enter a date as YYYY-MM-DD, or leave it empty for a key that never expires.");
      }
    }
    if (errors.any()) {
      ctx.status(422);
      renderKeys(ctx, errors, null);
      return;
    }
    Set<String> roles = new LinkedHashSet<>(Arrays.asList(rolesText.split("[\\s,]+")));
    roles.remove("");
    try {
      CreatedApiKey created = web.auth().accessControl().createApiKey(name, roles, service, expires);
      // Not POST-redirect-GET, on purpose: the secret exists only in this answer (only its hash is stored), so it
      // must not travel through a flash message or a GET a browser could replay from history or cache. The page is
      // answered directly (201) with Cache-Control: no-store, and a reload re-submits the form (a new key) rather
      // than showing this secret again.
      ctx.status(201);
      ctx.header("Cache-Control", "no-store");
      renderKeys(ctx, FormErrors.none(), new NewKey(created.key().name(), created.secret().reveal()));
    } catch (AuthException e) {
      ctx.status(explain(e, errors));
      renderKeys(ctx, errors, null);
    }
  }

  private void deleteKey(Context ctx) {
    web.requireAdmin(ctx);
    ApiKeyId id;
    try {
      id = ApiKeyId.parse(ctx.pathParam("id"));
    } catch (IllegalArgumentException e) {
      throw WebError.notFound("the API key");
    }
    if (!web.auth().accessControl().deleteApiKey(id)) {
      throw WebError.notFound("the API key");
    }
    web.redirect(ctx, "/admin/api-keys", Flash.ok("API key deleted; the tokens it was exchanged for stop working."));
  }

  private static KeyRow keyRow(ApiKey k, Map<String, String> serviceNames) {
    String sid = k.service() == null ? "" : k.service().toString();
    return new KeyRow(k.id().toString(), k.name(), String.join(", ", new TreeSet<>(k.roles())),
        k.service() == null ? "" : serviceNames.getOrDefault(sid, sid), time(k.createdAt()),
        k.expiresAt() == null ? "never" : time(k.expiresAt()), k.lastUsedAt() == null ? "never"
            : time(k.lastUsedAt()));
  }

  // ---- shared ----

  private List<ServiceChoice> serviceChoices() {
    return web.auth().accessControl().services().stream().map(s -> new ServiceChoice(s.id().toString(), s.name()))
        .toList();
  }

  private Map<String, String> serviceNames() {
    Map<String, String> names = new HashMap<>();
    web.auth().accessControl().services().forEach(s -> names.put(s.id().toString(), s.name()));
    return names;
  }

  private static @Nullable ServiceId serviceId(String text, FormErrors errors) {
    if (text.isEmpty()) {
      return null;
    }
    try {
      return ServiceId.parse(text);
    } catch (IllegalArgumentException e) {
      errors.field("service", "Choose a service from the list.");
      return null;
    }
  }
}
