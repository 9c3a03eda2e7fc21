/** Sessions, refresh-token families and the {@link dev.latchkey.auth.core.session.SessionStore} port. */
@NullMarked
package dev.latchkey.auth.core.session;

import org.jspecify.annotations.NullMarked;
