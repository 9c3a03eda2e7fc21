/**
 * An example orders service embedding Latchkey: {@link dev.latchkey.example.orders.OrderService} (start, main) and
 * {@link dev.latchkey.example.orders.ServiceConfig} (settings from the environment). Copy it as a starting point.
 */
@NullMarked
package dev.latchkey.example.orders;

import org.jspecify.annotations.NullMarked;
