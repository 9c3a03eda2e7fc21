package dev.latchkey.auth.http.javalin;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trusted proxies named by host name ({@code nginx} in a compose network, whose address the container network
 * assigns): every A and AAAA address of each name, resolved off the request path.
 *
 * <p>The names are resolved once at construction, then by one daemon thread ({@link #start}, until {@link #close})
 * every 30 s, or every 5 s while a name does not resolve (the proxy may start after the application). A request only
 * reads an immutable snapshot ({@link #contains}): it never waits for DNS. A name that does not resolve matches no
 * address, and one that stops resolving loses its trust (its old address may since belong to someone else); one that
 * resolves elsewhere stops trusting its old address at the next refresh. The JVM caches answers itself
 * ({@code networkaddress.cache.ttl}, 30 s by default), so a change shows within a minute at most.
 *
 * <p>A background thread rather than a refresh triggered by requests: a lazy refresh would let the first request after
 * a quiet hour be judged by an hour-old answer, and would either make that request wait for DNS or still judge it by
 * the old one. The thread costs one lookup per name every 30 s, and exists only when a name is configured.
 *
 * <p>The log says what each name resolved to (INFO) whenever that changes, and warns once when a name stops resolving
 * and once when it resolves again; nothing is logged per request.
 */
final class ProxyNames implements AutoCloseable {
  /** The name of the refresh thread. */
  static final String THREAD_NAME = "latchkey-proxy-names";
  private static final Logger LOG = LoggerFactory.getLogger(ProxyNames.class);
  private static final Duration EVERY = Duration.ofSeconds(30);
  private static final Duration RETRY = Duration.ofSeconds(5);
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
  private static final Pattern NUMERIC = Pattern.compile("[0-9]+");

  /** Looks a host name up: all its addresses, or {@link UnknownHostException}. */
  @FunctionalInterface
  interface Resolver {
    /** The system resolver (through the JVM's cache). */
    Resolver SYSTEM = InetAddress::getAllByName;

    /** Every address of {@code name}; never empty. */
    InetAddress[] all(String name) throws UnknownHostException;
  }

  /** What a name last resolved to, as shown in the log; {@code failing} when the last lookup failed. */
  private record Answer(List<String> shown, boolean failing) {}

  private final List<String> names;
  private final Resolver resolver;
  private final Duration every;
  private final Duration retry;
  private final Map<String, Answer> answers = new HashMap<>(); // guarded by this (refresh)
  private volatile List<byte[]> addresses = List.of();
  private volatile boolean failing;
  private final Object lifecycle = new Object(); // guards scheduler and closed; never held during a lookup
  private @Nullable ScheduledExecutorService scheduler;
  private boolean closed;

  /** The names (each {@link #isHostName}), resolved now; failures are logged, not thrown. */
  ProxyNames(Collection<String> names, Resolver resolver) {
    this(names, resolver, EVERY, RETRY);
  }

  /** As {@link #ProxyNames(Collection, Resolver)}, re-resolved {@code every}, or {@code retry} while one fails. */
  ProxyNames(Collection<String> names, Resolver resolver, Duration every, Duration retry) {
    this.names = List.copyOf(names);
    this.resolver = resolver;
    this.every = every;
    this.retry = retry;
    refresh();
  }

  /**
   * Whether {@code text} is a host name per RFC 1123: dot-separated labels of letters, digits and inner hyphens, each
   * at most 63 characters, at most 253 in all, the last one not all digits (so {@code 1.2.3.999} is no name).
   */
  static boolean isHostName(String text) {
    if (text.isEmpty() || text.length() > 253) {
      return false;
    }
    String[] labels = text.split("\\.", -1);
    for (String label : labels) {
      if (!LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return !NUMERIC.matcher(labels[labels.length - 1]).matches();
  }

  /** Whether {@code address} (4 or 16 bytes) is one a name resolved to at the last refresh. */
  boolean contains(byte[] address) {
    for (byte[] known : addresses) {
      if (Arrays.equals(known, address)) {
        return true;
      }
    }
    return false;
  }

  /** Resolves every name again and publishes the result; logs what changed. */
  synchronized void refresh() {
    List<byte[]> found = new ArrayList<>();
    for (String name : names) {
      Answer before = answers.get(name);
      Answer now;
      try {
        InetAddress[] all = resolver.all(name);
        if (all.length == 0) {
          throw new UnknownHostException(name + ": no addresses");
        }
        TreeSet<String> shown = new TreeSet<>();
        for (InetAddress address : all) {
          found.add(address.getAddress());
          shown.add(address.getHostAddress());
        }
        now = new Answer(List.copyOf(shown), false);
        if (before != null && before.failing()) {
          LOG.warn("Trusted proxy {} resolves again, to {}", name, now.shown());
        } else if (before == null || !before.shown().equals(now.shown())) {
          LOG.info("Trusted proxy {} resolves to {}", name, now.shown());
        }
      } catch (UnknownHostException | RuntimeException e) {
        now = new Answer(List.of(), true);
        if (before == null || !before.failing()) {
          LOG.warn("Trusted proxy {} does not resolve ({}): its X-Forwarded-For is not believed until it does; "
              + "retrying every {} s", name, e.getMessage(), retry.toSeconds());
        }
      }
      answers.put(name, now);
    }
    addresses = List.copyOf(found);
    failing = answers.values().stream().anyMatch(Answer::failing);
  }

  /** How long until the next refresh: {@code retry} while a name does not resolve, else {@code every}. */
  Duration nextRefresh() {
    return failing ? retry : every;
  }

  /** Starts the refresh thread (once; never after {@link #close}, nor without names). */
  void start() {
    synchronized (lifecycle) {
      if (closed || scheduler != null || names.isEmpty()) {
        return;
      }
      ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
          Thread.ofPlatform().name(THREAD_NAME).daemon().factory());
      executor.setRemoveOnCancelPolicy(true);
      scheduler = executor;
      schedule();
    }
  }

  /** Whether the refresh thread is running. */
  boolean refreshing() {
    synchronized (lifecycle) {
      return scheduler != null && !scheduler.isShutdown();
    }
  }

  private void schedule() {
    synchronized (lifecycle) {
      if (!closed && scheduler != null) {
        scheduler.schedule(this::tick, nextRefresh().toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }

  private void tick() {
    try {
      refresh();
    } catch (RuntimeException e) {
      LOG.warn("Refreshing trusted proxy names failed", e);
    } finally {
      schedule();
    }
  }

  /** Stops the refresh thread for good, waiting briefly for a lookup in flight; the last snapshot stays. */
  @Override
  public void close() {
    ScheduledExecutorService stopping;
    synchronized (lifecycle) {
      closed = true;
      stopping = scheduler;
    }
    if (stopping == null) {
      return;
    }
    stopping.shutdownNow();
    try {
      if (!stopping.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("The trusted proxy name refresh did not stop within 5 s (a lookup in flight); it ends on its own");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
