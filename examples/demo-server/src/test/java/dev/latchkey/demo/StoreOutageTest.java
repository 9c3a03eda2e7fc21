package dev.latchkey.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.demo.FaultLoad.Observation;
import dev.latchkey.demo.FaultLoad.Phase;
import dev.latchkey.demo.FaultLoad.Tokens;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fault campaign: the reference server under concurrent load (verify, refresh, login) while the store it needs is
 * stopped and started again, on a PostgreSQL and a Redis of the test's own (never the machine's shared servers).
 *
 * <p>What must hold (SECURITY.md "Faults"): while the store is down every answer is 503 {@code store_unavailable} with
 * {@code Retry-After} (never a 500, never a success that needed the store, never a 401 for a token that is valid: a
 * verify that cannot reach the revocations cannot tell, so it is 503); no request waits beyond the store timeouts
 * plus a margin; the server recovers by itself within a bounded time; a session logged out before the outage stays
 * dead; two refreshes of one token racing the outage leave at most one live refresh token (no forked family).
 */
class StoreOutageTest {
  private static final Logger LOG = LoggerFactory.getLogger(StoreOutageTest.class);
  private static final String PASSWORD = "correct horse battery staple";
  /** The reference server's pool waits 5 s for a connection, Redis 2 s; a request may wait one of them. */
  private static final Duration LATENCY_BOUND = Duration.ofSeconds(9);
  private static final Duration RECOVERY_BOUND = Duration.ofSeconds(30);

  private static Map<String, String> env(Path dataDir, String... pairs) {
    Map<String, String> env = new HashMap<>();
    env.put("PORT", "0");
    env.put("LATCHKEY_DATA_DIR", dataDir.resolve("server").toString());
    env.put("LATCHKEY_ADMIN_PASSWORD", "an admin passphrase for tests");
    env.put("LATCHKEY_TRUSTED_PROXIES", "127.0.0.1");
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  @Test
  @DisplayName("PostgreSQL alone, stopped and started under load: 503 with Retry-After while down, recovery, no "
      + "resurrection, no fork")
  void postgres(@TempDir Path dir) throws Exception {
    try (OwnStores.Postgres pg = new OwnStores.Postgres(dir.resolve("pg"))) {
      campaign(env(dir, "LATCHKEY_DATABASE_URL", pg.jdbcUrl()), pg::stop, pg::start);
    }
  }

  @Test
  @DisplayName("Redis for sessions (users in PostgreSQL), killed and restarted under load: the same guarantees")
  void redis(@TempDir Path dir) throws Exception {
    try (OwnStores.Postgres pg = new OwnStores.Postgres(dir.resolve("pg"));
        OwnStores.Redis redis = new OwnStores.Redis(dir.resolve("redis"))) {
      campaign(env(dir, "LATCHKEY_DATABASE_URL", pg.jdbcUrl(), "LATCHKEY_REDIS_URL", redis.url()), redis::kill,
          redis::start);
    }
  }

  private void campaign(Map<String, String> env, Runnable stop, Runnable start) throws Exception {
    try (DemoServer server = DemoServer.start(DemoConfig.fromEnv(env))) {
      int port = server.port();
      Map<String, Tokens> clients = new LinkedHashMap<>();
      for (int i = 0; i < 3; i++) {
        clients.put("load" + i, register(port, "load" + i));
      }
      Tokens gone = register(port, "gone");
      Tokens racer = register(port, "racer");
      List<Observation> seen;
      List<HttpResponse<String>> raced;
      Duration recovery;
      try (FaultLoad load = new FaultLoad(port, clients, PASSWORD)) {
        await(load, Phase.UP, o -> o.status() == 200, 6);
        assertThat(status(logout(port, gone))).as("logout before the outage").isEqualTo(204);

        load.phase.set(Phase.STOPPING);
        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> refresh(port, racer));
        CompletableFuture<HttpResponse<String>> second = CompletableFuture.supplyAsync(() -> refresh(port, racer));
        CompletableFuture.anyOf(first, second).join(); // one rotation done, the other in flight as the store goes
        stop.run();
        raced = List.of(first.join(), second.join());
        load.phase.set(Phase.DOWN);
        await(load, Phase.DOWN, o -> o.op().equals("refresh"), 3);
        assertThat(status(Http.send(FaultLoad.request(port, "/api/v1/me").header("Authorization", "Bearer "
            + gone.access())))).as("a logged-out token while down").isIn(401, 503);
        assertThat(status(refresh(port, gone))).as("a logged-out refresh token while down").isIn(401, 503);

        load.phase.set(Phase.STARTING);
        long restarted = System.nanoTime();
        start.run();
        load.phase.set(Phase.BACK);
        recovery = awaitRecovery(port);
        LOG.info("recovered {} ms after the store was started again", recovery.toMillis());
        long refreshed = System.nanoTime();
        await(load, Phase.BACK, o -> o.op().equals("refresh") && o.status() == 200, 6);
        LOG.info("load refreshing again {} ms after the restart", (System.nanoTime() - restarted) / 1_000_000);
        assertThat(System.nanoTime() - refreshed).isLessThan(RECOVERY_BOUND.toNanos());
        load.close();
        seen = load.observations();
        for (Tokens session : load.sessions()) {
          assertThat(status(me(port, session.access()))).as("a client's session after recovery").isEqualTo(200);
        }
      }

      report(seen);
      assertThat(recovery).isLessThan(RECOVERY_BOUND);
      for (Observation o : seen) {
        assertThat(o.status()).as("%s", o).isIn(200, 503);
        if (o.status() == 503) {
          assertThat(o.code()).as("%s", o).isEqualTo("store_unavailable");
          assertThat(o.retryAfter()).as("%s", o).isNotBlank();
        }
        assertThat(o.took()).as("%s", o).isLessThan(LATENCY_BOUND);
      }
      assertThat(seen).filteredOn(Observation::whileDown).as("nothing needing the store succeeds while it is down")
          .allMatch(o -> o.status() == 503);
      assertThat(seen).filteredOn(Observation::whileDown).extracting(Observation::op).contains("verify", "refresh");

      assertThat(status(me(port, gone.access()))).as("the logged-out session stays dead").isEqualTo(401);
      assertThat(status(refresh(port, gone))).as("the logged-out refresh token stays dead").isEqualTo(401);

      List<String> candidates = new ArrayList<>();
      for (HttpResponse<String> r : raced) {
        assertThat(r.statusCode()).as(r.body()).isIn(200, 503);
        if (r.statusCode() == 200) {
          candidates.add(Tokens.of(r).refresh());
        }
      }
      if (candidates.isEmpty()) {
        candidates.add(racer.refresh());
      }
      // At most one: a rotation that committed just before the store failed may have answered 503 (the user lookup
      // after it failed), and its token is then reused after the grace window, which ends the session (fail-safe).
      long live = candidates.stream().filter(t -> status(refresh(port, new Tokens("", t))) == 200).count();
      LOG.info("raced refreshes answered {}; live refresh tokens afterwards: {}",
          raced.stream().map(HttpResponse::statusCode).toList(), live);
      assertThat(live).as("live refresh tokens of the raced session, of %s", candidates.size()).isLessThanOrEqualTo(1);
    }
  }

  private static Tokens register(int port, String username) {
    HttpResponse<String> r = Http.send(FaultLoad.post(port, "/api/v1/auth/register", "{\"username\":\"" + username
        + "\",\"email\":\"" + username + "@example.com\",\"password\":\"" + PASSWORD + "\"}", null));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return Tokens.of(r);
  }

  private static HttpResponse<String> refresh(int port, Tokens tokens) {
    return Http.send(FaultLoad.post(port, "/api/v1/auth/refresh", "{\"refresh_token\":\"" + tokens.refresh()
        + "\"}", null));
  }

  private static HttpResponse<String> logout(int port, Tokens tokens) {
    return Http.send(FaultLoad.post(port, "/api/v1/auth/logout", "{\"refresh_token\":\"" + tokens.refresh()
        + "\"}", tokens.access()));
  }

  private static HttpResponse<String> me(int port, String access) {
    return Http.send(FaultLoad.request(port, "/api/v1/me").header("Authorization", "Bearer " + access));
  }

  private static int status(HttpResponse<String> response) {
    return response.statusCode();
  }

  /** Polls (each request bounded by the server's own timeouts) until a fresh login and its verify succeed. */
  private static Duration awaitRecovery(int port) {
    long start = System.nanoTime();
    while (System.nanoTime() - start < RECOVERY_BOUND.toNanos()) {
      HttpResponse<String> login = Http.send(FaultLoad.post(port, "/api/v1/auth/login",
          "{\"login\":\"racer\",\"password\":\"" + PASSWORD + "\"}", null));
      if (login.statusCode() == 200 && status(me(port, Tokens.of(login).access())) == 200) {
        return Duration.ofNanos(System.nanoTime() - start);
      }
      assertThat(login.statusCode()).as(login.body()).isIn(200, 503);
    }
    return RECOVERY_BOUND;
  }

  /** Waits until the load has recorded {@code count} matching responses in {@code phase} (bounded). */
  private static void await(FaultLoad load, Phase phase, Predicate<Observation> matching, int count)
      throws InterruptedException {
    assertThat(load.await(phase, matching, count, RECOVERY_BOUND)).as("%d matching responses in phase %s", count,
        phase).isTrue();
  }

  private static void report(List<Observation> seen) {
    Map<String, Integer> counts = new java.util.TreeMap<>();
    Map<Phase, Long> slowest = new java.util.EnumMap<>(Phase.class);
    for (Observation o : seen) {
      counts.merge(o.phase() + " " + o.op() + " " + o.status(), 1, Integer::sum);
      slowest.merge(o.phase(), o.took().toMillis(), Math::max);
    }
    LOG.info("fault campaign responses {}; slowest per phase (ms) {}", counts, slowest);
  }
}
