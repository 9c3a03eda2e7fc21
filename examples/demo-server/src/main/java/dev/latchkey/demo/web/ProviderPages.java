package dev.latchkey.demo.web;

import static dev.latchkey.demo.web.AdminPages.checked;
import static dev.latchkey.demo.web.AdminPages.explain;
import static dev.latchkey.demo.web.AdminPages.orEmpty;

import dev.latchkey.auth.core.AuthException;
import dev.latchkey.auth.core.ConflictException;
import dev.latchkey.auth.core.oauth.OAuthAccount;
import dev.latchkey.auth.core.oauth.OAuthProvider;
import dev.latchkey.auth.core.oauth.ProviderSettings;
import dev.latchkey.auth.core.oauth.ProviderType;
import dev.latchkey.auth.core.user.User;
import dev.latchkey.auth.core.user.UserPage;
import dev.latchkey.auth.core.user.UserQuery;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The identity providers: list with linked-account counts, create from a template (Google, GitHub, Microsoft, Discord,
 * any OpenID Connect issuer) showing the callback URL to register, edit, enable or disable, delete (refused while
 * accounts are linked unless forced with a typed confirmation). The client secret is write-only: no page ever shows
 * it, and leaving it empty on the edit page keeps the stored one.
 */
public final class ProviderPages {
  /**
   * How many users the linked-account counts look at: the facade has no count per provider, so the counts are summed
   * from the users' linked accounts, at most this many users.
   */
  static final int MAX_COUNT_SCAN = 2_000;

  private final Web web;

  ProviderPages(Web web) {
    this.web = web;
  }

  void routes(JavalinConfig cfg) {
    cfg.routes.get("/admin/providers", this::list);
    cfg.routes.get("/admin/providers/new", this::newForm);
    cfg.routes.post("/admin/providers", this::create);
    cfg.routes.get("/admin/providers/{name}", this::editForm);
    cfg.routes.post("/admin/providers/{name}", this::update);
    cfg.routes.post("/admin/providers/{name}/enable", ctx -> toggle(ctx, true));
    cfg.routes.post("/admin/providers/{name}/disable", ctx -> toggle(ctx, false));
    cfg.routes.post("/admin/providers/{name}/delete", this::delete);
  }

  // ---- models ----

  /** A template to start from. */
  public record Template(String key, String label, String type, String name, String displayName, boolean issuer,
      boolean tenant, String scopes, boolean trust, String help) {}

  /** A provider row. */
  public record ProviderRow(String name, String displayName, String type, boolean enabled, boolean local,
      boolean trust, String issuer, String scopes, String linked, String callback) {}

  /** The providers list. */
  public record Providers(List<ProviderRow> providers, List<Template> templates, boolean countsTruncated) {}

  /** The create form from a template. */
  public record NewProvider(Template template, String callbackBase, FormErrors errors, boolean enabled,
      boolean trust) {
    /** The callback URL for the name in the form (or the template's name). */
    public String callback() {
      String name = errors.valueOf("name").isEmpty() ? template.name() : errors.valueOf("name");
      return callbackBase + name + "/callback";
    }
  }

  /** A provider's edit page. */
  public record EditProvider(ProviderRow provider, FormErrors errors, FormErrors deleteErrors, boolean enabled,
      boolean trust, boolean issuer) {}

  static final List<Template> TEMPLATES = List.of(
      new Template("google", "Google", "GOOGLE", "google", "Google", false, false, scopes(ProviderType.GOOGLE), true,
          "Create an OAuth client of type \"Web application\" in the Google Cloud console (APIs & Services,"
              + " Credentials) and add the callback URL below as an authorised redirect URI."),
      new Template("github", "GitHub", "GITHUB", "github", "GitHub", false, false, scopes(ProviderType.GITHUB), true,
          "Register an OAuth app under GitHub Settings, Developer settings, OAuth Apps, with the callback URL below"
              + " as its authorization callback URL."),
      new Template("microsoft", "Microsoft", "MICROSOFT", "microsoft", "Microsoft", false, true,
          scopes(ProviderType.MICROSOFT), true, "Register an application in Microsoft Entra ID (App registrations)"
              + " with a Web redirect URI set to the callback URL below, then create a client secret."),
      new Template("discord", "Discord", "DISCORD", "discord", "Discord", false, false, scopes(ProviderType.DISCORD),
          false, "Create an application in the Discord Developer Portal and add the callback URL below under"
              + " OAuth2, Redirects."),
      new Template("oidc", "Other OpenID Connect provider", "OIDC", "", "", true, false, scopes(ProviderType.OIDC),
          false, "Any OpenID Connect issuer (Keycloak, Auth0, Okta, GitLab, ...): register a confidential client with"
              + " the callback URL below. The issuer URL is the one its discovery document lives under."));

  // ---- handlers ----

  private void list(Context ctx) {
    web.requireAdmin(ctx);
    Map<String, Long> counts = new HashMap<>();
    boolean truncated = countLinked(counts);
    List<ProviderRow> rows = web.auth().admin().oauthProviders().stream()
        .map(p -> row(p, counts.getOrDefault(p.name(), 0L) + (truncated ? "+" : ""))).toList();
    web.render(ctx, "admin/providers.jte", web.page(ctx, "Identity providers"), new Providers(rows, TEMPLATES,
        truncated));
  }

  private void newForm(Context ctx) {
    web.requireAdmin(ctx);
    Template t = template(ctx.queryParam("template"));
    FormErrors values = FormErrors.none().value("name", t.name()).value("displayName", t.displayName())
        .value("scopes", t.scopes()).value("tenant", t.tenant() ? "common" : "");
    web.render(ctx, "admin/provider-new.jte", web.page(ctx, "Add " + t.label()), new NewProvider(t, callbackBase(),
        values, true, t.trust()));
  }

  private void create(Context ctx) {
    web.requireAdmin(ctx);
    Template t = template(ctx.formParam("template"));
    ProviderType type = ProviderType.valueOf(t.type());
    String name = SitePages.text(ctx.formParam("name")).toLowerCase(Locale.ROOT);
    String displayName = SitePages.text(ctx.formParam("displayName"));
    String clientId = SitePages.text(ctx.formParam("clientId"));
    String secret = ctx.formParam("clientSecret");
    String issuer = SitePages.text(ctx.formParam("issuer"));
    String tenant = SitePages.text(ctx.formParam("tenant"));
    String scopes = SitePages.text(ctx.formParam("scopes"));
    boolean enabled = checked(ctx, "enabled");
    boolean trust = checked(ctx, "trustEmailVerified");
    // The secret is never kept to show again: the form asks for it anew.
    FormErrors errors = FormErrors.none().value("name", name).value("displayName", displayName)
        .value("clientId", clientId).value("issuer", issuer).value("tenant", tenant).value("scopes", scopes);
    if (name.isEmpty()) {
      errors.field("name", "Enter a name for the provider (lower-case letters, digits and '-').");
    }
    if (displayName.isEmpty()) {
      errors.field("displayName", "Enter the name shown on the sign-in button.");
    }
    if (clientId.isEmpty()) {
      errors.field("clientId", "Enter the client id the provider gave you.");
    }
    if (secret == null || secret.isEmpty()) {
      errors.field("clientSecret", "Enter the client secret the provider gave you.");
    }
    if (t.issuer() && issuer.isEmpty()) {
      errors.field("issuer", "Enter the issuer URL (https).");
    }
    String resolvedIssuer = t.issuer() ? issuer : null;
    if (t.tenant()) {
      try {
        resolvedIssuer = ProviderSettings.microsoftIssuer(tenant.isEmpty() ? "common" : tenant);
      } catch (IllegalArgumentException e) {
        errors.field("tenant", "A tenant is a directory id, a domain, or common, organizations or consumers.");
      }
    }
    if (!errors.any()) {
      try {
        web.auth().admin().createOAuthProvider(new ProviderSettings(name, displayName, type, clientId, secret,
            resolvedIssuer, scopeSet(scopes), enabled, trust, false));
        web.redirect(ctx, "/admin/providers", Flash.ok("Provider " + displayName + " added. Register its callback"
            + " URL with the provider: " + callbackBase() + name + "/callback"));
        return;
      } catch (AuthException e) {
        ctx.status(explain(e, errors));
      }
    } else {
      ctx.status(422);
    }
    web.render(ctx, "admin/provider-new.jte", web.page(ctx, "Add " + t.label()), new NewProvider(t, callbackBase(),
        errors, enabled, trust));
  }

  private void editForm(Context ctx) {
    web.requireAdmin(ctx);
    OAuthProvider p = find(ctx);
    renderEdit(ctx, p, values(p), FormErrors.none(), p.enabled(), p.trustEmailVerified());
  }

  private void renderEdit(Context ctx, OAuthProvider p, FormErrors errors, FormErrors deleteErrors, boolean enabled,
      boolean trust) {
    web.render(ctx, "admin/provider.jte", web.page(ctx, "Provider " + p.displayName()), new EditProvider(row(p, ""),
        errors, deleteErrors, enabled, trust, p.type() == ProviderType.OIDC || p.type() == ProviderType.MICROSOFT));
  }

  private static FormErrors values(OAuthProvider p) {
    return FormErrors.none().value("displayName", p.displayName()).value("clientId", p.clientId())
        .value("issuer", orEmpty(p.issuer())).value("scopes", String.join(" ", new TreeSet<>(p.scopes())));
  }

  private void update(Context ctx) {
    web.requireAdmin(ctx);
    OAuthProvider p = find(ctx);
    String displayName = SitePages.text(ctx.formParam("displayName"));
    String clientId = SitePages.text(ctx.formParam("clientId"));
    String secret = ctx.formParam("clientSecret");
    String issuer = SitePages.text(ctx.formParam("issuer"));
    String scopes = SitePages.text(ctx.formParam("scopes"));
    boolean enabled = checked(ctx, "enabled");
    boolean trust = checked(ctx, "trustEmailVerified");
    boolean hasIssuer = p.type() == ProviderType.OIDC || p.type() == ProviderType.MICROSOFT;
    FormErrors errors = FormErrors.none().value("displayName", displayName).value("clientId", clientId)
        .value("issuer", issuer).value("scopes", scopes);
    if (displayName.isEmpty()) {
      errors.field("displayName", "Enter the name shown on the sign-in button.");
    }
    if (clientId.isEmpty()) {
      errors.field("clientId", "Enter the client id.");
    }
    if (hasIssuer && issuer.isEmpty()) {
      errors.field("issuer", "Enter the issuer URL (https).");
    }
    if (!errors.any()) {
      try {
        web.auth().admin().updateOAuthProvider(new ProviderSettings(p.name(), displayName, p.type(), clientId,
            secret == null || secret.isEmpty() ? null : secret, hasIssuer ? issuer : p.issuer(), scopeSet(scopes),
            enabled, trust, p.local()));
        web.redirect(ctx, "/admin/providers", Flash.ok("Provider " + displayName + " saved."));
        return;
      } catch (AuthException e) {
        ctx.status(explain(e, errors));
      }
    } else {
      ctx.status(422);
    }
    renderEdit(ctx, p, errors, FormErrors.none(), enabled, trust);
  }

  private void toggle(Context ctx, boolean enable) {
    web.requireAdmin(ctx);
    OAuthProvider p = find(ctx);
    try {
      web.auth().admin().updateOAuthProvider(new ProviderSettings(p.name(), p.displayName(), p.type(), p.clientId(),
          null, p.issuer(), p.scopes(), enable, p.trustEmailVerified(), p.local()));
      web.redirect(ctx, "/admin/providers", Flash.ok("Provider " + p.displayName() + (enable ? " enabled."
          : " disabled: its sign-in button is gone.")));
    } catch (AuthException e) {
      FormErrors errors = FormErrors.none();
      ctx.status(explain(e, errors));
      renderEdit(ctx, p, errors, FormErrors.none(), p.enabled(), p.trustEmailVerified());
    }
  }

  private void delete(Context ctx) {
    web.requireAdmin(ctx);
    OAuthProvider p = find(ctx);
    boolean force = checked(ctx, "force");
    String typed = SitePages.text(ctx.formParam("confirm"));
    FormErrors errors = FormErrors.none();
    if (force && !typed.equals(p.name())) {
      errors.field("confirm", "To delete a provider with linked accounts, type its name " + p.name() + ".");
      ctx.status(422);
    } else {
      try {
        web.auth().admin().deleteOAuthProvider(p.name(), force);
        web.redirect(ctx, "/admin/providers", Flash.ok("Provider " + p.displayName() + " deleted."));
        return;
      } catch (ConflictException e) {
        errors.form(AdminPages.sentence(e.getMessage()) + " Tick \"Delete even with linked accounts\" and type the"
            + " provider's name to go ahead.");
        ctx.status(409);
      } catch (AuthException e) {
        ctx.status(explain(e, errors));
      }
    }
    renderEdit(ctx, p, values(p), errors, p.enabled(), p.trustEmailVerified());
  }

  // ---- helpers ----

  private OAuthProvider find(Context ctx) {
    return web.auth().admin().oauthProvider(ctx.pathParam("name")).orElseThrow(() -> WebError.notFound(
        "the provider"));
  }

  /** Counts linked accounts per provider into {@code counts}; answers whether it stopped before the last user. */
  private boolean countLinked(Map<String, Long> counts) {
    int scanned = 0;
    for (int page = 1; ; page++) {
      UserPage batch = web.auth().admin().listUsers(new UserQuery(null, page, UserQuery.MAX_SIZE));
      for (User u : batch.items()) {
        for (OAuthAccount a : web.auth().admin().oauthAccountsOf(u.id())) {
          counts.merge(a.provider(), 1L, Long::sum);
        }
      }
      scanned += batch.items().size();
      if (batch.items().size() < UserQuery.MAX_SIZE || scanned >= batch.total()) {
        return false;
      }
      if (scanned >= MAX_COUNT_SCAN) {
        return true;
      }
    }
  }

  private ProviderRow row(OAuthProvider p, String linked) {
    return new ProviderRow(p.name(), p.displayName(), label(p.type()), p.enabled(), p.local(),
        p.trustEmailVerified(), orEmpty(p.issuer()), String.join(" ", new TreeSet<>(p.scopes())), linked,
        callbackBase() + p.name() + "/callback");
  }

  private static String label(ProviderType type) {
    return switch (type) {
      case GOOGLE -> "Google";
      case GITHUB -> "GitHub";
      case MICROSOFT -> "Microsoft";
      case DISCORD -> "Discord";
      case OIDC -> "OpenID Connect";
    };
  }

  /** {@code <baseUrl>/api/v1/auth/oauth/}: the provider's name and {@code /callback} follow. */
  private String callbackBase() {
    String base = web.settings().baseUrl().toString();
    return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/api/v1/auth/oauth/";
  }

  private static Template template(String key) {
    return TEMPLATES.stream().filter(t -> t.key().equals(key)).findFirst()
        .orElseThrow(() -> WebError.notFound("that provider template"));
  }

  private static String scopes(ProviderType type) {
    return String.join(" ", new TreeSet<>(ProviderSettings.defaultScopes(type)));
  }

  private static Set<String> scopeSet(String text) {
    Set<String> set = new LinkedHashSet<>(Arrays.asList(text.split("[\\s,]+")));
    set.remove("");
    return set;
  }
}
