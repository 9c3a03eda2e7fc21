/**
 * OAuth 2.0 and OpenID Connect login for Latchkey: {@link dev.latchkey.auth.oauth.ProviderClient} implements the
 * core's {@link dev.latchkey.auth.core.oauth.OAuthClient} port for Google, Microsoft, GitHub, Discord and any OpenID
 * Connect issuer. ScribeJava performs the authorization-code exchange (PKCE S256); Nimbus validates ID tokens against
 * the provider's JWKS.
 */
@NullMarked
package dev.latchkey.auth.oauth;

import org.jspecify.annotations.NullMarked;
