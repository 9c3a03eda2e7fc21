/** JMH benchmarks of token verification, login and refresh; run on demand (see README.md). */
@NullMarked
package dev.latchkey.auth.benchmarks;

import org.jspecify.annotations.NullMarked;
