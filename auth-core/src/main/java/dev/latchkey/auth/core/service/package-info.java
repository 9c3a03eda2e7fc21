/**
 * Registered services that roles and API keys can be scoped to, and API keys (service credentials): the
 * {@link dev.latchkey.auth.core.service.ServiceStore} and {@link dev.latchkey.auth.core.service.ApiKeyStore} ports.
 */
@NullMarked
package dev.latchkey.auth.core.service;

import org.jspecify.annotations.NullMarked;
