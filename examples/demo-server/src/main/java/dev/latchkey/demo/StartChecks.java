package dev.latchkey.demo;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * What the start checks before it builds anything that would log a failure of its own (a connection pool logs its
 * first failed connection with a stack trace, Jetty a port in use): the port is free, the external database and Redis
 * answer. A failure is a {@link Failure} naming the environment variable to fix, in one line, without credentials.
 */
final class StartChecks {
  private StartChecks() {}

  /** A start that cannot go on because of one setting: {@code VARIABLE: what is wrong}. */
  static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Failure(String variable, String reason) {
      super(variable + ": " + reason, null, false, false);
    }
  }

  /** Fails when something already listens on {@code port} (0, any free port, always passes). */
  static void port(String variable, int port) {
    if (port == 0) {
      return;
    }
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(port));
    } catch (IOException e) {
      String message = String.valueOf(e.getMessage());
      throw new Failure(variable, message.contains("in use") ? "port " + port + " is already in use"
          : "cannot listen on port " + port + " (" + message.toLowerCase(Locale.ROOT) + ")");
    }
  }

  /** Opens and closes one connection to the database at the JDBC {@code url}. */
  static void database(String url) {
    try (Connection c = DriverManager.getConnection(url)) {
      c.isValid(5);
    } catch (SQLException e) {
      throw new Failure("LATCHKEY_DATABASE_URL", "cannot connect to " + jdbcAddress(url) + " (" + reason(e) + ")");
    }
  }

  /** The failure for a Redis at {@code url} that did not answer. */
  static Failure redis(String url, Throwable e) {
    return new Failure("LATCHKEY_REDIS_URL", "cannot connect to " + address(url.replaceFirst("^[a-z]+://", ""))
        + " (" + reason(e) + ")");
  }

  /** {@code host:port} of a JDBC URL, never its user, password or parameters. */
  static String jdbcAddress(String url) {
    String rest = url.replaceFirst("^jdbc:postgresql://", "");
    String address = address(rest);
    return address.contains(":") || address.contains(",") ? address : address + ":5432";
  }

  /** The authority of {@code hostAndRest} ({@code [user:pass@]host:port/...}) without its user information. */
  private static String address(String hostAndRest) {
    String authority = hostAndRest.split("[/?#]", 2)[0];
    return authority.substring(authority.lastIndexOf('@') + 1);
  }

  /** The failure, its causes and what they suppressed (Jedis keeps a refused connection as a suppressed one). */
  private static List<Throwable> chain(Throwable failure) {
    List<Throwable> all = new ArrayList<>();
    Deque<Throwable> next = new ArrayDeque<>(List.of(failure));
    while (!next.isEmpty() && all.size() < 20) {
      Throwable t = next.removeFirst();
      if (all.stream().noneMatch(seen -> seen == t)) {
        all.add(t);
        if (t.getCause() != null) {
          next.add(t.getCause());
        }
        next.addAll(List.of(t.getSuppressed()));
      }
    }
    return all;
  }

  /** Why a connection failed, in a few words (never a message that could quote a URL or a password). */
  static String reason(Throwable failure) {
    for (Throwable t : chain(failure)) {
      if (t instanceof ConnectException) {
        return "connection refused";
      }
      if (t instanceof UnknownHostException) {
        return "unknown host";
      }
      if (t instanceof NoRouteToHostException) {
        return "no route to host";
      }
      if (t instanceof SocketTimeoutException) {
        return "timed out";
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        switch (sql.getSQLState()) {
          case "28P01", "28000" -> {
            return "the server refused the user or password";
          }
          case "3D000" -> {
            return "the database does not exist";
          }
          default -> { }
        }
      }
      String message = t.getMessage() == null ? "" : t.getMessage().toUpperCase(Locale.ROOT);
      if (message.contains("WRONGPASS") || message.contains("NOAUTH") || message.contains("INVALID PASSWORD")) {
        return "the server refused the user or password";
      }
    }
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return DemoServer.startupFailure(root);
  }
}
