/**
 * OAuth / OpenID Connect login: provider configuration and linked identities, the
 * {@link dev.latchkey.auth.core.oauth.OAuthProviderStore} and {@link dev.latchkey.auth.core.oauth.OAuthAccountStore}
 * ports. The flows and the provider client arrive with the {@code auth-oauth} module.
 */
@NullMarked
package dev.latchkey.auth.core.oauth;

import org.jspecify.annotations.NullMarked;
