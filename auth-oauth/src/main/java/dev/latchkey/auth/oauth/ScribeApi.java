package dev.latchkey.auth.oauth;

import com.github.scribejava.core.builder.api.DefaultApi20;
import com.github.scribejava.core.extractors.OAuth2AccessTokenExtractor;
import com.github.scribejava.core.extractors.OAuth2AccessTokenJsonExtractor;
import com.github.scribejava.core.extractors.TokenExtractor;
import com.github.scribejava.core.model.OAuth2AccessToken;
import com.github.scribejava.core.oauth2.clientauthentication.ClientAuthentication;
import com.github.scribejava.core.oauth2.clientauthentication.HttpBasicAuthenticationScheme;
import com.github.scribejava.core.oauth2.clientauthentication.RequestBodyAuthenticationScheme;
import java.net.URI;

/** A ScribeJava API description built from configured or discovered endpoints. */
final class ScribeApi extends DefaultApi20 {
  private final URI authorization;
  private final URI token;
  private final boolean basicAuth;
  private final boolean formEncodedTokens;

  /**
   * @param basicAuth client_secret_basic, else client_secret_post
   * @param formEncodedTokens the token endpoint answers {@code application/x-www-form-urlencoded} (GitHub's default)
   */
  ScribeApi(URI authorization, URI token, boolean basicAuth, boolean formEncodedTokens) {
    this.authorization = authorization;
    this.token = token;
    this.basicAuth = basicAuth;
    this.formEncodedTokens = formEncodedTokens;
  }

  @Override
  public String getAccessTokenEndpoint() {
    return token.toString();
  }

  @Override
  protected String getAuthorizationBaseUrl() {
    return authorization.toString();
  }

  @Override
  public ClientAuthentication getClientAuthentication() {
    return basicAuth ? HttpBasicAuthenticationScheme.instance() : RequestBodyAuthenticationScheme.instance();
  }

  @Override
  public TokenExtractor<OAuth2AccessToken> getAccessTokenExtractor() {
    return formEncodedTokens ? OAuth2AccessTokenExtractor.instance() : OAuth2AccessTokenJsonExtractor.instance();
  }
}
