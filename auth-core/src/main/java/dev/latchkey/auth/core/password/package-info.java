/** Password normalisation, policy and hashing. */
@NullMarked
package dev.latchkey.auth.core.password;

import org.jspecify.annotations.NullMarked;
