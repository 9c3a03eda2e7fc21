/** Thread-safe in-memory implementations of every store port, for single-node services and tests. */
@NullMarked
package dev.latchkey.auth.core.memory;

import org.jspecify.annotations.NullMarked;
