package dev.latchkey.auth.core;

/**
 * TEST ONLY, not API: the hook through which {@code auth-testkit}'s {@code LatchkeyExtension} makes an {@link Auth}
 * fit for unit tests. It may change or go in any release, and it refuses every caller outside the package
 * {@code dev.latchkey.auth.testkit}: production code cannot switch a builder to weak hashing through it.
 */
public final class TestKitOnly {
  private static final String TEST_KIT = "dev.latchkey.auth.testkit";

  private TestKitOnly() {}

  /**
   * Makes {@code builder} hash passwords with Argon2id at a cost far below OWASP's minimums (m=256 KiB, t=1), which
   * {@link dev.latchkey.auth.core.password.HashingPolicy} refuses, so that a test suite does not spend tens of
   * milliseconds per hash; the {@link AuthBuilder#hashingPolicy} still sets concurrency and wait.
   *
   * @throws UnsupportedOperationException when called from outside {@code dev.latchkey.auth.testkit}
   */
  public static AuthBuilder fastPasswordHashing(AuthBuilder builder) {
    requireTestKit(StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass());
    builder.testOnlyFastHashing = true;
    return builder;
  }

  /**
   * Keeps {@link AuthBuilder#build()} from warning about in-memory stores and a localhost base URL, which are what a
   * test wants.
   *
   * @throws UnsupportedOperationException when called from outside {@code dev.latchkey.auth.testkit}
   */
  public static AuthBuilder quietDevelopmentWarnings(AuthBuilder builder) {
    requireTestKit(StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass());
    builder.testOnlyQuiet = true;
    return builder;
  }

  private static void requireTestKit(Class<?> caller) {
    if (!caller.getPackageName().equals(TEST_KIT)) {
      throw new UnsupportedOperationException(
          "TestKitOnly is for Latchkey's test kit (use LatchkeyExtension); production builders cannot weaken hashing");
    }
  }
}
