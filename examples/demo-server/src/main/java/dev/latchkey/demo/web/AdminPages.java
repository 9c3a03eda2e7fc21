package dev.latchkey.demo.web;

import dev.latchkey.auth.core.AuthException;
import dev.latchkey.auth.core.AuthStats;
import dev.latchkey.auth.core.ConflictException;
import dev.latchkey.auth.core.LastAdminException;
import dev.latchkey.auth.core.LastLoginMethodException;
import dev.latchkey.auth.core.NotFoundException;
import dev.latchkey.auth.core.ValidationException;
import dev.latchkey.auth.core.WeakPasswordException;
import dev.latchkey.auth.core.event.AuthEvent;
import dev.latchkey.auth.core.event.AuthEventType;
import dev.latchkey.auth.core.event.EventQuery;
import dev.latchkey.auth.core.user.User;
import dev.latchkey.auth.core.user.UserId;
import dev.latchkey.auth.core.user.UserQuery;
import dev.latchkey.auth.http.javalin.DevMailbox;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The administrator's pages: the overview, the audit log and the dev mailbox, and the refusal-to-message mapping
 * they all share. Users are in {@link UserPages}, roles and services in {@link AccessPages}, API keys in
 * {@link ApiKeyPages}, identity providers in {@link ProviderPages}. Every handler starts with
 * {@link Web#requireAdmin}; every facade refusal becomes a message on the page (never a 500).
 */
public final class AdminPages {
  static final int EVENTS_PER_PAGE = 50;
  private static final int MAX_EVENTS = 1000;
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
      .withZone(ZoneOffset.UTC);
  private static final Pattern LINK = Pattern.compile("https?://[^\\s<>\"]+");
  private static final int MAILBOX_SIZE = 50;

  private final Web web;

  AdminPages(Web web) {
    this.web = web;
  }

  void routes(JavalinConfig cfg) {
    cfg.routes.get("/admin", this::overview);
    cfg.routes.get("/admin/audit", this::audit);
    cfg.routes.get("/dev/mailbox", this::mailbox);
    new UserPages(web).routes(cfg);
    new AccessPages(web).routes(cfg);
    new ApiKeyPages(web).routes(cfg);
    new ProviderPages(web).routes(cfg);
  }

  // ---- models ----

  /** The overview: the stats figures. */
  public record Overview(AuthStats stats) {}

  /** An audit row: details as key/value text, escaped by the template. */
  public record EventRow(String at, String type, @Nullable String userId, String user, String ip,
      List<Map.Entry<String, String>> details) {}

  /** The audit page. */
  public record Audit(String user, String type, List<String> types, List<EventRow> rows, int page, boolean more,
      FormErrors errors) {
    /** The link to another page of the same filter. */
    public String pageLink(int n) {
      return "/admin/audit?user=" + enc(user) + "&type=" + enc(type) + "&page=" + n;
    }
  }

  /** A piece of a mail body: plain text, or a link to one of this server's pages. */
  public record Segment(String text, @Nullable String href) {}

  /** One message in the dev mailbox. */
  public record Mail(String to, String subject, String sent, List<Segment> body) {}

  /** The dev mailbox page. */
  public record Mailbox(List<Mail> messages) {}

  // ---- overview ----

  private void overview(Context ctx) {
    web.requireAdmin(ctx);
    web.render(ctx, "admin/overview.jte", web.page(ctx, "Administration"), new Overview(web.auth().admin().stats()));
  }

  // ---- audit ----

  private void audit(Context ctx) {
    web.requireAdmin(ctx);
    String userText = SitePages.text(ctx.queryParam("user"));
    String typeText = SitePages.text(ctx.queryParam("type")).toLowerCase(Locale.ROOT);
    // The log answers at most 1000 events per query: pages past that are the last one.
    int page = Math.min(MAX_EVENTS / EVENTS_PER_PAGE, Math.max(1, intParam(ctx.queryParam("page"), 1)));
    List<String> types = Arrays.stream(AuthEventType.values()).map(t -> t.name().toLowerCase(Locale.ROOT)).toList();
    FormErrors errors = FormErrors.none();
    AuthEventType type = null;
    if (!typeText.isEmpty()) {
      if (types.contains(typeText)) {
        type = AuthEventType.valueOf(typeText.toUpperCase(Locale.ROOT));
      } else {
        errors.field("type", "Choose an event type from the list.");
        typeText = "";
      }
    }
    UserId userId = null;
    if (!userText.isEmpty()) {
      userId = resolveUser(userText).orElse(null);
      if (userId == null) {
        errors.field("user", "No user has this username, email address or id.");
      }
    }
    List<EventRow> rows = List.of();
    boolean more = false;
    if (!errors.any()) {
      int limit = Math.min(MAX_EVENTS, page * EVENTS_PER_PAGE + 1);
      List<AuthEvent> events = web.auth().admin().events(new EventQuery(userId, type, limit));
      int from = Math.min(events.size(), (page - 1) * EVENTS_PER_PAGE);
      int to = Math.min(events.size(), from + EVENTS_PER_PAGE);
      more = events.size() > to && to < MAX_EVENTS;
      Map<UserId, String> names = new HashMap<>();
      rows = events.subList(from, to).stream().map(e -> eventRow(e, names)).toList();
    } else {
      ctx.status(422);
    }
    web.render(ctx, "admin/audit.jte", web.page(ctx, "Audit log"), new Audit(userText, typeText, types, rows, page,
        more, errors));
  }

  private Optional<UserId> resolveUser(String text) {
    try {
      UserId id = UserId.parse(text);
      return Optional.of(id);
    } catch (IllegalArgumentException e) {
      // not an id: a username or email
    }
    for (User u : web.auth().admin().listUsers(new UserQuery(text, 1, UserQuery.MAX_SIZE)).items()) {
      if (u.username().equalsIgnoreCase(text) || text.equalsIgnoreCase(u.email())) {
        return Optional.of(u.id());
      }
    }
    return Optional.empty();
  }

  private EventRow eventRow(AuthEvent e, Map<UserId, String> names) {
    String who = "";
    if (e.userId() != null) {
      who = names.computeIfAbsent(e.userId(), id -> web.auth().admin().user(id).map(User::username)
          .orElse("(deleted) " + id));
    }
    return new EventRow(time(e.at()), e.type().name().toLowerCase(Locale.ROOT),
        e.userId() == null ? null : e.userId().toString(), who, orEmpty(e.ip()),
        List.copyOf(new TreeMap<>(e.details()).entrySet()));
  }

  // ---- dev mailbox ----

  private void mailbox(Context ctx) {
    DevMailbox box = web.settings().devMailbox();
    if (box == null) {
      // Off: the page does not exist, for everyone (the same answer as any unknown address).
      throw new WebError(404, "Page not found", "There is no page at this address. Check the link, or start again"
          + " from the home page.");
    }
    web.requireAdmin(ctx);
    List<Mail> messages = box.latest(null).stream().limit(MAILBOX_SIZE)
        .map(m -> new Mail(m.to(), m.subject(), time(m.sentAt()), segments(m.body()))).toList();
    web.render(ctx, "dev/mailbox.jte", web.page(ctx, "Dev mailbox"), new Mailbox(messages));
  }

  /**
   * Splits a plain-text body into text and links. Only links to this server's {@code /verify-email} and
   * {@code /reset-password} pages become clickable (as a local path, so they work however the server was reached);
   * everything else stays text.
   */
  List<Segment> segments(String body) {
    List<Segment> out = new ArrayList<>();
    Matcher m = LINK.matcher(body);
    int at = 0;
    while (m.find()) {
      String href = localLink(m.group());
      if (href == null) {
        continue;
      }
      if (m.start() > at) {
        out.add(new Segment(body.substring(at, m.start()), null));
      }
      out.add(new Segment(m.group(), href));
      at = m.end();
    }
    if (at < body.length()) {
      out.add(new Segment(body.substring(at), null));
    }
    return out;
  }

  private @Nullable String localLink(String url) {
    try {
      URI uri = new URI(url);
      URI base = web.settings().baseUrl();
      boolean sameServer = base.getHost() != null && base.getHost().equalsIgnoreCase(uri.getHost())
          && base.getPort() == uri.getPort();
      String path = uri.getRawPath();
      if (!sameServer || path == null || !(path.equals("/verify-email") || path.equals("/reset-password"))) {
        return null;
      }
      String local = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
      return Web.safeLocal(local, null);
    } catch (java.net.URISyntaxException e) {
      return null;
    }
  }

  // ---- shared helpers ----

  /**
   * Puts a facade refusal on the form and answers the status to send: the messages of Latchkey's exceptions never
   * carry secrets and are written to be shown (the template escapes them). Store outages and overload are not the
   * form's fault: they go on to the 503 page.
   */
  static int explain(AuthException e, FormErrors errors) {
    return switch (e) {
      case ValidationException v -> {
        for (ValidationException.FieldError f : v.errors()) {
          String field = switch (f.field()) {
            case "client_id" -> "clientId";
            case "client_secret" -> "clientSecret";
            case "display_name" -> "displayName";
            case "expires_at" -> "expires";
            default -> f.field();
          };
          errors.field(field, sentence(label(f.field()) + " " + f.message()));
        }
        yield 422;
      }
      case WeakPasswordException w -> {
        errors.field("password", sentence(w.getMessage()));
        yield 422;
      }
      case LastAdminException l -> {
        errors.form("Refused: this is the last active administrator. An active administrator must always remain,"
            + " so this account cannot be deleted, disabled or lose its admin rights. Make another user an active"
            + " administrator first.");
        yield 409;
      }
      case LastLoginMethodException l -> {
        errors.form(sentence(l.getMessage()));
        yield 409;
      }
      case ConflictException c -> {
        errors.form(sentence(c.getMessage()));
        yield 409;
      }
      case NotFoundException n -> {
        errors.form(sentence(n.getMessage()));
        yield 404;
      }
      default -> throw e;
    };
  }

  private static String label(String field) {
    String words = field.replace('_', ' ');
    return words.isEmpty() ? words : Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }

  static String sentence(@Nullable String text) {
    if (text == null || text.isBlank()) {
      return "The request could not be completed.";
    }
    String s = Character.toUpperCase(text.charAt(0)) + text.substring(1);
    return s.endsWith(".") ? s : s + ".";
  }

  static boolean checked(Context ctx, String name) {
    String v = ctx.formParam(name);
    return v != null && (v.equals("on") || v.equals("true") || v.equals("1"));
  }

  static int intParam(@Nullable String value, int fallback) {
    try {
      return value == null || value.isBlank() ? fallback : Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  static String time(@Nullable Instant at) {
    return at == null ? "" : TIME.format(at);
  }

  static String orEmpty(@Nullable String s) {
    return s == null ? "" : s;
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
