package dev.latchkey.auth.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.mail.InMemoryMailer;
import dev.latchkey.auth.core.mail.MailMessage;
import dev.latchkey.auth.core.mail.MailStats;
import dev.latchkey.auth.core.mail.Mailer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The default mail executor and the outbox over it: bounded, daemon, dropping when full, never throwing. */
class MailOutboxTest {
  private static final MailMessage MESSAGE = new MailMessage("a@example.com", "Reset your password", "token=secret");

  /** Blocks every send until released; records the sending thread. */
  private static final class Gate implements Mailer {
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch entered = new CountDownLatch(1);
    final List<Thread> threads = new CopyOnWriteArrayList<>();

    @Override
    public void send(MailMessage message) {
      threads.add(Thread.currentThread());
      entered.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Test
  @DisplayName("the default executor sends on a named daemon thread, queues up to its capacity, then drops and counts")
  void boundedAndDaemon() throws Exception {
    ThreadPoolExecutor pool = MailOutbox.boundedExecutor(1, 2);
    Gate gate = new Gate();
    MailOutbox outbox = new MailOutbox(gate, pool);
    try {
      outbox.send(MESSAGE);
      assertThat(gate.entered.await(5, TimeUnit.SECONDS)).isTrue();
      outbox.send(MESSAGE);
      outbox.send(MESSAGE);
      outbox.send(MESSAGE); // the queue holds two: this one is dropped, and send returns at once
      assertThat(outbox.stats()).isEqualTo(new MailStats(0, 0, 1));
      assertThat(gate.threads.get(0).isDaemon()).isTrue();
      assertThat(gate.threads.get(0).getName()).startsWith("latchkey-mail-");
      assertThat(pool.allowsCoreThreadTimeOut()).as("idle threads end: nothing to close").isTrue();
      gate.release.countDown();
      awaitCount(() -> outbox.stats().sent(), 3);
    } finally {
      gate.release.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("an in-memory mailer is called on the caller's thread, work included, without the executor")
  void inMemoryInline() {
    List<Thread> threads = new CopyOnWriteArrayList<>();
    InMemoryMailer mailer = m -> threads.add(Thread.currentThread());
    MailOutbox outbox = new MailOutbox(mailer, task -> {
      throw new AssertionError("the executor must not be used");
    });
    outbox.send(MESSAGE);
    outbox.later(() -> outbox.send(MESSAGE), "work");
    assertThat(threads).containsExactly(Thread.currentThread(), Thread.currentThread());
    assertThat(outbox.stats()).isEqualTo(new MailStats(2, 0, 0));
  }

  @Test
  @DisplayName("work that fails is counted as failed, and the mail it sends is sent within the task, not queued again")
  void laterWork() throws Exception {
    List<Runnable> queued = new CopyOnWriteArrayList<>();
    List<MailMessage> sent = new CopyOnWriteArrayList<>();
    MailOutbox outbox = new MailOutbox(sent::add, queued::add);
    outbox.later(() -> outbox.send(MESSAGE), "reset");
    outbox.later(() -> {
      throw new StoreUnavailableException("down", null);
    }, "reset");
    assertThat(sent).isEmpty();
    assertThat(queued).hasSize(2);
    queued.forEach(Runnable::run);
    assertThat(queued).hasSize(2);
    assertThat(sent).containsExactly(MESSAGE);
    assertThat(outbox.stats()).isEqualTo(new MailStats(1, 1, 0));
  }

  private static void awaitCount(LongSupplier counter, long count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    CountDownLatch never = new CountDownLatch(1);
    while (counter.getAsLong() < count && System.nanoTime() < deadline) {
      never.await(10, TimeUnit.MILLISECONDS);
    }
    assertThat(counter.getAsLong()).isEqualTo(count);
  }
}
