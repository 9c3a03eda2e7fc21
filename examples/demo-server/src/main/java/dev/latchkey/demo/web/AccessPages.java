package dev.latchkey.demo.web;

import static dev.latchkey.demo.web.AdminPages.explain;
import static dev.latchkey.demo.web.AdminPages.orEmpty;
import static dev.latchkey.demo.web.AdminPages.time;

import dev.latchkey.auth.core.AuthException;
import dev.latchkey.auth.core.role.Role;
import dev.latchkey.auth.core.service.Service;
import dev.latchkey.auth.core.service.ServiceId;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/** Roles and their permissions, and registered services: the administrator's access-control pages. */
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

  // ---- shared ----

  List<ServiceChoice> serviceChoices() {
    return web.auth().accessControl().services().stream().map(s -> new ServiceChoice(s.id().toString(), s.name()))
        .toList();
  }

  Map<String, String> serviceNames() {
    Map<String, String> names = new HashMap<>();
    web.auth().accessControl().services().forEach(s -> names.put(s.id().toString(), s.name()));
    return names;
  }

  static @Nullable ServiceId serviceId(String text, FormErrors errors) {
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
