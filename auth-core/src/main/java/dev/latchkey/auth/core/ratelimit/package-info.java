/** Attempt counting for lockout and throttling: the {@link dev.latchkey.auth.core.ratelimit.RateLimiter} port. */
@NullMarked
package dev.latchkey.auth.core.ratelimit;

import org.jspecify.annotations.NullMarked;
