package dev.latchkey.demo;

import dev.latchkey.auth.core.Auth;
import dev.latchkey.auth.core.NotFoundException;
import dev.latchkey.auth.core.oauth.OAuthProvider;
import dev.latchkey.auth.core.oauth.ProviderSettings;
import java.net.InetAddress;
import java.util.Optional;
import java.util.Set;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.NettyWrapper;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo OpenID provider of {@code LATCHKEY_DEMO_IDP=true}: NAV's mock-oauth2-server in this process, on its own
 * port of the loopback interface, with its interactive login form (whoever signs in there types any username and any
 * claims), registered as the provider {@value #NAME} ("Demo provider"), marked local (its plain-http loopback issuer is
 * allowed).
 *
 * <p>Its {@code email_verified} is not trusted: the person at its login form types the email and the claim, so
 * trusting them would let anyone join any account whose address they know. Its emails therefore never join an
 * existing account (the login is refused with "sign in with your password, then link") and never become an account's
 * address; a new identity gets an account without an address, which can add and verify one. Linking it to an existing
 * account is done from that account, signed in.
 */
final class DemoIdp implements AutoCloseable {
  static final String NAME = "demo";
  static final String DISPLAY_NAME = "Demo provider";
  private static final Logger LOG = LoggerFactory.getLogger(DemoIdp.class);
  private static final String CLIENT_ID = "latchkey-demo";

  private final MockOAuth2Server server;

  private DemoIdp(MockOAuth2Server server) {
    this.server = server;
  }

  /** Starts the provider on {@code port} of the loopback interface (0 picks a free one). */
  static DemoIdp start(int port) {
    MockOAuth2Server server = new MockOAuth2Server(new OAuth2Config(true, null, null, false,
        new OAuth2TokenProvider(), Set.of(), new NettyWrapper()));
    server.start(InetAddress.getLoopbackAddress(), port);
    return new DemoIdp(server);
  }

  /** Its issuer, {@code http://localhost:<port>/demo}. */
  String issuer() {
    return server.issuerUrl(NAME).toString().replaceAll("/+$", "");
  }

  /** Registers (or brings up to date) the {@value #NAME} provider pointing at this server. */
  void register(Auth auth) {
    ProviderSettings settings = ProviderSettings.oidc(NAME, DISPLAY_NAME, issuer(), CLIENT_ID, "demo-secret")
        .withTrustEmailVerified(false).withLocal(true);
    Optional<OAuthProvider> existing = auth.admin().oauthProviders().stream()
        .filter(p -> p.name().equals(NAME)).findFirst();
    if (existing.isEmpty()) {
      auth.admin().createOAuthProvider(settings);
    } else if (!current(existing.get())) {
      auth.admin().updateOAuthProvider(settings);
    }
    LOG.info("Demo OpenID provider at {} (sign in there as anyone): registered as \"{}\" on the login page",
        issuer(), DISPLAY_NAME);
  }

  private boolean current(OAuthProvider p) {
    return p.enabled() && p.local() && !p.trustEmailVerified() && issuer().equals(p.issuer())
        && DISPLAY_NAME.equals(p.displayName()) && CLIENT_ID.equals(p.clientId());
  }

  /**
   * With the demo provider off, a {@value #NAME} provider left from an earlier run with it on (local, on this host)
   * is disabled, so the login page shows no button that leads nowhere.
   */
  static void disableLeftover(Auth auth) {
    auth.admin().oauthProviders().stream()
        .filter(p -> p.name().equals(NAME) && p.enabled() && p.local() && p.issuer() != null
            && p.issuer().startsWith("http://localhost:"))
        .findFirst().ifPresent(p -> {
          try {
            auth.admin().updateOAuthProvider(ProviderSettings.oidc(NAME, p.displayName(), p.issuer(), p.clientId(),
                null).withTrustEmailVerified(p.trustEmailVerified()).withLocal(true).withEnabled(false));
            LOG.info("Disabled the demo provider: LATCHKEY_DEMO_IDP is off");
          } catch (NotFoundException e) {
            LOG.debug("the demo provider went away meanwhile");
          }
        });
  }

  @Override
  public void close() {
    server.shutdown();
  }
}
