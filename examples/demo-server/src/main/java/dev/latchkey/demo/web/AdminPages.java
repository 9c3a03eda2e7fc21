package dev.latchkey.demo.web;

import dev.latchkey.auth.core.AuthException;
import dev.latchkey.auth.core.AuthStats;
import dev.latchkey.auth.core.ConflictException;
import dev.latchkey.auth.core.LastAdminException;
import dev.latchkey.auth.core.LastLoginMethodException;
import dev.latchkey.auth.core.NewUser;
import dev.latchkey.auth.core.NotFoundException;
import dev.latchkey.auth.core.UserChanges;
import dev.latchkey.auth.core.ValidationException;
import dev.latchkey.auth.core.WeakPasswordException;
import dev.latchkey.auth.core.event.AuthEvent;
import dev.latchkey.auth.core.event.AuthEventType;
import dev.latchkey.auth.core.event.EventQuery;
import dev.latchkey.auth.core.oauth.OAuthAccount;
import dev.latchkey.auth.core.role.Role;
import dev.latchkey.auth.core.role.RoleAssignment;
import dev.latchkey.auth.core.session.Session;
import dev.latchkey.auth.core.session.SessionId;
import dev.latchkey.auth.core.user.User;
import dev.latchkey.auth.core.user.UserId;
import dev.latchkey.auth.core.user.UserPage;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The administrator's pages: the overview, users (with their sessions, linked accounts and roles), the audit log and
 * the dev mailbox. Roles, services and API keys are in {@link AccessPages}, identity providers in
 * {@link ProviderPages}. Every handler starts with {@link Web#requireAdmin}; every facade refusal becomes a message on
 * the page (never a 500).
 */
public final class AdminPages {
  static final int USERS_PER_PAGE = 20;
  static final int EVENTS_PER_PAGE = 50;
  /**
   * How many users a filtered list (active, disabled, admin, unverified) looks at: the facade searches by text only,
   * so the filter is applied to the matches here, at most this many.
   */
  static final int MAX_FILTER_SCAN = 5_000;
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
    cfg.routes.get("/admin/users", this::users);
    cfg.routes.post("/admin/users", this::createUser);
    cfg.routes.get("/admin/users/{id}", this::user);
    cfg.routes.post("/admin/users/{id}", this::updateUser);
    cfg.routes.post("/admin/users/{id}/password", this::setPassword);
    cfg.routes.post("/admin/users/{id}/sessions/{sid}/revoke", this::revokeSession);
    cfg.routes.post("/admin/users/{id}/sessions/revoke-all", this::revokeAll);
    cfg.routes.post("/admin/users/{id}/linked/{aid}/unlink", this::unlink);
    cfg.routes.post("/admin/users/{id}/delete", this::deleteUser);
    cfg.routes.get("/admin/audit", this::audit);
    cfg.routes.get("/dev/mailbox", this::mailbox);
    new AccessPages(web).routes(cfg);
    new ProviderPages(web).routes(cfg);
  }

  // ---- models ----

  /** The overview: the stats figures. */
  public record Overview(AuthStats stats) {}

  /** One row of the users table. */
  public record UserRow(String id, String username, String email, String name, boolean active, boolean admin,
      boolean verified, String created, String lastLogin) {}

  /**
   * The users list.
   *
   * @param q the search text
   * @param filter {@code all}, {@code active}, {@code disabled}, {@code admin} or {@code unverified}
   * @param truncated whether a filtered list stopped looking after {@link #MAX_FILTER_SCAN} users
   * @param roles the global roles a new user can get
   */
  public record Users(String q, String filter, List<UserRow> rows, int page, int pages, long total, boolean truncated,
      List<String> roles, FormErrors errors) {
    /** The link to another page of the same search. */
    public String pageLink(int n) {
      return "/admin/users?q=" + enc(q) + "&filter=" + enc(filter) + "&page=" + n;
    }
  }

  /** A role checkbox on the user page. */
  public record RoleChoice(String name, boolean held) {}

  /** A session row on the user page. */
  public record SessionRow(String id, String client, String ip, String started, String lastUsed, String expires) {}

  /** A linked account row on the user page. */
  public record LinkedRow(String id, String provider, String email, String linked) {}

  /** A service-scoped role the user holds (shown, changed on the API). */
  public record ScopedRole(String role, String service) {}

  /**
   * One user's page.
   *
   * @param errors the profile form's errors
   * @param passwordErrors the password form's errors
   * @param deleteErrors the delete form's errors
   */
  public record UserDetail(UserRow user, boolean hasPassword, List<RoleChoice> roles, List<ScopedRole> scopedRoles,
      List<SessionRow> sessions, List<LinkedRow> linked, FormErrors errors, FormErrors passwordErrors,
      FormErrors deleteErrors, boolean self) {}

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

  // ---- users ----

  private void users(Context ctx) {
    web.requireAdmin(ctx);
    renderUsers(ctx, FormErrors.none());
  }

  private void renderUsers(Context ctx, FormErrors errors) {
    String q = SitePages.text(ctx.queryParam("q"));
    String filter = switch (SitePages.text(ctx.queryParam("filter"))) {
      case "active", "disabled", "admin", "unverified" -> ctx.queryParam("filter").strip();
      default -> "all";
    };
    int page = Math.max(1, intParam(ctx.queryParam("page"), 1));
    List<User> items;
    long total;
    boolean truncated = false;
    if (filter.equals("all")) {
      UserPage result = web.auth().admin().listUsers(new UserQuery(q.isEmpty() ? null : q, page, USERS_PER_PAGE));
      items = result.items();
      total = result.total();
    } else {
      Predicate<User> keep = switch (filter) {
        case "active" -> User::active;
        case "disabled" -> u -> !u.active();
        case "admin" -> User::admin;
        default -> u -> u.hasEmail() && !u.emailVerified();
      };
      List<User> matching = new ArrayList<>();
      int scanned = 0;
      for (int p = 1; ; p++) {
        UserPage batch = web.auth().admin().listUsers(new UserQuery(q.isEmpty() ? null : q, p, UserQuery.MAX_SIZE));
        batch.items().stream().filter(keep).forEach(matching::add);
        scanned += batch.items().size();
        if (batch.items().size() < UserQuery.MAX_SIZE || scanned >= batch.total()) {
          break;
        }
        if (scanned >= MAX_FILTER_SCAN) {
          truncated = true;
          break;
        }
      }
      total = matching.size();
      int from = (int) Math.min(total, (long) (page - 1) * USERS_PER_PAGE);
      items = matching.subList(from, (int) Math.min(total, from + USERS_PER_PAGE));
    }
    int pages = (int) Math.max(1, (total + USERS_PER_PAGE - 1) / USERS_PER_PAGE);
    web.render(ctx, "admin/users.jte", web.page(ctx, "Users"), new Users(q, filter,
        items.stream().map(AdminPages::row).toList(), page, pages, total, truncated, globalRoles(), errors));
  }

  private void createUser(Context ctx) {
    web.requireAdmin(ctx);
    String username = SitePages.text(ctx.formParam("username"));
    String email = SitePages.text(ctx.formParam("email"));
    String name = SitePages.text(ctx.formParam("name"));
    String password = ctx.formParam("password");
    boolean admin = checked(ctx, "admin");
    Set<String> roles = new LinkedHashSet<>(ctx.formParams("roles"));
    FormErrors errors = FormErrors.none().value("username", username).value("email", email).value("name", name);
    if (username.isEmpty()) {
      errors.field("username", "Enter a username.");
    }
    if (email.isEmpty()) {
      errors.field("email", "Enter an email address.");
    }
    if (password == null || password.isEmpty()) {
      errors.field("password", "Enter a first password for the user.");
    }
    if (!errors.any()) {
      try {
        User user = web.auth().admin().createUser(new NewUser(username, email, password, name.isEmpty() ? null : name,
            admin, roles));
        web.redirect(ctx, "/admin/users/" + user.id(), Flash.ok("User " + user.username() + " created."));
        return;
      } catch (AuthException e) {
        ctx.status(explain(e, errors));
      }
    } else {
      ctx.status(422);
    }
    renderUsers(ctx, errors);
  }

  private void user(Context ctx) {
    Viewer viewer = web.requireAdmin(ctx);
    User user = findUser(ctx);
    renderUser(ctx, viewer, user, FormErrors.none(), FormErrors.none(), FormErrors.none());
  }

  private void renderUser(Context ctx, Viewer viewer, User user, FormErrors errors, FormErrors passwordErrors,
      FormErrors deleteErrors) {
    List<RoleAssignment> assignments = web.auth().accessControl().assignmentsOf(user.id());
    Set<String> held = new LinkedHashSet<>();
    List<ScopedRole> scoped = new ArrayList<>();
    Map<String, String> serviceNames = new HashMap<>();
    web.auth().accessControl().services().forEach(s -> serviceNames.put(s.id().toString(), s.name()));
    for (RoleAssignment a : assignments) {
      if (a.service() == null) {
        held.add(a.role());
      } else {
        scoped.add(new ScopedRole(a.role(), serviceNames.getOrDefault(a.service().toString(),
            a.service().toString())));
      }
    }
    Set<String> roleNames = new LinkedHashSet<>(globalRoles());
    roleNames.addAll(held);
    List<RoleChoice> roles = roleNames.stream().map(r -> new RoleChoice(r, held.contains(r))).toList();
    List<SessionRow> sessions = web.auth().admin().sessionsOf(user.id()).stream().map(AdminPages::session).toList();
    List<LinkedRow> linked = web.auth().admin().oauthAccountsOf(user.id()).stream()
        .map(a -> new LinkedRow(a.id().toString(), a.provider(), orEmpty(a.email()), time(a.linkedAt()))).toList();
    web.render(ctx, "admin/user.jte", web.page(ctx, "User " + user.username()), new UserDetail(row(user),
        user.hasPassword(), roles, scoped, sessions, linked, errors, passwordErrors, deleteErrors,
        user.id().equals(viewer.userId())));
  }

  private void updateUser(Context ctx) {
    Viewer viewer = web.requireAdmin(ctx);
    User user = findUser(ctx);
    String email = SitePages.text(ctx.formParam("email"));
    String name = SitePages.text(ctx.formParam("name"));
    FormErrors errors = FormErrors.none().value("email", email).value("name", name);
    if (email.isEmpty()) {
      errors.field("email", "Enter an email address.");
    }
    if (!errors.any()) {
      UserChanges changes = new UserChanges(email.equalsIgnoreCase(orEmpty(user.email())) ? null : email, name,
          checked(ctx, "active"), checked(ctx, "admin"), new LinkedHashSet<>(ctx.formParams("roles")), null);
      try {
        web.auth().admin().updateUser(user.id(), changes);
        web.redirect(ctx, "/admin/users/" + user.id(), Flash.ok("Changes to " + user.username() + " saved."));
        return;
      } catch (AuthException e) {
        ctx.status(explain(e, errors));
      }
    } else {
      ctx.status(422);
    }
    renderUser(ctx, viewer, user, errors, FormErrors.none(), FormErrors.none());
  }

  private void setPassword(Context ctx) {
    Viewer viewer = web.requireAdmin(ctx);
    User user = findUser(ctx);
    String password = ctx.formParam("password");
    FormErrors errors = FormErrors.none();
    if (password == null || password.isEmpty()) {
      errors.field("password", "Enter the new password.");
      ctx.status(422);
    } else {
      try {
        web.auth().admin().updateUser(user.id(), UserChanges.none().withPassword(password));
        web.redirect(ctx, "/admin/users/" + user.id(), Flash.ok("New password set for " + user.username()
            + "; their sessions were ended."));
        return;
      } catch (AuthException e) {
        ctx.status(explain(e, errors));
      }
    }
    renderUser(ctx, viewer, user, FormErrors.none(), errors, FormErrors.none());
  }

  private void revokeSession(Context ctx) {
    web.requireAdmin(ctx);
    User user = findUser(ctx);
    SessionId sid;
    try {
      sid = SessionId.parse(ctx.pathParam("sid"));
    } catch (IllegalArgumentException e) {
      throw WebError.notFound("the session");
    }
    boolean ended = web.auth().revokeSession(user.id(), sid);
    web.redirect(ctx, "/admin/users/" + user.id(), ended ? Flash.ok("Session ended.")
        : Flash.info("That session had already ended."));
  }

  private void revokeAll(Context ctx) {
    web.requireAdmin(ctx);
    User user = findUser(ctx);
    web.auth().admin().revokeSessions(user.id());
    web.redirect(ctx, "/admin/users/" + user.id(), Flash.ok("Every session of " + user.username() + " ended."));
  }

  private void unlink(Context ctx) {
    Viewer viewer = web.requireAdmin(ctx);
    User user = findUser(ctx);
    UUID account;
    try {
      account = UUID.fromString(ctx.pathParam("aid"));
    } catch (IllegalArgumentException e) {
      throw WebError.notFound("the linked account");
    }
    try {
      web.auth().admin().unlinkOAuthAccount(user.id(), account);
      web.redirect(ctx, "/admin/users/" + user.id(), Flash.ok("Linked account removed."));
    } catch (AuthException e) {
      FormErrors errors = FormErrors.none();
      ctx.status(explain(e, errors));
      renderUser(ctx, viewer, user, errors, FormErrors.none(), FormErrors.none());
    }
  }

  private void deleteUser(Context ctx) {
    Viewer viewer = web.requireAdmin(ctx);
    User user = findUser(ctx);
    String typed = SitePages.text(ctx.formParam("confirm"));
    FormErrors errors = FormErrors.none();
    if (!typed.equals(user.username())) {
      errors.field("confirm", "Type the username " + user.username() + " to confirm.");
      ctx.status(422);
    } else {
      try {
        web.auth().admin().deleteUser(user.id());
        web.redirect(ctx, "/admin/users", Flash.ok("User " + user.username() + " deleted."));
        return;
      } catch (AuthException e) {
        ctx.status(explain(e, errors));
      }
    }
    renderUser(ctx, viewer, user, FormErrors.none(), FormErrors.none(), errors);
  }

  private User findUser(Context ctx) {
    try {
      return web.auth().admin().user(UserId.parse(ctx.pathParam("id")))
          .orElseThrow(() -> WebError.notFound("the user"));
    } catch (IllegalArgumentException e) {
      throw WebError.notFound("the user");
    }
  }

  private List<String> globalRoles() {
    return web.auth().accessControl().roles().stream().filter(r -> r.service() == null).map(Role::name).toList();
  }

  // ---- audit ----

  private void audit(Context ctx) {
    web.requireAdmin(ctx);
    String userText = SitePages.text(ctx.queryParam("user"));
    String typeText = SitePages.text(ctx.queryParam("type")).toLowerCase(Locale.ROOT);
    int page = Math.max(1, intParam(ctx.queryParam("page"), 1));
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
      int limit = Math.min(1000, page * EVENTS_PER_PAGE + 1);
      List<AuthEvent> events = web.auth().admin().events(new EventQuery(userId, type, limit));
      int from = Math.min(events.size(), (page - 1) * EVENTS_PER_PAGE);
      int to = Math.min(events.size(), from + EVENTS_PER_PAGE);
      more = events.size() > to && to < 1000;
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

  static UserRow row(User u) {
    return new UserRow(u.id().toString(), u.username(), orEmpty(u.email()), orEmpty(u.name()), u.active(), u.admin(),
        !u.hasEmail() || u.emailVerified(), time(u.createdAt()), u.lastLoginAt() == null ? "never"
            : time(u.lastLoginAt()));
  }

  private static SessionRow session(Session s) {
    String agent = s.userAgent() == null || s.userAgent().isBlank() ? "unknown client" : s.userAgent();
    if (agent.length() > 120) {
      agent = agent.substring(0, 117) + "...";
    }
    return new SessionRow(s.id().toString(), agent, orEmpty(s.ip()), time(s.createdAt()), time(s.lastUsedAt()),
        time(s.expiresAt()));
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
