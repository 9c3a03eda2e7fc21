package dev.latchkey.auth.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Runs the same action on many threads released at once, to make races likely, and collects what each returned.
 * Used by the contract suites; public so that adapter tests can race their own operations.
 */
public final class Race {
  private Race() {}

  /**
   * Runs {@code action(i)} for i in [0, threads) on {@code threads} threads that start together.
   *
   * @return each thread's result, by index
   * @throws AssertionError when an action throws or the race takes longer than a minute
   */
  public static <T> List<T> run(int threads, IntFunction<T> action) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch ready = new CountDownLatch(threads);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int index = i;
        Callable<T> task = () -> {
          ready.countDown();
          go.await();
          return action.apply(index);
        };
        futures.add(pool.submit(task));
      }
      if (!ready.await(1, TimeUnit.MINUTES)) {
        throw new AssertionError("race threads did not start");
      }
      go.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(1, TimeUnit.MINUTES));
      }
      return results;
    } catch (Exception e) {
      throw new AssertionError("race failed: " + e, e);
    } finally {
      pool.shutdownNow();
    }
  }
}
