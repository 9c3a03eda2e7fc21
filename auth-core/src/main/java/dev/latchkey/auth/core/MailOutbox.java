package dev.latchkey.auth.core;

import dev.latchkey.auth.core.mail.InMemoryMailer;
import dev.latchkey.auth.core.mail.MailMessage;
import dev.latchkey.auth.core.mail.MailStats;
import dev.latchkey.auth.core.mail.Mailer;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands mail to the {@link Mailer} off the request thread, so that a request for a known address (a reset link, a
 * verification link, a sign-up notice) answers as fast as one for an unknown address. A message the executor rejects
 * (its queue is full) is dropped, counted and logged by subject only; the request never waits and never fails for
 * it. An {@link InMemoryMailer} is called directly. Thread-safe.
 */
final class MailOutbox {
  /** Threads of the default executor: mail is I/O-bound, two keep a slow server from holding every message. */
  static final int DEFAULT_THREADS = 2;
  /** Messages the default executor queues before it drops (about the mail of a thousand forgot-password requests). */
  static final int DEFAULT_QUEUE = 1_000;
  private static final Logger LOG = LoggerFactory.getLogger(MailOutbox.class);
  private static final Duration IDLE = Duration.ofSeconds(30);

  private final Mailer mailer;
  private final Executor executor;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong pending = new AtomicLong();
  /** Set while this thread runs a {@link #later} task: its mail is then sent in place, not queued again. */
  private final ThreadLocal<Boolean> inTask = new ThreadLocal<>();

  MailOutbox(Mailer mailer, Executor executor) {
    this.mailer = mailer;
    this.executor = executor;
  }

  /**
   * The default executor: {@code threads} daemon threads that end after 30 idle seconds (an instance that is dropped
   * leaves no thread behind, so there is nothing to close) and a queue of {@code capacity} messages, past which
   * {@link #send} drops. Messages still queued when the JVM exits are lost, as they would be in an SMTP outage.
   */
  static ThreadPoolExecutor boundedExecutor(int threads, int capacity) {
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, IDLE.toMillis(), TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(capacity), r -> {
          Thread t = new Thread(r, "latchkey-mail-" + count.incrementAndGet());
          t.setDaemon(true);
          return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** Sends {@code message} later (or now, to an in-memory mailer or within a {@link #later} task); never throws. */
  void send(MailMessage message) {
    if (mailer instanceof InMemoryMailer || inTask.get() != null) {
      deliver(message);
      return;
    }
    submit(() -> deliver(message), message.subject());
  }

  /**
   * Runs {@code work} (which prepares and sends mail: a counter, a one-time token, the message) after the request has
   * its answer, so that an address with an account costs the request no more than one without. Runs at once for an
   * in-memory mailer. A failure is logged and counted as failed; a full queue drops the work like a message.
   */
  void later(Runnable work, String what) {
    Runnable task = () -> {
      inTask.set(Boolean.TRUE);
      try {
        work.run();
      } catch (RuntimeException e) {
        failed.incrementAndGet();
        LOG.warn("Could not prepare '{}' ({})", what, e.getClass().getName());
      } finally {
        inTask.remove();
      }
    };
    if (mailer instanceof InMemoryMailer || inTask.get() != null) {
      task.run();
      return;
    }
    submit(task, what);
  }

  private void submit(Runnable task, String what) {
    pending.incrementAndGet();
    try {
      executor.execute(() -> {
        try {
          task.run();
        } finally {
          pending.decrementAndGet();
        }
      });
    } catch (RejectedExecutionException e) {
      pending.decrementAndGet();
      dropped.incrementAndGet();
      // Only the subject: the body carries a one-time link. The recipient can ask again.
      LOG.warn("Mail queue full: dropped '{}'", what);
    }
  }

  /** What became of the messages so far. */
  MailStats stats() {
    return new MailStats(sent.get(), failed.get(), dropped.get());
  }

  /** Messages (or their preparation) handed to the queue and not finished yet: waiting or running. */
  long pending() {
    return pending.get();
  }

  private void deliver(MailMessage message) {
    try {
      mailer.send(message);
      sent.incrementAndGet();
    } catch (RuntimeException e) {
      failed.incrementAndGet();
      // Never fail (or reveal anything) because mail is down; the user can ask again. The body holds a link:
      // never logged.
      LOG.warn("Could not send '{}' ({})", message.subject(), e.getClass().getName());
    }
  }
}
