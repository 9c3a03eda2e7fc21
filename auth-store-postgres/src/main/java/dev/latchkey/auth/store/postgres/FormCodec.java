package dev.latchkey.auth.store.postgres;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Small string maps and lists in one column: {@code application/x-www-form-urlencoded} (the JDK's encoder), so any
 * value round-trips without a JSON dependency.
 */
final class FormCodec {
  private FormCodec() {}

  static String encode(Map<String, String> map) {
    return new TreeMap<>(map).entrySet().stream()
        .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
        .collect(Collectors.joining("&"));
  }

  static Map<String, String> decode(String text) {
    Map<String, String> map = new LinkedHashMap<>();
    if (text.isEmpty()) {
      return map;
    }
    for (String pair : text.split("&")) {
      int eq = pair.indexOf('=');
      map.put(dec(pair.substring(0, eq)), dec(pair.substring(eq + 1)));
    }
    return map;
  }

  static String encodeList(Collection<String> values) {
    return values.stream().sorted().map(FormCodec::enc).collect(Collectors.joining("&"));
  }

  static List<String> decodeList(String text) {
    return text.isEmpty() ? List.of() : List.of(text.split("&")).stream().map(FormCodec::dec).toList();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String dec(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
