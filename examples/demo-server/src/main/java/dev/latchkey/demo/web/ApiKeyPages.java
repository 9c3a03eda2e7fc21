package dev.latchkey.demo.web;

import static dev.latchkey.demo.web.AdminPages.explain;
import static dev.latchkey.demo.web.AdminPages.time;

import dev.latchkey.auth.core.AuthException;
import dev.latchkey.auth.core.CreatedApiKey;
import dev.latchkey.auth.core.service.ApiKey;
import dev.latchkey.auth.core.service.ApiKeyId;
import dev.latchkey.auth.core.service.ServiceId;
import dev.latchkey.demo.web.AccessPages.ServiceChoice;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/** API keys: create (the secret shown once, on the creating POST's own answer), list with last use, delete. */
public final class ApiKeyPages {
  private final Web web;
  private final AccessPages access;

  ApiKeyPages(Web web) {
    this.web = web;
    this.access = new AccessPages(web);
  }

  void routes(JavalinConfig cfg) {
    cfg.routes.get("/admin/api-keys", this::keys);
    cfg.routes.post("/admin/api-keys", this::createKey);
    cfg.routes.post("/admin/api-keys/{id}/delete", this::deleteKey);
  }

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


  private void keys(Context ctx) {
    web.requireAdmin(ctx);
    renderKeys(ctx, FormErrors.none(), null);
  }

  private void renderKeys(Context ctx, FormErrors errors, @Nullable NewKey created) {
    Map<String, String> names = access.serviceNames();
    List<KeyRow> rows = web.auth().accessControl().apiKeys().stream().map(k -> keyRow(k, names)).toList();
    web.render(ctx, "admin/api-keys.jte", web.page(ctx, "API keys"), new Keys(rows, access.serviceChoices(), errors,
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
    ServiceId service = AccessPages.serviceId(serviceText, errors);
    if (name.isEmpty()) {
      errors.field("name", "Enter what the key is for.");
    }
    Instant expires = null;
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
}
