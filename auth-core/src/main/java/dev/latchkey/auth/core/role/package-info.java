/**
 * Role-based access control: roles carrying permissions, optionally scoped to a registered service, and their
 * assignment to users: the {@link dev.latchkey.auth.core.role.RoleStore} and
 * {@link dev.latchkey.auth.core.role.RoleAssignmentStore} ports.
 */
@NullMarked
package dev.latchkey.auth.core.role;

import org.jspecify.annotations.NullMarked;
