package dev.latchkey.auth.http.javalin;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Seeded generators of hostile HTTP inputs for {@link HttpApiFuzzTest}: strings, JSON values and documents (well
 * formed, mutated and broken), bearer credentials (mutated JWTs, API-key look-alikes), forwarded-for lists and
 * path segments. Everything comes from one {@link Random}, so a seed replays the same inputs.
 */
final class FuzzInputs {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final String[] WORDS = {"", " ", "admin", "root", "alice@example.com", "null", "true", "0", "-1",
      "1e309", "9".repeat(40), "\u0000", "\uD800", "\uFEFF", "İ", "ǅ", "ﬀ", "👩‍💻", "<script>", "' or 1=1 --", "%00",
      "../../etc/passwd", "${jndi:ldap://x}", "lk_", "Bearer", "\r\n", "\t", "a".repeat(255), "é".repeat(300)};
  private static final String[] HEADERS = {"{\"alg\":\"none\",\"typ\":\"at+jwt\"}", "{\"alg\":\"NoNe\"}",
      "{\"alg\":\"HS256\",\"typ\":\"at+jwt\"}", "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"../../x\"}",
      "{\"alg\":\"ES256\",\"jku\":\"http://127.0.0.1:1/jwks\",\"typ\":\"at+jwt\"}", "{}", "[]", "null", "{\"alg\":5}",
      "{\"alg\":\"EdDSA\",\"crit\":[\"x\"]}", "not json"};

  final Random random;

  FuzzInputs(long seed) {
    this.random = new Random(seed);
  }

  boolean chance(int percent) {
    return random.nextInt(100) < percent;
  }

  <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  /** A hostile string: a known-nasty word, random code points, or a long run. */
  String string() {
    return switch (random.nextInt(6)) {
      case 0, 1 -> WORDS[random.nextInt(WORDS.length)];
      case 2 -> codePoints(random.nextInt(40));
      case 3 -> "x".repeat(random.nextInt(2_000));
      case 4 -> UUID.randomUUID().toString();
      default -> "user" + random.nextInt(1_000) + (chance(50) ? "@example.com" : "");
    };
  }

  private String codePoints(int length) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < length; i++) {
      int cp = switch (random.nextInt(4)) {
        case 0 -> random.nextInt(0x80);
        case 1 -> random.nextInt(0x800);
        case 2 -> random.nextInt(0xD800);
        default -> 0x10000 + random.nextInt(0x10000);
      };
      b.appendCodePoint(cp);
    }
    return b.toString();
  }

  /** A JSON value of any type, nested at most {@code depth} deep. */
  Object value(int depth) {
    return switch (random.nextInt(depth > 0 ? 9 : 6)) {
      case 0, 1, 2 -> string();
      case 3 -> null;
      case 4 -> random.nextBoolean();
      case 5 -> chance(50) ? (Object) random.nextLong() : (Object) (random.nextDouble() * 1e300);
      case 6 -> {
        List<Object> list = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          list.add(value(depth - 1));
        }
        yield list;
      }
      default -> {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          map.put(string(), value(depth - 1));
        }
        yield map;
      }
    };
  }

  /** A body for an endpoint whose documented fields are {@code fields} (name to OpenAPI type). */
  byte[] body(Map<String, String> fields) {
    int kind = random.nextInt(10);
    if (kind == 0) {
      byte[] bytes = new byte[random.nextInt(300)];
      random.nextBytes(bytes);
      return bytes;
    }
    if (kind == 1) {
      return pick(List.of("null", "[]", "\"x\"", "123", "{", "{}", "{\"a\":" + "[".repeat(3_000), "",
          "{\"login\":1" + "0".repeat(5_000) + "}", "{}{}", "{} x", "{\"a\":1,}", "x".repeat(70_000)))
          .getBytes(StandardCharsets.UTF_8);
    }
    Map<String, Object> json = new java.util.LinkedHashMap<>();
    fields.forEach((name, type) -> {
      if (chance(20)) {
        return;
      }
      Object v = chance(70) ? typed(type) : value(2);
      json.put(name, v);
    });
    if (chance(20)) {
      json.put(string(), value(2));
    }
    byte[] text = TestServer.JSON.valueToTree(json).toString().getBytes(StandardCharsets.UTF_8);
    return kind == 2 ? mutate(text) : text;
  }

  private Object typed(String type) {
    return switch (type) {
      case "boolean" -> chance(80) ? (Object) random.nextBoolean() : string();
      case "array" -> {
        List<Object> list = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          list.add(chance(85) ? pick(List.of("admin", "reader", "posts:read", "*", string())) : value(1));
        }
        yield list;
      }
      default -> chance(15) ? pick(List.of("correct horse battery staple", "google", "oidc", "github",
          "https://idp.example.test", "2030-01-01T00:00:00Z", "root")) : string();
    };
  }

  /** Flips, drops, duplicates or inserts a few bytes. */
  byte[] mutate(byte[] input) {
    byte[] out = input.clone();
    for (int n = 1 + random.nextInt(4); n > 0 && out.length > 0; n--) {
      int at = random.nextInt(out.length);
      switch (random.nextInt(4)) {
        case 0 -> out[at] = (byte) random.nextInt(256);
        case 1 -> out = concat(java.util.Arrays.copyOf(out, at), java.util.Arrays.copyOfRange(out, at + 1, out.length));
        case 2 -> out = java.util.Arrays.copyOf(out, at);
        default -> out = concat(java.util.Arrays.copyOf(out, at), concat(new byte[] {(byte) "{}[]\",:\\0"
            .charAt(random.nextInt(9))}, java.util.Arrays.copyOfRange(out, at, out.length)));
      }
    }
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** An {@code Authorization} header value, or null for none. */
  String authorization(List<String> validCredentials) {
    return switch (random.nextInt(10)) {
      case 0 -> null;
      case 1, 2, 3 -> "Bearer " + pick(validCredentials);
      case 4, 5 -> "Bearer " + mutateToken(pick(validCredentials));
      case 6 -> "Bearer " + forgedJwt(pick(validCredentials));
      case 7 -> "Bearer lk_" + (chance(50) ? B64.encodeToString(bytes(48)) : string());
      case 8 -> pick(List.of("Basic ", "Basic " + B64.encodeToString(bytes(20)), "bearer", "Bearer", "Bearer  ",
          "Digest x", "Bearer a.b.c", "Bearer " + "e".repeat(4_000), "Basic Og==", "Basic bGtf"));
      default -> "Bearer " + ascii(string());
    };
  }

  private String mutateToken(String token) {
    char[] chars = token.toCharArray();
    return switch (random.nextInt(5)) {
      case 0 -> {
        int at = random.nextInt(chars.length);
        chars[at] = "AZaz09-_.+/=".charAt(random.nextInt(12));
        yield new String(chars);
      }
      case 1 -> token.substring(0, random.nextInt(token.length()));
      case 2 -> token + "." + token;
      case 3 -> token.replace('.', random.nextBoolean() ? '_' : ' ').strip();
      default -> token.substring(0, token.lastIndexOf('.') + 1);
    };
  }

  private String forgedJwt(String token) {
    String[] parts = token.split("\\.");
    String header = B64.encodeToString(HEADERS[random.nextInt(HEADERS.length)].getBytes(StandardCharsets.UTF_8));
    String payload = parts.length > 1 && chance(70) ? parts[1]
        : B64.encodeToString(TestServer.JSON.valueToTree(value(2)).toString().getBytes(StandardCharsets.UTF_8));
    String signature = chance(30) ? "" : parts.length > 2 && chance(50) ? parts[2] : B64.encodeToString(bytes(64));
    return header + "." + payload + "." + signature;
  }

  /** X-Forwarded-For header lines (possibly none). */
  List<String> forwardedFor() {
    List<String> lines = new ArrayList<>();
    for (int n = random.nextInt(4); n > 0; n--) {
      StringBuilder line = new StringBuilder();
      for (int hops = 1 + random.nextInt(3); hops > 0; hops--) {
        line.append(line.isEmpty() ? "" : ", ").append(switch (random.nextInt(6)) {
          case 0 -> "10.0.0." + random.nextInt(256);
          case 1 -> "[2001:db8::" + Integer.toHexString(random.nextInt(0xffff)) + "]";
          case 2 -> "2001:db8::" + Integer.toHexString(random.nextInt(0xffff));
          case 3 -> ascii(string());
          default -> "198.51." + random.nextInt(256) + "." + random.nextInt(256);
        });
      }
      lines.add(line.toString());
    }
    return lines;
  }

  String contentType() {
    return pick(List.of("application/json", "application/json", "application/json; charset=utf-8",
        "application/problem+json", "APPLICATION/JSON", "text/plain", "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x", "application/json; charset=utf-16", "", ";", "application/",
        "application/+json", ascii(string())));
  }

  /** A replacement for a path parameter, or for a whole segment of the path. */
  String segment(List<String> known) {
    return switch (random.nextInt(6)) {
      case 0, 1 -> pick(known);
      case 2 -> UUID.randomUUID().toString();
      case 3 -> pick(List.of("", "%20", "%2F", "%00", "..", ".", "%2e%2e", "~", "0", "-1", "a".repeat(3_000),
          "%C3%28", "%FF", "nope", "idp", "google"));
      default -> java.net.URLEncoder.encode(string(), StandardCharsets.UTF_8);
    };
  }

  /** A query string (without {@code ?}), possibly empty. */
  String query() {
    StringBuilder q = new StringBuilder();
    for (int n = random.nextInt(4); n > 0; n--) {
      q.append(q.isEmpty() ? "" : "&").append(java.net.URLEncoder.encode(pick(List.of("page", "size", "q", "user_id",
          "type", "limit", "force", "service_id", "redirect_uri", "code", "state", "iss", "error", "to", string())),
          StandardCharsets.UTF_8))
          .append('=').append(java.net.URLEncoder.encode(chance(30) ? Integer.toString(random.nextInt(300) - 100)
              : string(), StandardCharsets.UTF_8));
    }
    return q.toString();
  }

  /** Printable ASCII only (what an HTTP client lets through in a header value). */
  static String ascii(String s) {
    StringBuilder b = new StringBuilder();
    s.chars().filter(c -> c >= 0x20 && c < 0x7f).forEach(c -> b.append((char) c));
    return b.toString();
  }

  byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
