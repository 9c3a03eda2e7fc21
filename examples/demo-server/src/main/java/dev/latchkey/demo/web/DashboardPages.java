package dev.latchkey.demo.web;

import dev.latchkey.demo.web.AccountPages.PendingEmail;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.auth.core.event.AuthEvent;
import dev.latchkey.auth.core.event.AuthEventType;
import dev.latchkey.auth.core.event.EventQuery;
import dev.latchkey.auth.core.role.RoleAssignment;
import dev.latchkey.auth.core.service.Service;
import dev.latchkey.auth.core.service.ServiceId;
import dev.latchkey.auth.core.session.RefreshPolicy;
import dev.latchkey.auth.core.session.SessionId;
import dev.latchkey.auth.core.user.User;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The signed-in person's first pages: the dashboard (who am I, roles, this session, the previous sign-in) and Hello,
 * which calls the protected API with the browser session's access token as any client would and shows the answer.
 */
public final class DashboardPages {
  private final Web web;
  private final PendingEmails pending;
  private final ObjectMapper json = new ObjectMapper();
  /**
   * Roles are read at most every {@value} seconds per session: a dashboard reload is then as cheap as {@code /me}
   * (one revocation check, the profile cache), and a role change shows within that time.
   */
  private static final int ROLES_SECONDS = 30;
  private static final Duration ROLES_FOR = Duration.ofSeconds(ROLES_SECONDS);
  private static final int MAX_FACTS = 10_000;
  private final Map<SessionId, Facts> facts = new ConcurrentHashMap<>();
  /** Made on the first Hello (a client starts a selector thread): a server nobody says hello to has none. */
  private volatile @Nullable HttpClient http;

  DashboardPages(Web web, PendingEmails pending) {
    this.web = web;
    this.pending = pending;
  }

  void routes(JavalinConfig cfg) {
    cfg.routes.get("/dashboard", this::dashboard);
    cfg.routes.get("/hello", this::hello);
  }

  /** The dashboard. */
  public record Dashboard(User user, List<String> roles, SessionFacts session,
      @Nullable AuthEvent previousLogin, @Nullable PendingEmail pendingEmail) {}

  /**
   * The Hello page: what {@code GET /api/v1/hello} answered when called with the viewer's access token.
   *
   * @param status the HTTP status, or 0 when the API could not be reached
   * @param body the answer, pretty-printed when it is JSON
   * @param error what went wrong reaching it, or null
   */
  public record Hello(String url, int status, String body, @Nullable String error) {}

  private void dashboard(Context ctx) {
    Viewer viewer = web.requireUser(ctx);
    User user = AccountPages.shown(web, viewer);
    Instant now = web.clock().instant();
    Facts known = facts.compute(viewer.sessionId(), (id, old) -> old != null && old.roles.expires.isAfter(now)
        ? old : new Facts(old != null ? old.previous : previousLogin(viewer),
            new Roles(roles(user), now.plus(ROLES_FOR))));
    if (facts.size() > MAX_FACTS) {
      facts.clear(); // at most a round of re-reads; the map never outgrows a small heap
    }
    web.render(ctx, "account/dashboard.jte", web.page(ctx, "Dashboard"),
        new Dashboard(user, known.roles.names, session(viewer), known.previous.orElse(null), pending.of(user)));
  }

  /**
   * This session's start and ends, from the browser session: it began with this browser's sign-in, and only this
   * browser holds its refresh token, whose last use is the session's last use. No store read.
   */
  private SessionFacts session(Viewer viewer) {
    RefreshPolicy policy = web.settings().refreshPolicy();
    Instant latest = viewer.sessionStarted().plus(policy.absoluteLifetime());
    Instant idle = viewer.sessionRefreshed().plus(policy.idleTimeout());
    return new SessionFacts(viewer.sessionStarted(), idle.isBefore(latest) ? idle : latest, latest);
  }

  /** The admin flag and every role assignment, service-scoped ones with their service's name. */
  private List<String> roles(User user) {
    List<RoleAssignment> assignments = web.auth().accessControl().assignmentsOf(user.id());
    Map<ServiceId, String> services = assignments.stream().allMatch(a -> a.service() == null) ? Map.of()
        : web.auth().accessControl().services().stream().collect(Collectors.toMap(Service::id, Service::name));
    return Stream.concat(user.admin() ? Stream.of("admin")
        : Stream.empty(), assignments.stream().map(a -> a.service() == null ? a.role()
        : a.role() + " (in " + services.getOrDefault(a.service(), "a deleted service") + ")")).distinct().toList();
  }

  /** The sign-in before this session's: fixed for the session's life, so read once per session. */
  private Optional<AuthEvent> previousLogin(Viewer viewer) {
    return web.auth().admin().events(new EventQuery(viewer.userId(), AuthEventType.LOGIN_SUCCEEDED, 5))
        .stream().filter(e -> !viewer.sessionId().equals(e.sessionId())).findFirst();
  }

  /** This session's start, when it ends unless used, and when it ends at the latest. */
  public record SessionFacts(Instant started, Instant idleEnds, Instant latestEnd) {}

  private record Roles(List<String> names, Instant expires) {}

  /** What the dashboard remembers per session: the previous sign-in (for good) and the roles (for a short while). */
  private record Facts(Optional<AuthEvent> previous, Roles roles) {}

  /**
   * Calls this server's {@code GET /api/v1/hello} as any API client would, with the viewer's access token, on the
   * local address and port this request came in on (the server listens there; a proxy in front is not involved).
   * The token goes only into that request's header: never into the page, a log line or an error message.
   */
  private void hello(Context ctx) {
    Viewer viewer = web.requireUser(ctx);
    String host = ctx.req().getLocalAddr();
    if (host == null || host.isEmpty() || host.equals("0.0.0.0")) {
      host = "127.0.0.1";
    } else if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    URI uri = URI.create("http://" + host + ":" + ctx.req().getLocalPort() + "/api/v1/hello");
    Hello hello;
    try {
      HttpResponse<String> response = http().send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
          .header("Authorization", "Bearer " + viewer.accessToken()).header("Accept", "application/json")
          .header("User-Agent", "Latchkey web pages (Hello)").GET().build(), HttpResponse.BodyHandlers.ofString());
      hello = new Hello("GET /api/v1/hello", response.statusCode(), pretty(response.body()), null);
    } catch (IOException e) {
      ctx.status(502);
      hello = new Hello("GET /api/v1/hello", 0, "", "The API did not answer (" + e.getClass().getSimpleName()
          + "). Try again in a moment.");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WebError(503, "Temporarily unavailable", "The server is shutting down.");
    }
    web.render(ctx, "account/hello.jte", web.page(ctx, "Hello"), hello);
  }

  private HttpClient http() {
    HttpClient client = http;
    if (client == null) {
      synchronized (this) {
        client = http;
        if (client == null) {
          client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
              .followRedirects(HttpClient.Redirect.NEVER).build();
          http = client;
        }
      }
    }
    return client;
  }

  private String pretty(String body) {
    try {
      return json.writerWithDefaultPrettyPrinter().writeValueAsString(json.readTree(body));
    } catch (JsonProcessingException e) {
      return body;
    }
  }
}
