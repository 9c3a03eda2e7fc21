package dev.latchkey.demo.web.browser;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Another site for cross-site attacks in a real browser: a JDK HTTP server on {@code 127.0.0.1} (the app is served
 * on {@code localhost}, so for the browser these are different sites: its cookies are not sent along with a
 * cross-site POST, and the request carries {@code Sec-Fetch-Site: cross-site}). Pages are plain HTML the test
 * writes, served without any security header:
 * <pre>{@code
 * try (AttackerSite evil = AttackerSite.start()) {
 *   evil.page("/prize", "<form method=post action='" + server.url() + "/logout'><button>Win</button></form>");
 *   browser.open(evil.url("/prize")).click("Win");
 * }
 * }</pre>
 */
public final class AttackerSite implements AutoCloseable {
  private final HttpServer http;
  private final Map<String, String> pages = new ConcurrentHashMap<>();

  private AttackerSite(HttpServer http) {
    this.http = http;
  }

  /** Starts it on a free port of 127.0.0.1. */
  public static AttackerSite start() {
    try {
      HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      AttackerSite site = new AttackerSite(http);
      http.createContext("/", exchange -> {
        String body = site.pages.get(exchange.getRequestURI().getPath());
        byte[] bytes = (body == null ? "no such page" : body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      });
      http.start();
      return site;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Serves {@code html} (the inside of {@code <body>}) at {@code path}, in a minimal valid document. */
  public AttackerSite page(String path, String html) {
    pages.put(path, "<!doctype html><html lang=en><head><meta charset=utf-8><title>A friendly site</title></head>"
        + "<body>" + html + "</body></html>");
    return this;
  }

  /** {@code http://127.0.0.1:<port><path>}. */
  public String url(String path) {
    return "http://127.0.0.1:" + http.getAddress().getPort() + path;
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
