package dev.latchkey.auth.oauth;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Plays the browser: follows the authorization URL to the provider and reads where it redirects back. */
public final class Browser {
  private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  private Browser() {}

  /** The query parameters the provider appends to the callback URL. */
  public static Map<String, String> authorize(URI authorizationUrl) {
    try {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(authorizationUrl).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 302) {
        throw new AssertionError("the provider answered " + response.statusCode() + ": " + response.body());
      }
      return query(URI.create(response.headers().firstValue("Location").orElseThrow()));
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static Map<String, String> query(URI uri) {
    Map<String, String> params = new LinkedHashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.put(key, value);
    }
    return params;
  }
}
