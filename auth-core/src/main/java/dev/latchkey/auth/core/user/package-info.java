/** Users, their identifiers and the {@link dev.latchkey.auth.core.user.UserStore} port. */
@NullMarked
package dev.latchkey.auth.core.user;

import org.jspecify.annotations.NullMarked;
