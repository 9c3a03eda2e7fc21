package dev.latchkey.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Concurrent clients of the reference server, each with a session of its own, looping over verify ({@code /me}),
 * refresh and, every few rounds, login; every response is recorded with the phase the store was in when it was sent.
 * A request that outlives {@link #REQUEST_TIMEOUT} is recorded as status {@code -1} (a wedged server).
 */
final class FaultLoad implements AutoCloseable {
  /** Longer than any timeout the server may legitimately wait on a store; a wedge shows as status -1. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

  /** Where the store is when a request starts: stopping and starting are the transitions. */
  enum Phase { UP, STOPPING, DOWN, STARTING, BACK }

  /** One response: what was asked, in which phases it started and ended, what came back and how long it took. */
  record Observation(Phase phase, Phase ended, String op, int status, @Nullable String code,
      @Nullable String retryAfter, Duration took) {
    /** Whether the store was down from the request's start to its answer. */
    boolean whileDown() {
      return phase == Phase.DOWN && ended == Phase.DOWN;
    }
  }

  /** A client's current tokens. */
  record Tokens(String access, String refresh) {
    static Tokens of(HttpResponse<String> response) {
      Map<String, Object> body = Http.map(response);
      return new Tokens((String) body.get("access_token"), (String) body.get("refresh_token"));
    }
  }

  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final AtomicInteger ADDRESSES = new AtomicInteger();

  final AtomicReference<Phase> phase = new AtomicReference<>(Phase.UP);
  private final List<Observation> observations = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final List<AtomicReference<Tokens>> sessions = new ArrayList<>();
  private final int port;
  private volatile boolean running = true;

  /** Starts one client thread per {@code (username, tokens)} pair; each logs in again with {@code password}. */
  FaultLoad(int port, Map<String, Tokens> clients, String password) {
    this.port = port;
    clients.forEach((username, tokens) -> {
      AtomicReference<Tokens> current = new AtomicReference<>(tokens);
      sessions.add(current);
      threads.add(Thread.ofPlatform().name("fault-client-" + username).start(() -> loop(username, password,
          current)));
    });
  }

  private void loop(String username, String password, AtomicReference<Tokens> current) {
    for (int round = 0; running; round++) {
      call("verify", get("/api/v1/me", current.get().access()));
      HttpResponse<String> refreshed = call("refresh", post("/api/v1/auth/refresh", "{\"refresh_token\":\""
          + current.get().refresh() + "\"}", null));
      if (refreshed != null && refreshed.statusCode() == 200) {
        current.set(Tokens.of(refreshed));
      }
      if (round % 5 == 4) {
        HttpResponse<String> login = call("login", post("/api/v1/auth/login", "{\"login\":\"" + username
            + "\",\"password\":\"" + password + "\"}", null));
        if (login != null && login.statusCode() == 200) {
          current.set(Tokens.of(login));
        }
      }
    }
  }

  /** A request from an address of its own (the server trusts 127.0.0.1 as a proxy): no per-address limit is hit. */
  static HttpRequest.Builder request(int port, String path) {
    int n = ADDRESSES.incrementAndGet();
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(REQUEST_TIMEOUT)
        .header("X-Forwarded-For", "10." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255));
  }

  private HttpRequest.Builder get(String path, String access) {
    return request(port, path).header("Authorization", "Bearer " + access).GET();
  }

  static HttpRequest.Builder post(int port, String path, String json, @Nullable String access) {
    HttpRequest.Builder b = request(port, path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
    return access == null ? b : b.header("Authorization", "Bearer " + access);
  }

  private HttpRequest.Builder post(String path, String json, @Nullable String access) {
    return post(port, path, json, access);
  }

  /** Sends and records; null when the request timed out or the connection failed (recorded as -1). */
  private @Nullable HttpResponse<String> call(String op, HttpRequest.Builder request) {
    Phase at = phase.get();
    long start = System.nanoTime();
    try {
      HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
      String code = response.statusCode() >= 400 && response.body().startsWith("{")
          ? (String) Http.map(response).get("code") : null;
      record(new Observation(at, phase.get(), op, response.statusCode(), code,
          response.headers().firstValue("Retry-After").orElse(null), Duration.ofNanos(System.nanoTime() - start)));
      return response;
    } catch (HttpTimeoutException e) {
      record(new Observation(at, phase.get(), op, -1, "timeout", null, Duration.ofNanos(System.nanoTime() - start)));
    } catch (IOException e) {
      record(new Observation(at, phase.get(), op, -1, e.getClass().getSimpleName(), null,
          Duration.ofNanos(System.nanoTime() - start)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
    return null;
  }

  private void record(Observation o) {
    synchronized (observations) {
      observations.add(o);
      observations.notifyAll();
    }
  }

  /**
   * Waits until {@code count} responses in {@code phase} match, at most {@code timeout}.
   *
   * @return whether they did
   */
  boolean await(Phase at, Predicate<Observation> matching, int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (observations) {
      while (observations.stream().filter(o -> o.phase() == at).filter(matching).count() < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        observations.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }

  /** Everything recorded so far. */
  List<Observation> observations() {
    synchronized (observations) {
      return List.copyOf(observations);
    }
  }

  /** The clients' current tokens (after {@link #close()}: their last ones). */
  List<Tokens> sessions() {
    return sessions.stream().map(AtomicReference::get).toList();
  }

  /** Stops the clients after their current request. */
  @Override
  public void close() throws InterruptedException {
    running = false;
    for (Thread t : threads) {
      t.join(REQUEST_TIMEOUT.plusSeconds(5).toMillis());
    }
  }
}
