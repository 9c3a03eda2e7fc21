package dev.latchkey.auth.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.mail.MailMessage;
import dev.latchkey.auth.core.mail.Mailer;
import dev.latchkey.auth.core.event.EventLog;
import dev.latchkey.auth.core.memory.InMemoryStores;
import dev.latchkey.auth.core.otp.OneTimeTokenStore;
import dev.latchkey.auth.core.ratelimit.RateLimiter;
import dev.latchkey.auth.core.user.UserStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import dev.latchkey.auth.testkit.MutableClock;
import java.net.URI;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Mail is sent off the request thread: a known address must not cost a request a mail server's round trip (which an
 * attacker would time), and a full mail queue drops instead of blocking.
 */
class MailTimingTest {
  private static final String PASSWORD = "correct horse battery staple";

  /** A mail server that accepts nothing until the test releases it. */
  private static final class StuckMailer implements Mailer {
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch entered = new CountDownLatch(1);
    final List<MailMessage> delivered = new CopyOnWriteArrayList<>();

    @Override
    public void send(MailMessage message) {
      entered.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      delivered.add(message);
    }
  }

  private final StuckMailer mailer = new StuckMailer();
  private MutableClock clock;

  @BeforeEach
  void setUp() {
    clock = MutableClock.standard();
  }

  @AfterEach
  void release() {
    mailer.release.countDown();
  }

  private AuthBuilder builder(AccountPolicy policy) {
    return Auth.builder().issuer("https://auth.example.test").audience("api").clock(clock)
        .stores(InMemoryStores.create(clock)).mailer(mailer)
        .accountPolicy(policy.withBaseUrl(URI.create("https://app.example.test/")));
  }

  /** Runs {@code request} and requires it to return within ten seconds, although the mail server hangs for 30. */
  private static void answersWhileMailHangs(Runnable request) throws Exception {
    CompletableFuture.runAsync(request).get(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("forgot-password for a known address returns while the mail server hangs; the link goes out after")
  void forgotPasswordDoesNotWaitForMail() throws Exception {
    Auth auth = builder(AccountPolicy.defaults()).build();
    auth.register(Registration.of("alice", "alice@example.com", PASSWORD));
    answersWhileMailHangs(() -> auth.requestPasswordReset("alice@example.com"));
    assertThat(mailer.entered.await(5, TimeUnit.SECONDS)).as("the mail is on its way").isTrue();
    assertThat(mailer.delivered).isEmpty();
    mailer.release.countDown();
    awaitSent(auth, 1);
    assertThat(mailer.delivered).singleElement().satisfies(m -> assertThat(m.body()).contains("token="));
  }

  @Test
  @DisplayName("resend-verification and sign-up with a registered address return while the mail server hangs")
  void verificationAndSignUpDoNotWaitForMail() throws Exception {
    Auth auth = builder(AccountPolicy.defaults().withRequiredEmailVerification(true)).build();
    answersWhileMailHangs(() -> auth.signUp(Registration.of("alice", "alice@example.com", PASSWORD),
        ClientInfo.unknown()));
    answersWhileMailHangs(() -> auth.resendVerification("alice@example.com"));
    answersWhileMailHangs(() -> auth.signUp(Registration.of("mallory", "alice@example.com", PASSWORD),
        ClientInfo.unknown()));
    mailer.release.countDown();
    awaitSent(auth, 3);
    assertThat(mailer.delivered).extracting(MailMessage::subject).contains("Confirm your email address",
        "Someone tried to register with your address");
  }

  @Test
  @DisplayName("forgot-password and resend make the same store calls on the request thread for every address")
  void sameRequestWorkForEveryAddress() throws Exception {
    Stores memory = InMemoryStores.create(clock);
    List<String> onCaller = new CopyOnWriteArrayList<>();
    Thread caller = Thread.currentThread();
    Stores counted = memory
        .withOneTimeTokens(counting(OneTimeTokenStore.class, memory.oneTimeTokens(), caller, onCaller))
        .withRateLimiter(counting(RateLimiter.class, memory.rateLimiter(), caller, onCaller));
    counted = new Stores(counting(UserStore.class, counted.users(), caller, onCaller), counted.userDirectory(),
        counted.sessions(), counted.revocations(), counted.oneTimeTokens(), counted.rateLimiter(), counted.roles(),
        counted.roleAssignments(), counted.services(), counted.apiKeys(), counted.signingKeys(),
        counting(EventLog.class, counted.eventLog(), caller, onCaller), counted.oauthProviders(),
        counted.oauthAccounts());
    Auth auth = Auth.builder().issuer("https://auth.example.test").audience("api").clock(clock).stores(counted)
        .mailer(mailer).build();
    auth.register(Registration.of("alice", "alice@example.com", PASSWORD));
    assertThat(requestThreadCalls(onCaller, () -> auth.requestPasswordReset("alice@example.com")))
        .isEqualTo(requestThreadCalls(onCaller, () -> auth.requestPasswordReset("nobody@example.com")))
        .containsExactly("UserStore.findByEmail");
    assertThat(requestThreadCalls(onCaller, () -> auth.resendVerification("alice@example.com")))
        .isEqualTo(requestThreadCalls(onCaller, () -> auth.resendVerification("nobody@example.com")))
        .containsExactly("UserStore.findByEmail");
    assertThat(mailer.entered.await(5, TimeUnit.SECONDS)).as("the known address's mail is on its way").isTrue();
  }

  private static List<String> requestThreadCalls(List<String> calls, Runnable request) {
    calls.clear();
    request.run();
    return List.copyOf(calls);
  }

  /** {@code target} behind a proxy that records, as {@code Type.method}, the calls made on {@code thread}. */
  private static <T> T counting(Class<T> type, T target, Thread thread, List<String> calls) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
      if (Thread.currentThread() == thread && method.getDeclaringClass() != Object.class) {
        calls.add(type.getSimpleName() + "." + method.getName());
      }
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }));
  }

  @Test
  @DisplayName("a full mail queue drops the message, counts it, and the request neither waits nor fails")
  void fullQueueDrops() throws Exception {
    ThreadPoolExecutor oneSlot = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1));
    try {
      Auth auth = builder(AccountPolicy.defaults()).mailExecutor(oneSlot).build();
      for (String name : List.of("alice", "bob", "carol")) {
        auth.register(Registration.of(name, name + "@example.com", PASSWORD));
      }
      answersWhileMailHangs(() -> auth.requestPasswordReset("alice@example.com")); // the worker hangs on it
      assertThat(mailer.entered.await(5, TimeUnit.SECONDS)).isTrue();
      answersWhileMailHangs(() -> auth.requestPasswordReset("bob@example.com")); // queued
      answersWhileMailHangs(() -> auth.requestPasswordReset("carol@example.com")); // no room: dropped
      assertThat(auth.mailStats().dropped()).isEqualTo(1);
      mailer.release.countDown();
      awaitSent(auth, 2);
      assertThat(mailer.delivered).extracting(MailMessage::to).containsExactly("alice@example.com",
          "bob@example.com");
      assertThat(auth.mailStats()).isEqualTo(new dev.latchkey.auth.core.mail.MailStats(2, 0, 1));
    } finally {
      oneSlot.shutdownNow();
    }
  }

  @Test
  @DisplayName("a mailer that throws is counted as failed, and the request still succeeds")
  void failingMailer() throws Exception {
    Auth auth = Auth.builder().issuer("https://auth.example.test").audience("api").clock(clock)
        .stores(InMemoryStores.create(clock)).mailer(m -> {
          throw new StoreUnavailableException("smtp down", null);
        }).build();
    auth.register(Registration.of("alice", "alice@example.com", PASSWORD));
    answersWhileMailHangs(() -> auth.requestPasswordReset("alice@example.com"));
    awaitCount(() -> auth.mailStats().failed(), 1);
  }

  private static void awaitSent(Auth auth, long count) throws InterruptedException {
    awaitCount(() -> auth.mailStats().sent(), count);
  }

  /** Bounded polling (at most ten seconds) for a background count to reach {@code count}. */
  private static void awaitCount(java.util.function.LongSupplier counter, long count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    CountDownLatch never = new CountDownLatch(1);
    while (counter.getAsLong() < count && System.nanoTime() < deadline) {
      never.await(10, TimeUnit.MILLISECONDS);
    }
    assertThat(counter.getAsLong()).isEqualTo(count);
  }
}
