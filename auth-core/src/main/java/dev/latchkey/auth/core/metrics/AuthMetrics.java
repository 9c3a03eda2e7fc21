package dev.latchkey.auth.core.metrics;

import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.event.AuthEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * The domain metrics of one {@link Auth} instance as a Micrometer {@link MeterBinder}:
 *
 * <pre>{@code
 * new AuthMetrics(auth).bindTo(registry);
 * }</pre>
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr>
 *   <tr><td>{@code latchkey.logins}</td><td>counter</td><td>{@code outcome}</td><td>password and provider logins:
 *     {@code success}, {@code bad_credentials} (unknown identifier or wrong password), {@code locked} (refused during a
 *     lockout), {@code disabled}, {@code unverified}, {@code malformed}, {@code throttled} (per-address limit),
 *     {@code password_change_required}, {@code oauth_failed}</td></tr>
 *   <tr><td>{@code latchkey.lockouts}</td><td>counter</td><td></td><td>failed logins that spent the last attempt an
 *     account (or an identifier naming none) had in its window: its next attempt is locked out</td></tr>
 *   <tr><td>{@code latchkey.refresh.reuse}</td><td>counter</td><td></td><td>spent refresh tokens presented again
 *     (their sessions were revoked)</td></tr>
 *   <tr><td>{@code latchkey.tokens.issued}</td><td>counter</td><td>{@code type}</td><td>{@code access} tokens signed,
 *     {@code refresh} tokens issued, {@code api_key}s created</td></tr>
 *   <tr><td>{@code latchkey.password.hashing.wait}</td><td>timer</td><td></td><td>waits for a password-hashing slot,
 *     including those given up</td></tr>
 *   <tr><td>{@code latchkey.password.hashing.shed}</td><td>counter</td><td></td><td>requests refused because no
 *     hashing slot freed up in time ({@code OverloadedException})</td></tr>
 *   <tr><td>{@code latchkey.store.failures}</td><td>counter</td><td></td><td>calls to {@code Auth} that failed
 *     because a store was unavailable ({@code StoreUnavailableException})</td></tr>
 *   <tr><td>{@code latchkey.mail}</td><td>function counter</td><td>{@code outcome}</td><td>mail {@code sent},
 *     {@code failed} or {@code dropped} (queue full), from {@link Auth#mailStats()}</td></tr>
 *   <tr><td>{@code latchkey.mail.pending}</td><td>gauge</td><td></td><td>mail in the queue, waiting or being sent
 *     ({@link Auth#mailPending()})</td></tr>
 * </table>
 *
 * <p>Tags carry only the fixed values above (plus the common tags given to the constructor): never an identifier,
 * address or other user data. The counters count from when {@link #bindTo} was called (the mail counters from when
 * the instance was built). This class is the only one in the core that refers to Micrometer, an optional dependency:
 * without {@code io.micrometer:micrometer-core} on the class path everything else works. Bind it once per registry;
 * each binding adds an {@link AuthProbe} to the instance. Independent of HTTP: the host decides which registry.
 * Thread-safe.
 */
public final class AuthMetrics implements MeterBinder {
  /** Each {@code LOGIN_FAILED} reason the core gives, and the outcome it counts as. */
  private static final Map<String, String> FAILURE_OUTCOMES = Map.of(
      "password", "bad_credentials", "unknown", "bad_credentials", "locked", "locked", "disabled", "disabled",
      "unverified", "unverified", "malformed", "malformed");
  private static final List<String> OUTCOMES = List.of("success", "bad_credentials", "locked", "disabled",
      "unverified", "malformed", "throttled", "password_change_required", "oauth_failed");

  private final Auth auth;
  private final Tags tags;

  /** Metrics of {@code auth}, with no common tags. */
  public AuthMetrics(Auth auth) {
    this(auth, List.of());
  }

  /**
   * Metrics of {@code auth} with {@code tags} on every meter (for example the name of the service, when one registry
   * holds several instances). Never put user data in them.
   */
  public AuthMetrics(Auth auth, Iterable<Tag> tags) {
    this.auth = Objects.requireNonNull(auth, "auth");
    this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    Map<String, Counter> logins = new HashMap<>();
    for (String outcome : OUTCOMES) {
      logins.put(outcome, counter(registry, "latchkey.logins", "Logins by outcome", "outcome", outcome));
    }
    Probe probe = new Probe(Map.copyOf(logins),
        counter(registry, "latchkey.lockouts", "Failed logins that locked the next attempt out", null, null),
        counter(registry, "latchkey.refresh.reuse", "Spent refresh tokens presented again", null, null),
        counter(registry, "latchkey.tokens.issued", "Tokens issued by type", "type", "access"),
        counter(registry, "latchkey.tokens.issued", "Tokens issued by type", "type", "refresh"),
        counter(registry, "latchkey.tokens.issued", "Tokens issued by type", "type", "api_key"),
        Timer.builder("latchkey.password.hashing.wait").description("Waits for a password-hashing slot").tags(tags)
            .register(registry),
        counter(registry, "latchkey.password.hashing.shed", "Requests refused for lack of a hashing slot", null, null),
        counter(registry, "latchkey.store.failures", "Calls that failed because a store was unavailable", null, null));
    mail(registry, "sent", a -> a.mailStats().sent());
    mail(registry, "failed", a -> a.mailStats().failed());
    mail(registry, "dropped", a -> a.mailStats().dropped());
    Gauge.builder("latchkey.mail.pending", auth, Auth::mailPending).description("Mail in the queue, waiting or sending")
        .tags(tags).register(registry);
    auth.addProbe(probe);
  }

  private Counter counter(MeterRegistry registry, String name, String description, @Nullable String tag,
      @Nullable String value) {
    Counter.Builder builder = Counter.builder(name).description(description).tags(tags);
    if (tag != null && value != null) {
      builder.tag(tag, value);
    }
    return builder.register(registry);
  }

  private void mail(MeterRegistry registry, String outcome, ToDoubleFunction<Auth> count) {
    FunctionCounter.builder("latchkey.mail", auth, count).description("Mail by outcome").tags(tags)
        .tag("outcome", outcome).register(registry);
  }

  /** Moves the meters of one registry. */
  private record Probe(Map<String, Counter> logins, Counter lockouts, Counter reuse, Counter access,
      Counter refresh, Counter apiKeys, Timer hashWait, Counter shed, Counter storeFailures) implements AuthProbe {

    @Override
    public void onEvent(AuthEvent event) {
      switch (event.type()) {
        case LOGIN_SUCCEEDED -> login("success");
        case LOGIN_THROTTLED -> login("throttled");
        case LOGIN_FAILED -> {
          String reason = event.details().getOrDefault("reason", "");
          if (reason.startsWith("oauth_")) {
            login("oauth_failed");
          } else {
            String outcome = FAILURE_OUTCOMES.get(reason);
            if (outcome != null) { // not "current_password": re-checking a signed-in user's password is no login
              login(outcome);
            }
          }
          if ("armed".equals(event.details().get("lockout"))) {
            lockouts.increment();
          }
        }
        case PASSWORD_RESET_REQUESTED -> {
          if ("password_change_required".equals(event.details().get("reason"))) {
            login("password_change_required");
          }
        }
        case REFRESH_TOKEN_REUSED -> reuse.increment();
        case API_KEY_CREATED -> apiKeys.increment();
        default -> { }
      }
    }

    private void login(String outcome) {
      logins.get(outcome).increment();
    }

    @Override
    public void hashSlotWaited(Duration waited, boolean acquired) {
      hashWait.record(waited);
      if (!acquired) {
        shed.increment();
      }
    }

    @Override
    public void accessTokenIssued() {
      access.increment();
    }

    @Override
    public void refreshTokenIssued() {
      refresh.increment();
    }

    @Override
    public void storeFailed() {
      storeFailures.increment();
    }
  }
}
