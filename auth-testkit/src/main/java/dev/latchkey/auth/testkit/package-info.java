/**
 * Test support for Latchkey users and adapter authors: the {@link dev.latchkey.auth.testkit.LatchkeyExtension} JUnit 5
 * extension (a fresh in-memory {@code Auth} per test, with fast test-only password hashing), its
 * {@link dev.latchkey.auth.testkit.MutableClock} and {@link dev.latchkey.auth.testkit.CapturingMailer}, the
 * {@link dev.latchkey.auth.testkit.GivenUser} seeding helper, and contract suites every store adapter extends.
 */
@NullMarked
package dev.latchkey.auth.testkit;

import org.jspecify.annotations.NullMarked;
