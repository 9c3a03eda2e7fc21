/** A tiny notes service that leaves accounts, logins and permissions to Latchkey. */
@NullMarked
package dev.latchkey.example.notes;

import org.jspecify.annotations.NullMarked;
