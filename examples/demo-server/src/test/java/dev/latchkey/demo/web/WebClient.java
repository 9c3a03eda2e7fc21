package dev.latchkey.demo.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A browser without JavaScript for page tests: keeps cookies, sends what a browser sends with a same-origin form
 * ({@code Sec-Fetch-Site: same-origin}), does not follow redirects unless asked ({@link #follow}), and parses every
 * answer with jsoup. {@link #submit} fills a form the way a person would: its hidden fields (the CSRF token) as
 * rendered, plus the fields given.
 */
public final class WebClient {
  private final String base;
  private final CookieManager cookies = new CookieManager();
  private final HttpClient http;

  /** A client of {@code http://localhost:<port>} with an empty cookie jar. */
  public WebClient(int port) {
    this.base = "http://localhost:" + port;
    this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** The page's answer. */
  public record Page(int status, String location, Map<String, String> headers, String body, Document doc) {
    /** The first element matching the CSS selector; fails the test when there is none. */
    public Element one(String selector) {
      Element e = doc.selectFirst(selector);
      if (e == null) {
        throw new AssertionError("no " + selector + " on the page (status " + status + "):\n" + body);
      }
      return e;
    }

    /** The text of the page's first {@code h1}. */
    public String heading() {
      Element h1 = doc.selectFirst("h1");
      return h1 == null ? "" : h1.text();
    }

    /** A response header (lower-case name), or null. */
    public String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
  }

  /** GET {@code path}. */
  public Page get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  /** GET, then follows redirects (at most 5). */
  public Page open(String path) {
    return follow(get(path));
  }

  /** Follows a redirect chain from {@code page} (at most 5). */
  public Page follow(Page page) {
    for (int i = 0; i < 5 && page.status() >= 300 && page.status() < 400; i++) {
      page = get(page.location());
    }
    return page;
  }

  /** POSTs a form body as is (no CSRF token unless given): for attacks. */
  public Page post(String path, Map<String, String> fields, Map<String, String> extraHeaders) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(encode(fields)));
    extraHeaders.forEach(request::header);
    return send(request);
  }

  /**
   * Submits the form matching {@code formSelector} on {@code page}: its rendered hidden inputs and defaults, with
   * {@code fields} set, as a same-origin POST to its action. Does not follow the redirect.
   */
  public Page submit(Page page, String formSelector, Map<String, String> fields) {
    Element form = page.one(formSelector);
    Map<String, String> body = new LinkedHashMap<>();
    for (Element input : form.select("input[name]")) {
      String type = input.attr("type");
      if (type.equals("checkbox") || type.equals("radio")) {
        if (input.hasAttr("checked")) {
          body.put(input.attr("name"), input.hasAttr("value") ? input.attr("value") : "on");
        }
      } else if (!type.equals("submit")) {
        body.put(input.attr("name"), input.attr("value"));
      }
    }
    for (Element select : form.select("select[name]")) {
      Element selected = select.selectFirst("option[selected]");
      body.put(select.attr("name"), selected != null ? selected.attr("value") : "");
    }
    for (Element area : form.select("textarea[name]")) {
      body.put(area.attr("name"), area.text());
    }
    body.putAll(fields);
    String action = form.attr("action");
    return post(action.isEmpty() ? "/" : action, body, Map.of("Sec-Fetch-Site", "same-origin",
        "Origin", base));
  }

  /** The value of a cookie in the jar, or null. */
  public String cookie(String name) {
    return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
        .map(java.net.HttpCookie::getValue).findFirst().orElse(null);
  }

  private Page send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      Map<String, String> headers = new LinkedHashMap<>();
      response.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT),
          String.join(", ", v)));
      String location = response.headers().firstValue("Location").orElse(null);
      return new Page(response.statusCode(), location, headers, response.body(),
          Jsoup.parse(response.body(), base));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private URI uri(String path) {
    return URI.create(path.startsWith("http") ? path : base + path);
  }

  private static String encode(Map<String, String> fields) {
    return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
  }
}
