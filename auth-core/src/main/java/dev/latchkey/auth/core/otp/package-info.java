/** Hashed, purpose-bound, single-use tokens: the {@link dev.latchkey.auth.core.otp.OneTimeTokenStore} port. */
@NullMarked
package dev.latchkey.auth.core.otp;

import org.jspecify.annotations.NullMarked;
