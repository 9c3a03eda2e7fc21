/**
 * Every Latchkey store port over PostgreSQL: start at {@link dev.latchkey.auth.store.postgres.PostgresStores}.
 */
@NullMarked
package dev.latchkey.auth.store.postgres;

import org.jspecify.annotations.NullMarked;
