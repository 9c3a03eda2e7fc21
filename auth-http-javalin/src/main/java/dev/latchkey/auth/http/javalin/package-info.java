/**
 * Latchkey's reference HTTP API as a Javalin 7 plugin: {@link dev.latchkey.auth.http.javalin.AuthPlugin} serves every
 * endpoint of the API (register, login, refresh, account, admin, OAuth, health, metrics, JWKS, OpenAPI) and gives host
 * routes role and permission guards ({@link dev.latchkey.auth.http.javalin.AuthRole}) and the caller's principal
 * ({@link dev.latchkey.auth.http.javalin.AuthContext}), leaving the host's own mapper, limits, headers and error
 * handling alone.
 */
@NullMarked
package dev.latchkey.auth.http.javalin;

import org.jspecify.annotations.NullMarked;
