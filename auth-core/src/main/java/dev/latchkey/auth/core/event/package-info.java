/** Audit events and the {@link dev.latchkey.auth.core.event.AuthEventListener} port. */
@NullMarked
package dev.latchkey.auth.core.event;

import org.jspecify.annotations.NullMarked;
