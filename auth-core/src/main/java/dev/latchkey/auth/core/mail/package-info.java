/** Outbound mail: the {@link dev.latchkey.auth.core.mail.Mailer} port. */
@NullMarked
package dev.latchkey.auth.core.mail;

import org.jspecify.annotations.NullMarked;
