package dev.latchkey.demo;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * A minimal HTTP/1.1 client over a socket bound to a chosen local address — {@code java.net.http} cannot choose one —
 * so that a test's callers can be 127.0.0.2, 127.0.0.3, ... on loopback while a proxy in between connects from
 * 127.0.0.1. One request per connection ({@code Connection: close}); chunked and gzip answers are decoded.
 */
final class RawHttp {
  /**
   * An answer.
   *
   * @param headers header lines by lower-case name, in the order received
   * @param wire the body as received (still compressed when the answer was)
   */
  record Response(int status, Map<String, List<String>> headers, byte[] wire, String body) {
    /** The only value of a header; fails when it is missing or repeated. */
    String header(String name) {
      List<String> values = headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
      if (values.size() != 1) {
        throw new AssertionError("expected one " + name + " header, got " + values + " in " + headers);
      }
      return values.getFirst();
    }

    /** Every value of a header (none when absent). */
    List<String> all(String name) {
      return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }
  }

  private RawHttp() {}

  /**
   * Sends one request from {@code from} to {@code 127.0.0.1:port}.
   *
   * @param headers extra header lines; a {@code Host} here replaces the default one
   */
  static Response send(String from, int port, String method, String target, Map<String, String> headers,
      byte[] body) {
    return send(null, from, port, method, target, headers, body);
  }

  /** Sends one request over TLS (when {@code tls} is given: a context trusting the server's certificate). */
  static Response send(javax.net.ssl.@org.jspecify.annotations.Nullable SSLContext tls, String from, int port,
      String method, String target, Map<String, String> headers, byte[] body) {
    try (Socket plain = new Socket()) {
      plain.bind(new InetSocketAddress(from, 0));
      plain.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      plain.setSoTimeout(30_000);
      Socket socket = tls == null ? plain
          : tls.getSocketFactory().createSocket(plain, "127.0.0.1", port, true);
      StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
      Map<String, String> lines = new LinkedHashMap<>();
      lines.put("Host", "127.0.0.1:" + port);
      lines.put("Connection", "close");
      lines.put("User-Agent", "RawHttp/1 (test)");
      headers.forEach((name, value) -> {
        lines.keySet().removeIf(n -> n.equalsIgnoreCase(name));
        lines.put(name, value);
      });
      if (body.length > 0 || method.equals("POST")) {
        lines.put("Content-Length", Integer.toString(body.length));
      }
      lines.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
      head.append("\r\n");
      OutputStream out = socket.getOutputStream();
      try {
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
      } catch (IOException refusedMidBody) {
        // a server may answer (413) and stop reading before the body is through: its answer is still there to read
      }
      Response response = parse(socket.getInputStream().readAllBytes());
      socket.close();
      return response;
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + target + " from " + from + " failed", e);
    }
  }

  /** An SSL context that trusts exactly the certificate in this PEM file. */
  static javax.net.ssl.SSLContext trusting(java.nio.file.Path pem) {
    try (InputStream in = java.nio.file.Files.newInputStream(pem)) {
      java.security.KeyStore store = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
      store.load(null, null);
      store.setCertificateEntry("server",
          java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
      javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory.getInstance(
          javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A GET without a body. */
  static Response get(String from, int port, String target, Map<String, String> headers) {
    return send(from, port, "GET", target, headers, new byte[0]);
  }

  private static Response parse(byte[] raw) throws IOException {
    int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    if (end < 0) {
      throw new IOException("no complete answer: " + new String(raw, StandardCharsets.ISO_8859_1));
    }
    String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ", 3)[1]);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.computeIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(lines[i].substring(colon + 1).strip());
    }
    byte[] wire = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
    if (headers.getOrDefault("transfer-encoding", List.of()).contains("chunked")) {
      wire = dechunk(wire);
    }
    byte[] plain = wire;
    if (headers.getOrDefault("content-encoding", List.of()).contains("gzip")) {
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(wire))) {
        plain = in.readAllBytes();
      }
    }
    return new Response(status, headers, wire, new String(plain, StandardCharsets.UTF_8));
  }

  private static byte[] dechunk(byte[] chunked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (true) {
      int lineEnd = indexOf(java.util.Arrays.copyOfRange(chunked, at, chunked.length), new byte[] {'\r', '\n'});
      String size = new String(chunked, at, lineEnd, StandardCharsets.ISO_8859_1).split(";", 2)[0].strip();
      int length = Integer.parseInt(size, 16);
      at += lineEnd + 2;
      if (length == 0) {
        return out.toByteArray();
      }
      out.write(chunked, at, length);
      at += length + 2;
    }
  }

  private static int indexOf(byte[] data, byte[] pattern) {
    outer:
    for (int i = 0; i + pattern.length <= data.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
