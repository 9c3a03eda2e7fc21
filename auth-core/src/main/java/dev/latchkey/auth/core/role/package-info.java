/** Role assignments: the {@link dev.latchkey.auth.core.role.RoleStore} port. */
@NullMarked
package dev.latchkey.auth.core.role;

import org.jspecify.annotations.NullMarked;
