/** The reference server: every Latchkey module wired together and configured by environment variables. */
@NullMarked
package dev.latchkey.demo;

import org.jspecify.annotations.NullMarked;
