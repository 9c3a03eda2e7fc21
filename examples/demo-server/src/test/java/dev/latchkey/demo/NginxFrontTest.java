package dev.latchkey.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo stack's front: Debian's nginx with the project's {@code examples/nginx/nginx.conf} in front of the reference
 * server on the machine's PostgreSQL and Redis, configured as {@code examples/compose.yaml} configures it (nginx the
 * only trusted proxy, the public URL as base URL). Callers connect from 127.0.0.2 and up; nginx reaches the app from
 * 127.0.0.1.
 */
class NginxFrontTest {
  private static final Logger LOG = LoggerFactory.getLogger(NginxFrontTest.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ADMIN_PASSWORD = "nginx-front-admin-passphrase";
  private static final String PASSWORD = "correct horse battery staple";

  private static Path data;
  private static String db;
  private static String prefix;
  private static DemoServer server;
  private static Nginx nginx;
  private static String publicUrl;

  @BeforeAll
  static void start() throws Exception {
    if (!Nginx.installed()) {
      Nginx.missing("no " + Nginx.BINARY + " (Debian: apt-get install nginx)");
    }
    data = Files.createTempDirectory("latchkey-nginx-front");
    db = LocalServices.newDatabase();
    prefix = "latchkey-nginx-" + UUID.randomUUID() + ":";
    int appPort = OwnStores.freePort();
    // The public URL names nginx's port, so nginx starts first, forwarding to the port the app then takes.
    nginx = Nginx.start(appPort);
    publicUrl = "http://127.0.0.1:" + nginx.port();
    Map<String, String> env = new HashMap<>();
    env.put("PORT", Integer.toString(appPort));
    env.put("LATCHKEY_DATA_DIR", data.toString());
    env.put("LATCHKEY_DATABASE_URL", db);
    env.put("LATCHKEY_REDIS_URL", LocalServices.redis());
    env.put("LATCHKEY_REDIS_PREFIX", prefix);
    env.put("LATCHKEY_TRUSTED_PROXIES", "localhost"); // a name, as compose.yaml names its nginx
    env.put("LATCHKEY_BASE_URL", publicUrl);
    env.put("LATCHKEY_ISSUER", publicUrl);
    env.put("LATCHKEY_ADMIN_PASSWORD", ADMIN_PASSWORD);
    env.put("LATCHKEY_DEV_MAILBOX", "true");
    server = DemoServer.start(DemoConfig.fromEnv(env));
    LOG.info("nginx on {} in front of the app on port {}", publicUrl, appPort);
  }

  @AfterAll
  static void stop() {
    if (nginx != null) {
      nginx.close();
    }
    if (server != null) {
      server.close();
    }
    if (db != null) {
      LocalServices.dropDatabase(db);
      LocalServices.cleanRedis(prefix);
    }
  }

  // ------------------------------------------------------------------------------------------------------ helpers

  private static RawHttp.Response get(String from, String target, String... headers) {
    return RawHttp.get(from, nginx.port(), target, pairs(headers));
  }

  private static RawHttp.Response postJson(String from, String target, Object body, String... headers) {
    Map<String, String> lines = pairs(headers);
    lines.put("Content-Type", "application/json");
    try {
      return RawHttp.send(from, nginx.port(), "POST", target, lines, JSON.writeValueAsBytes(body));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  private static RawHttp.Response postForm(String from, String target, Map<String, String> form, String... headers) {
    Map<String, String> lines = pairs(headers);
    lines.put("Content-Type", "application/x-www-form-urlencoded");
    String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    return RawHttp.send(from, nginx.port(), "POST", target, lines, body.getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, String> pairs(String... headers) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < headers.length; i += 2) {
      map.put(headers[i], headers[i + 1]);
    }
    return map;
  }

  private static JsonNode json(RawHttp.Response response) {
    try {
      return JSON.readTree(response.body());
    } catch (java.io.IOException e) {
      throw new AssertionError(response.body(), e);
    }
  }

  private static String adminToken() {
    RawHttp.Response login = postJson("127.0.0.9", "/api/v1/auth/login", Map.of("login", "admin", "password",
        ADMIN_PASSWORD));
    assertThat(login.status()).as(login.body()).isEqualTo(200);
    return json(login).get("access_token").asText();
  }

  private static String register(String from, String username, String... headers) {
    RawHttp.Response registered = postJson(from, "/api/v1/auth/register", Map.of("username", username, "email",
        username + "@example.com", "password", PASSWORD), headers);
    assertThat(registered.status()).as(registered.body()).isEqualTo(201);
    return json(registered).get("access_token").asText();
  }

  /** Cookies a browser would keep, from Set-Cookie lines. */
  private static void keep(Map<String, String> jar, RawHttp.Response response) {
    for (String line : response.all("Set-Cookie")) {
      String pair = line.split(";", 2)[0];
      int eq = pair.indexOf('=');
      jar.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
  }

  private static String cookieHeader(Map<String, String> jar) {
    return jar.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "));
  }

  /** The form's fields as a browser would send them. */
  private static Map<String, String> fields(Document page, String action) {
    Element form = page.selectFirst("form[action=" + action + "]");
    assertThat(form).as("a form posting to " + action + " in " + page.title()).isNotNull();
    Map<String, String> fields = new LinkedHashMap<>();
    for (Element input : form.select("input[name]")) {
      fields.put(input.attr("name"), input.attr("value"));
    }
    return fields;
  }

  // -------------------------------------------------------------------------------------------------------- tests

  @Test
  @DisplayName("nginx's request id, never the client's, reaches the app (which echoes it) and nginx's access log")
  void requestId() {
    RawHttp.Response answer = get("127.0.0.9", "/health", "X-Request-Id", "chosen-by-the-client");
    assertThat(answer.status()).isEqualTo(200);
    String id = answer.header("X-Request-Id");
    assertThat(id).matches("[0-9a-f]{32}");
    java.util.function.Predicate<String> line = l -> l.startsWith("127.0.0.9 ") && l.endsWith(" " + id);
    assertThat(nginx.accessLogOnce(line)).anyMatch(line).noneMatch(l -> l.contains("chosen-by-the-client"));
  }

  @Test
  @DisplayName("the pages and the API answer through nginx, compressed, with the app's own headers kept as sent")
  void pagesAndApi() {
    RawHttp.Response home = get("127.0.0.2", "/", "Accept-Encoding", "gzip");
    assertThat(home.status()).isEqualTo(200);
    assertThat(home.header("Content-Type")).startsWith("text/html");
    assertThat(home.header("Content-Encoding")).isEqualTo("gzip");
    assertThat(home.wire().length).isLessThan(home.body().getBytes(StandardCharsets.UTF_8).length);
    assertThat(home.body()).contains("<h1");
    // The app's CSP, frame and cache rules arrive once, as the app sent them: nginx adds its defaults to bare answers
    // only.
    assertThat(home.header("Content-Security-Policy")).contains("script-src 'self'");
    assertThat(home.header("X-Frame-Options")).isEqualTo("DENY");
    assertThat(home.header("Cache-Control")).isEqualTo("no-store");
    assertThat(home.header("Referrer-Policy")).isEqualTo("same-origin");
    assertThat(home.all("Server")).allSatisfy(s -> assertThat(s).doesNotContainPattern("[0-9]"));

    RawHttp.Response css = get("127.0.0.2", "/static/app.css", "Accept-Encoding", "gzip");
    assertThat(css.status()).isEqualTo(200);
    assertThat(css.header("Content-Encoding")).isEqualTo("gzip");
    assertThat(css.header("Cache-Control")).isEqualTo("public, max-age=3600");

    RawHttp.Response openapi = get("127.0.0.2", "/api/v1/openapi.json", "Accept-Encoding", "gzip");
    assertThat(openapi.status()).isEqualTo(200);
    assertThat(openapi.header("Content-Encoding")).isEqualTo("gzip");
    assertThat(json(openapi).get("openapi").asText()).startsWith("3.");
    assertThat(openapi.header("X-Content-Type-Options")).isEqualTo("nosniff");

    RawHttp.Response missing = get("127.0.0.2", "/api/v1/no-such-endpoint");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
    assertThat(json(missing).get("code").asText()).isEqualTo("not_found");

    RawHttp.Response ready = get("127.0.0.2", "/health/ready");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.body()).contains("\"postgres\":\"up\"").contains("\"redis\":\"up\"");

    // Metrics stay inside the stack; what nginx answers itself gets its default headers.
    RawHttp.Response metrics = get("127.0.0.2", "/metrics");
    assertThat(metrics.status()).isEqualTo(404);
    assertThat(metrics.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(metrics.header("X-Frame-Options")).isEqualTo("DENY");
    assertThat(metrics.header("Content-Security-Policy")).startsWith("default-src 'none'");
    assertThat(metrics.header("Cache-Control")).isEqualTo("no-store");
    RawHttp.Response health = get("127.0.0.2", "/nginx-health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.body()).isEqualTo("ok\n");
  }

  @Test
  @DisplayName("a person signs in through nginx; the session shows the caller's address, not nginx's or a forged one")
  void signInThroughThePages() {
    Map<String, String> jar = new HashMap<>();
    String from = "127.0.0.4";
    RawHttp.Response loginPage = get(from, "/login");
    assertThat(loginPage.status()).isEqualTo(200);
    keep(jar, loginPage);
    assertThat(loginPage.all("Set-Cookie")).as("plain http through nginx: no Secure cookies")
        .allSatisfy(c -> assertThat(c).doesNotContain("Secure"));
    Map<String, String> form = fields(Jsoup.parse(loginPage.body()), "/login");
    form.put("identifier", "admin");
    form.put("password", ADMIN_PASSWORD);
    RawHttp.Response signedIn = postForm(from, "/login", form, "Cookie", cookieHeader(jar), "Origin", publicUrl,
        "Sec-Fetch-Site", "same-origin", "X-Forwarded-For", "198.51.100.23");
    assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(303);
    keep(jar, signedIn);

    RawHttp.Response sessions = get(from, "/account/sessions", "Cookie", cookieHeader(jar));
    assertThat(sessions.status()).isEqualTo(200);
    assertThat(sessions.header("Cache-Control")).isEqualTo("no-store");
    String page = Jsoup.parse(sessions.body()).text();
    assertThat(page).contains(from).doesNotContain("198.51.100.23");

    // Pages are compressed, except the dev mailbox: its live links sit next to names anyone can choose (BREACH).
    RawHttp.Response dashboard = get(from, "/", "Cookie", cookieHeader(jar), "Accept-Encoding", "gzip");
    assertThat(dashboard.header("Content-Encoding")).isEqualTo("gzip");
    RawHttp.Response mailbox = get(from, "/dev/mailbox", "Cookie", cookieHeader(jar), "Accept-Encoding", "gzip");
    assertThat(mailbox.status()).isEqualTo(200);
    assertThat(mailbox.body()).contains("<h1");
    assertThat(mailbox.all("Content-Encoding")).isEmpty();
  }

  @Test
  @DisplayName("rate limits and the audit log see the caller's address; a forged X-Forwarded-For changes nothing")
  void clientAddress() {
    String from = "127.0.0.2";
    // 100 failed logins a minute per address: every one from 127.0.0.2 forges a different X-Forwarded-For. Were the
    // header believed, each would count against another address; were nginx's address used, 127.0.0.3 would share
    // the limit.
    RawHttp.Response last = null;
    int attempts = 0;
    while (attempts < 150) {
      attempts++;
      last = postJson(from, "/api/v1/auth/login", Map.of("login", "nobody-" + attempts, "password", "wrong password"),
          "X-Forwarded-For", "203.0.113." + attempts);
      if (last.status() == 429) {
        break;
      }
      assertThat(last.status()).as(last.body()).isEqualTo(401);
    }
    assertThat(last.status()).as("throttled after the per-address limit").isEqualTo(429);
    assertThat(attempts).isEqualTo(101);
    assertThat(last.header("Retry-After")).matches("[0-9]+");
    RawHttp.Response other = postJson("127.0.0.3", "/api/v1/auth/login", Map.of("login", "nobody", "password",
        "wrong password"));
    assertThat(other.status()).as("another caller is not throttled").isEqualTo(401);

    RawHttp.Response events = get("127.0.0.9", "/api/v1/admin/events?type=login_failed&limit=1000",
        "Authorization", "Bearer " + adminToken());
    assertThat(events.status()).as(events.body()).isEqualTo(200);
    List<String> ips = new java.util.ArrayList<>();
    json(events).forEach(e -> ips.add(e.get("ip").asText()));
    assertThat(ips).contains("127.0.0.2", "127.0.0.3")
        .noneMatch(ip -> ip.startsWith("203.0.113.") || ip.equals("127.0.0.1"));
  }

  @Test
  @DisplayName("mailed links use the public URL whatever Host or X-Forwarded-Host a client sends")
  void mailedLinks() {
    String user = "carol" + UUID.randomUUID().toString().substring(0, 8);
    register("127.0.0.5", user);
    RawHttp.Response asked = postJson("127.0.0.5", "/api/v1/auth/forgot-password", Map.of("email",
        user + "@example.com"), "Host", "evil.example", "X-Forwarded-Host", "evil.example", "Forwarded",
        "host=evil.example;proto=https");
    assertThat(asked.status()).as(asked.body()).isEqualTo(202);
    String link = newestLink(user + "@example.com");
    assertThat(link).startsWith(publicUrl + "/reset-password?token=");

    // The same through the page, with a forged Host.
    Map<String, String> jar = new HashMap<>();
    RawHttp.Response formPage = get("127.0.0.5", "/forgot-password", "Host", "evil.example");
    keep(jar, formPage);
    Map<String, String> form = fields(Jsoup.parse(formPage.body()), "/forgot-password");
    form.put("email", user + "@example.com");
    int before = server.mailbox().latest(user + "@example.com").size();
    RawHttp.Response sent = postForm("127.0.0.5", "/forgot-password", form, "Host", "evil.example", "Cookie",
        cookieHeader(jar), "Sec-Fetch-Site", "same-origin", "X-Forwarded-Host", "evil.example");
    assertThat(sent.status()).as(sent.body()).isEqualTo(303);
    assertThat(server.mailbox().latest(user + "@example.com")).hasSize(before + 1);
    assertThat(newestLink(user + "@example.com")).startsWith(publicUrl + "/reset-password?token=");

    // The link's token never reaches nginx's access log (nor does any query string).
    String token = link.substring(link.indexOf("token=") + 6);
    RawHttp.Response landing = get("127.0.0.5", link.substring(publicUrl.length()));
    assertThat(landing.status()).isEqualTo(200);
    java.util.function.Predicate<String> visited = l -> l.contains("GET /reset-password ");
    assertThat(nginx.accessLogOnce(visited)).anyMatch(visited)
        .noneMatch(l -> l.contains(token)).noneMatch(l -> l.contains("token="));
  }

  private static String newestLink(String to) {
    String body = server.mailbox().latest(to).getFirst().body();
    java.util.regex.Matcher link = java.util.regex.Pattern.compile("https?://\\S+").matcher(body);
    assertThat(link.find()).as(body).isTrue();
    return link.group();
  }

  @Test
  @DisplayName("a 70 KB body is refused with 413: problem+json on the API, a page on the pages")
  void bodyLimit() {
    byte[] json = ("{\"login\":\"admin\",\"password\":\"" + "a".repeat(70_000) + "\"}")
        .getBytes(StandardCharsets.UTF_8);
    RawHttp.Response api = RawHttp.send("127.0.0.6", nginx.port(), "POST", "/api/v1/auth/login",
        Map.of("Content-Type", "application/json"), json);
    assertThat(api.status()).isEqualTo(413);
    assertThat(api.header("Content-Type")).startsWith("application/problem+json");
    JsonNode problem = json(api);
    assertThat(problem.get("code").asText()).isEqualTo("payload_too_large");
    assertThat(problem.get("status").asInt()).isEqualTo(413);
    java.util.function.Predicate<String> refused = l -> l.contains("\"POST /api/v1/auth/login HTTP/1.1\" 413");
    assertThat(nginx.accessLogOnce(refused)).as("logged as the client sent it, not as the error page")
        .anyMatch(refused);

    byte[] form = ("identifier=admin&password=" + "a".repeat(70_000)).getBytes(StandardCharsets.UTF_8);
    RawHttp.Response page = RawHttp.send("127.0.0.6", nginx.port(), "POST", "/login",
        Map.of("Content-Type", "application/x-www-form-urlencoded"), form);
    assertThat(page.status()).isEqualTo(413);
    assertThat(page.header("Content-Type")).startsWith("text/html");
    assertThat(Jsoup.parse(page.body()).selectFirst("h1").text()).isEqualTo("That was too large");
    assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");

    // Just under the limit, the app answers (and refuses the password by its own rules, not by size).
    byte[] fits = ("{\"login\":\"admin\",\"password\":\"" + "a".repeat(60_000) + "\"}")
        .getBytes(StandardCharsets.UTF_8);
    RawHttp.Response under = RawHttp.send("127.0.0.6", nginx.port(), "POST", "/api/v1/auth/login",
        Map.of("Content-Type", "application/json"), fits);
    assertThat(under.status()).as(under.body()).isNotEqualTo(413).isLessThan(500);
  }

  @Test
  @DisplayName("with README's HTTPS lines switched on: Secure __Host- cookies, HSTS from the app, http redirected")
  void https() {
    if (!Nginx.opensslInstalled()) {
      Nginx.missing("no openssl to make the HTTPS test's certificate");
    }
    try (Nginx tls = Nginx.start(server.port(), true)) {
      javax.net.ssl.SSLContext trust = RawHttp.trusting(tls.certificate());
      RawHttp.Response login = RawHttp.send(trust, "127.0.0.8", tls.tlsPort(), "GET", "/login", Map.of(),
          new byte[0]);
      assertThat(login.status()).isEqualTo(200);
      assertThat(login.all("Set-Cookie")).isNotEmpty().allSatisfy(c -> assertThat(c).startsWith("__Host-")
          .contains("Secure").contains("HttpOnly"));
      assertThat(login.header("Strict-Transport-Security")).startsWith("max-age=");
      RawHttp.Response api = RawHttp.send(trust, "127.0.0.8", tls.tlsPort(), "GET", "/api/v1/openapi.json",
          Map.of(), new byte[0]);
      assertThat(api.status()).isEqualTo(200);
      assertThat(api.header("Strict-Transport-Security")).startsWith("max-age=");

      RawHttp.Response plain = RawHttp.get("127.0.0.8", tls.port(), "/login?next=%2Faccount", Map.of("Host",
          "127.0.0.1"));
      assertThat(plain.status()).isEqualTo(308);
      assertThat(plain.header("Location")).isEqualTo("https://127.0.0.1/login?next=%2Faccount");
    }
  }

  @Test
  @DisplayName("with the app down, nginx answers 503 with Retry-After: problem+json on the API, a page elsewhere")
  void appDown() {
    try (Nginx orphan = Nginx.start(OwnStores.freePort())) {
      RawHttp.Response api = RawHttp.get("127.0.0.7", orphan.port(), "/api/v1/me", Map.of());
      assertThat(api.status()).isEqualTo(503);
      assertThat(api.header("Content-Type")).startsWith("application/problem+json");
      assertThat(api.header("Retry-After")).isEqualTo("5");
      assertThat(json(api).get("code").asText()).isEqualTo("service_unavailable");
      RawHttp.Response page = RawHttp.get("127.0.0.7", orphan.port(), "/", Map.of());
      assertThat(page.status()).isEqualTo(503);
      assertThat(page.header("Content-Type")).startsWith("text/html");
      assertThat(page.header("Retry-After")).isEqualTo("5");
      assertThat(page.header("Cache-Control")).isEqualTo("no-store");
      assertThat(Jsoup.parse(page.body()).selectFirst("h1").text()).isEqualTo("Latchkey is starting");
    }
  }
}
