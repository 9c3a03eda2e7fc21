/**
 * HTTP test support: {@link dev.latchkey.auth.testkit.http.LatchkeyServer} serves an {@code Auth} through
 * {@code auth-http-javalin}'s {@code AuthPlugin} on a free port with a small JSON client, and
 * {@link dev.latchkey.auth.testkit.http.LatchkeyHttpExtension} gives each test a fresh one over the test kit's
 * in-memory {@code Auth}.
 */
@NullMarked
package dev.latchkey.auth.testkit.http;

import org.jspecify.annotations.NullMarked;
