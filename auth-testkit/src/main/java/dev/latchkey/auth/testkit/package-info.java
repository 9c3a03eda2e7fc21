/**
 * Test support for Latchkey users and adapter authors: contract suites every store adapter extends,
 * {@link dev.latchkey.auth.testkit.MutableClock}, {@link dev.latchkey.auth.testkit.CapturingMailer} and the
 * {@link dev.latchkey.auth.testkit.LatchkeyExtension} JUnit 5 extension.
 */
@NullMarked
package dev.latchkey.auth.testkit;

import org.jspecify.annotations.NullMarked;
