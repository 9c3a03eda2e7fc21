/** Hot, expiring state over Redis: start at {@link dev.latchkey.auth.store.redis.RedisStores}. */
@NullMarked
package dev.latchkey.auth.store.redis;

import org.jspecify.annotations.NullMarked;
