/** The {@link dev.latchkey.auth.core.Auth} facade, its results and the {@link dev.latchkey.auth.core.AuthException} hierarchy. */
@NullMarked
package dev.latchkey.auth.core;

import org.jspecify.annotations.NullMarked;
