package dev.latchkey.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Debian's {@code nginx} running the demo stack's own {@code examples/nginx/nginx.conf}, with only what the machine
 * decides substituted: the upstream's address (compose's {@code latchkey:8080}), the listening address (compose's
 * port 80, which a test can neither assume free nor always bind) and where logs and temporary files go (a directory
 * of its own, so a test needs no write access to {@code /var}). Every substitution must match exactly where the file
 * says it does, so a change to the file that a test would no longer see fails here.
 */
final class Nginx implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Nginx.class);
  /** Debian's binary. */
  static final Path BINARY = Path.of("/usr/sbin/nginx");
  /** The environment variable that makes a missing nginx a failure: {@code required} ({@code .ci/run} sets it). */
  static final String REQUIRED_ENV = "LATCHKEY_NGINX_TESTS";
  /** The project's file. */
  static final Path CONF = projectFile("examples/nginx/nginx.conf");

  private final Process process;
  private final Path dir;
  private final int port;
  private final int tlsPort;

  private Nginx(Process process, Path dir, int port, int tlsPort) {
    this.process = process;
    this.dir = dir;
    this.port = port;
    this.tlsPort = tlsPort;
  }

  /** Its HTTPS port on 127.0.0.1 (started with TLS only). */
  int tlsPort() {
    return tlsPort;
  }

  /** The self-signed certificate it serves over HTTPS, PEM. */
  Path certificate() {
    return dir.resolve("tls/fullchain.pem");
  }

  /** Whether {@code openssl} (which makes the test certificate) is installed. */
  static boolean opensslInstalled() {
    return Files.isExecutable(Path.of("/usr/bin/openssl")) || Files.isExecutable(Path.of("/bin/openssl"));
  }

  private static void certificate(Path dir) throws IOException {
    Path tls = Files.createDirectory(dir.resolve("tls"));
    Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
        "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-addext",
        "subjectAltName=IP:127.0.0.1", "-keyout", tls.resolve("privkey.pem").toString(), "-out",
        tls.resolve("fullchain.pem").toString()).redirectErrorStream(true).start();
    String output = new String(openssl.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    try {
      if (openssl.waitFor() != 0) {
        throw new IllegalStateException("openssl could not make a certificate: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Whether nginx may be missing here (the test is then skipped loudly) or must run. */
  static boolean required() {
    return "required".equalsIgnoreCase(Objects.requireNonNullElse(System.getenv(REQUIRED_ENV), "").strip());
  }

  /** Whether Debian's nginx is installed. */
  static boolean installed() {
    return Files.isExecutable(BINARY);
  }

  /** Starts nginx on a free loopback port in front of {@code 127.0.0.1:upstreamPort}. */
  static Nginx start(int upstreamPort) {
    return start(upstreamPort, false);
  }

  /**
   * Starts nginx on a free loopback port in front of {@code 127.0.0.1:upstreamPort}; with {@code tls}, with the
   * file's commented HTTPS lines switched on (as README tells people to) on a second port, with a fresh self-signed
   * certificate for 127.0.0.1 ({@link #certificate()}).
   */
  static Nginx start(int upstreamPort, boolean tls) {
    try {
      Path dir = Files.createTempDirectory("latchkey-nginx");
      // nginx's workers run as an unprivileged user when the test runs as root: they need to reach their temp files.
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      int port = OwnStores.freePort();
      String conf = Files.readString(CONF);
      conf = replaceOnce(conf, "server latchkey:8080;", "server 127.0.0.1:" + upstreamPort + ";");
      conf = replaceOnce(conf, "listen 80 default_server;", "listen 127.0.0.1:" + port + " default_server;");
      conf = replaceOnce(conf, "error_log /var/log/nginx/error.log", "error_log " + dir.resolve("error.log"));
      conf = replaceOnce(conf, "access_log /var/log/nginx/access.log", "access_log " + dir.resolve("access.log"));
      conf = replaceOnce(conf, "http {\n", "http {\n  client_body_temp_path " + dir.resolve("body") + ";\n"
          + "  proxy_temp_path " + dir.resolve("proxy") + ";\n  fastcgi_temp_path " + dir.resolve("fastcgi") + ";\n"
          + "  uwsgi_temp_path " + dir.resolve("uwsgi") + ";\n  scgi_temp_path " + dir.resolve("scgi") + ";\n");
      int tlsPort = 0;
      if (tls) {
        tlsPort = OwnStores.freePort();
        certificate(dir);
        conf = replaceOnce(conf, "#listen 443 ssl;", "listen 127.0.0.1:" + tlsPort + " ssl;");
        conf = replaceOnce(conf, "#ssl_certificate /etc/nginx/tls/fullchain.pem;", "ssl_certificate "
            + dir.resolve("tls/fullchain.pem") + ";");
        conf = replaceOnce(conf, "#ssl_certificate_key /etc/nginx/tls/privkey.pem;", "ssl_certificate_key "
            + dir.resolve("tls/privkey.pem") + ";");
        conf = replaceOnce(conf, "#ssl_protocols", "ssl_protocols");
        conf = replaceOnce(conf, "#if ($scheme = http)", "if ($scheme = http)");
      }
      Path file = dir.resolve("nginx.conf");
      Files.writeString(file, conf);
      Process process = new ProcessBuilder(BINARY.toString(), "-p", dir.toString(), "-c", file.toString(), "-e",
          dir.resolve("error.log").toString(), "-g", "daemon off; pid " + dir.resolve("nginx.pid") + ";")
          .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
      Nginx nginx = new Nginx(process, dir, port, tlsPort);
      nginx.awaitListening();
      return nginx;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Its port on 127.0.0.1. */
  int port() {
    return port;
  }

  /** The access log so far. */
  List<String> accessLog() {
    try {
      Path log = dir.resolve("access.log");
      return Files.exists(log) ? Files.readAllLines(log) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The access log once a line matches: nginx writes a request's line when it is done with the connection, which
   * for a refused upload (413) is after the client has its answer (lingering close). A short wait between reads,
   * at most 5 s.
   */
  List<String> accessLogOnce(java.util.function.Predicate<String> line) {
    waitFor(Duration.ofSeconds(5), () -> accessLog().stream().anyMatch(line));
    return accessLog();
  }

  private void awaitListening() throws IOException {
    boolean listening = waitFor(Duration.ofSeconds(10), () -> {
      if (!process.isAlive()) {
        throw new IllegalStateException("nginx exited " + process.exitValue() + ": " + logQuietly());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return true;
      } catch (IOException notYet) {
        return false;
      }
    });
    if (!listening) {
      throw new IllegalStateException("nginx did not listen within 10 s: " + log());
    }
    LOG.info("nginx {} listens on 127.0.0.1:{} with {}", BINARY, port, CONF);
  }

  /**
   * Whether {@code condition} held within {@code limit}. nginx is another process: what it has done shows only in
   * what it accepts and writes, so this looks again every 20 ms (the one place these tests wait on a clock).
   */
  private static boolean waitFor(Duration limit, java.util.function.BooleanSupplier condition) {
    Instant deadline = Instant.now().plus(limit);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        return false;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return true;
  }

  private String logQuietly() {
    try {
      return log();
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /**
   * Skips the calling test loudly because {@code what} is missing here, or fails it when
   * {@code LATCHKEY_NGINX_TESTS=required} (CI installs everything the stack's tests need).
   */
  static void missing(String what) {
    String message = "STACK TESTS DID NOT RUN: " + what;
    if (required()) {
      throw new AssertionError(message + " (" + REQUIRED_ENV + "=required)");
    }
    LOG.warn("\n*** {} (set {}=required to make this a failure) ***\n", message, REQUIRED_ENV);
    org.junit.jupiter.api.Assumptions.abort(message);
  }

  private String log() throws IOException {
    Path out = dir.resolve("stdout.log");
    Path err = dir.resolve("error.log");
    return (Files.exists(out) ? Files.readString(out) : "") + (Files.exists(err) ? Files.readString(err) : "");
  }

  private static String replaceOnce(String text, String what, String with) {
    int at = text.indexOf(what);
    if (at < 0 || text.indexOf(what, at + 1) >= 0) {
      throw new AssertionError(CONF + " must contain \"" + what.strip() + "\" exactly once");
    }
    return text.substring(0, at) + with + text.substring(at + what.length());
  }

  /** A file of the repository, found from the module's directory (Maven's working directory) or the root. */
  static Path projectFile(String path) {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve(path))) {
        return dir.resolve(path);
      }
    }
    throw new AssertionError("no " + path + " above " + Path.of("").toAbsolutePath());
  }

  @Override
  public void close() {
    process.destroy(); // SIGTERM: nginx's fast shutdown
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
