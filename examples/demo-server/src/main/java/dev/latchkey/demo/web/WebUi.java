package dev.latchkey.demo.web;

import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.OverloadedException;
import dev.latchkey.auth.core.StoreUnavailableException;
import dev.latchkey.auth.http.javalin.AuthPlugin;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.staticfiles.Location;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web pages of the reference server, next to the API on the same Javalin app: server-rendered JTE templates, a
 * stylesheet and one small script under {@code /static/}, and the rules every page shares (security headers, the
 * CSRF and Fetch-Metadata check of every form POST, friendly error pages instead of JSON problems).
 */
public final class WebUi {
  private static final Logger LOG = LoggerFactory.getLogger(WebUi.class);
  /** Pages: only this origin's scripts, styles, forms and images; never framed. */
  static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
      + " frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'";

  private WebUi() {}

  /** Adds the pages, their static files and their rules to a Javalin configuration that has the AuthPlugin. */
  public static Web install(JavalinConfig cfg, Auth auth, WebSettings settings, Clock clock) {
    Web web = new Web(auth, settings, TemplateEngine.createPrecompiled(ContentType.Html), clock);
    cfg.staticFiles.add(files -> {
      files.hostedPath = "/static";
      files.directory = "/web/static";
      files.location = Location.CLASSPATH;
      files.headers = Map.of("Cache-Control", "public, max-age=3600", "X-Content-Type-Options", "nosniff");
    });
    cfg.routes.before(ctx -> {
      if (isPage(ctx.path()) && ctx.method() == HandlerType.POST && !web.formAllowed(ctx)) {
        throw new WebError(403, "This form could not be accepted", "The form was sent from another site, or it"
            + " expired. Go back, reload the page and send it again.");
      }
    });
    cfg.routes.after(ctx -> {
      if (isPage(ctx.path()) && !ctx.path().startsWith("/static/")) {
        // The plugin's headers are its own routes' only: the pages set theirs.
        ctx.header("X-Content-Type-Options", "nosniff");
        if (ctx.with(AuthPlugin.class).https()) {
          ctx.header("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        }
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Cache-Control", "no-store");
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
        ctx.header("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
        ctx.header("Referrer-Policy", "same-origin");
      }
    });
    cfg.routes.exception(WebRedirect.class, (e, ctx) -> ctx.status(303).header("Location", e.location));
    cfg.routes.exception(WebError.class, (e, ctx) -> error(web, ctx, e.status, e.heading, e.detail, e.retryAfter));
    // A page that meets a store outage or overload (the plugin maps these on its own routes only).
    cfg.routes.exception(StoreUnavailableException.class, (e, ctx) -> fromStatus(web,
        ctx.status(503).header("Retry-After", "5"), 503));
    cfg.routes.exception(OverloadedException.class, (e, ctx) -> fromStatus(web,
        ctx.status(503).header("Retry-After", "1"), 503));
    for (int status : new int[] {400, 403, 404, 405, 409, 413, 415, 422, 429, 500, 503}) {
      cfg.routes.error(status, ctx -> {
        if (isPage(ctx.path()) && ctx.attribute(Web.RENDERED) == null) {
          fromStatus(web, ctx, status);
        }
      });
    }
    new SitePages(web).routes(cfg);
    new AccountPages(web).routes(cfg);
    new PublicPages(web).routes(cfg);
    new AdminPages(web).routes(cfg);
    return web;
  }

  /** Whether a path belongs to the pages (everything but the API, health, metrics and well-known documents). */
  static boolean isPage(String path) {
    return !path.startsWith("/api/") && !path.equals("/api") && !path.startsWith("/health")
        && !path.startsWith("/metrics") && !path.startsWith("/.well-known/");
  }

  /** The friendly page for a status the API's rules or the router produced on a page path. */
  private static void fromStatus(Web web, Context ctx, int status) {
    String retry = ctx.res().getHeader("Retry-After");
    Duration retryAfter = retry == null ? null : Duration.ofSeconds(parseSeconds(retry));
    switch (status) {
      case 404 -> error(web, ctx, 404, "Page not found", "There is no page at this address. Check the link, or"
          + " start again from the home page.", null);
      case 405 -> error(web, ctx, 405, "Page not found", "This page cannot be used that way.", null);
      case 429 -> error(web, ctx, 429, "Too many requests", "You have made too many requests in a short time.",
          retryAfter);
      case 503 -> error(web, ctx, 503, "Temporarily unavailable", "The service is busy or one of its stores is"
          + " down. Your data is safe.", retryAfter);
      case 500 -> error(web, ctx, 500, "Something went wrong", "The server could not complete the request. It has"
          + " been logged.", null);
      default -> error(web, ctx, status, "The request could not be completed", "The page was sent something it"
          + " could not use. Go back and try again.", null);
    }
  }

  private static long parseSeconds(String value) {
    try {
      return Math.max(1, Long.parseLong(value.strip()));
    } catch (NumberFormatException e) {
      return 5;
    }
  }

  static void error(Web web, Context ctx, int status, String heading, String detail, @Nullable Duration retryAfter) {
    String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(4);
    if (status >= 500) {
      LOG.warn("page {} {} answered {} (correlation id {})", ctx.method(), ctx.path(), status, id);
    } else {
      LOG.debug("page {} {} answered {} (correlation id {})", ctx.method(), ctx.path(), status, id);
    }
    ctx.status(status);
    if (retryAfter != null) {
      ctx.header("Retry-After", Long.toString(Math.max(1, retryAfter.toSeconds())));
    }
    Page page;
    try {
      page = web.page(ctx, heading);
    } catch (RuntimeException e) {
      // The stores may be what failed: show the page without the signed-in parts.
      page = new Page(heading, "", null, null, ctx.path(), false, false, web.settings().passwordPolicy());
    }
    web.render(ctx, "error.jte", page, new ErrorModel(status, heading, detail,
        retryAfter == null ? null : Math.max(1, retryAfter.toSeconds()), id));
  }

  /** The error page's model. */
  public record ErrorModel(int status, String heading, String detail, @Nullable Long retrySeconds,
      String correlationId) {}
}
