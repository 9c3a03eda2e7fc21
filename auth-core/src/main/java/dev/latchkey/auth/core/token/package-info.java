/** Access tokens (JWT), signing keys, opaque tokens and revocation. */
@NullMarked
package dev.latchkey.auth.core.token;

import org.jspecify.annotations.NullMarked;
