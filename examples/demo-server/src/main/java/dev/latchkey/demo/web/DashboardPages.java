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
import dev.latchkey.auth.core.session.Session;
import dev.latchkey.auth.core.user.User;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
  public record Dashboard(User user, List<String> roles, @Nullable Session session,
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
    List<RoleAssignment> assignments = web.auth().accessControl().assignmentsOf(user.id());
    Map<ServiceId, String> services = assignments.stream().allMatch(a -> a.service() == null) ? Map.of()
        : web.auth().accessControl().services().stream().collect(Collectors.toMap(Service::id, Service::name));
    List<String> roles = Stream.concat(user.admin() ? Stream.of("admin")
        : Stream.empty(), assignments.stream().map(a -> a.service() == null ? a.role()
        : a.role() + " (in " + services.getOrDefault(a.service(), "a deleted service") + ")")).distinct().toList();
    Session session = web.auth().sessions(user.id()).stream().filter(s -> s.id().equals(viewer.sessionId()))
        .findFirst().orElse(null);
    AuthEvent previous = web.auth().admin().events(new EventQuery(user.id(), AuthEventType.LOGIN_SUCCEEDED, 5))
        .stream().filter(e -> !viewer.sessionId().equals(e.sessionId())).findFirst().orElse(null);
    web.render(ctx, "account/dashboard.jte", web.page(ctx, "Dashboard"),
        new Dashboard(user, roles, session, previous, pending.of(user)));
  }

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
