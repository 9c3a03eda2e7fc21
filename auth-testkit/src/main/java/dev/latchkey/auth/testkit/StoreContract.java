package dev.latchkey.auth.testkit;

import org.junit.jupiter.api.BeforeEach;

/**
 * The fixture every contract suite shares: a fresh store per test on a {@link MutableClock} standing at a whole
 * second. Adapter authors extend the port's suite (for example {@link SessionStoreContract}), not this class.
 *
 * @param <S> the port under test
 */
public abstract class StoreContract<S> {
  /** The clock the store was created with; tests move it. */
  protected MutableClock clock;
  /** The store under test, fresh for every test. */
  protected S store;

  /** Only the port suites of this package extend it. */
  StoreContract() {}

  /**
   * A fresh, empty store judging time by {@code clock}. Adapters that need a server give each call its own database,
   * schema or key prefix.
   */
  protected abstract S createStore(MutableClock clock);

  @BeforeEach
  void createFixture() {
    clock = MutableClock.standard();
    store = createStore(clock);
  }
}
