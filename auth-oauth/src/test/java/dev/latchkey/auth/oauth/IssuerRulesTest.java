package dev.latchkey.auth.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.auth.core.oauth.ProviderType;
import java.net.URI;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The issuer-equality rules of discovery, including Microsoft's tenant templates. */
class IssuerRulesTest {
  private static final String COMMON = "https://login.microsoftonline.com/common/v2.0";
  private static final String TEMPLATE = "https://login.microsoftonline.com/{tenantid}/v2.0";

  @Test
  @DisplayName("a discovered issuer must equal the configured one exactly")
  void exact() {
    assertThat(Discovery.issuerMatches(ProviderType.OIDC, "https://idp.example", "https://idp.example")).isTrue();
    assertThat(Discovery.issuerMatches(ProviderType.OIDC, "https://idp.example", "https://idp.example/")).isFalse();
    assertThat(Discovery.issuerMatches(ProviderType.GOOGLE, "https://accounts.google.com",
        "https://accounts.google.com.evil.example")).isFalse();
  }

  @Test
  @DisplayName("Microsoft may differ in the tenant segment only, on the same origin")
  void microsoft() {
    assertThat(Discovery.issuerMatches(ProviderType.MICROSOFT, COMMON, TEMPLATE)).isTrue();
    assertThat(Discovery.issuerMatches(ProviderType.MICROSOFT,
        "https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0",
        "https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0")).isTrue();
    assertThat(Discovery.issuerMatches(ProviderType.MICROSOFT, COMMON,
        "https://login.evil.example/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0")).isFalse();
    assertThat(Discovery.issuerMatches(ProviderType.MICROSOFT, COMMON,
        "https://login.microsoftonline.com/a/b/v2.0")).isFalse();
    assertThat(Discovery.issuerMatches(ProviderType.OIDC, COMMON, TEMPLATE)).isFalse();
  }

  @Test
  @DisplayName("a multi-tenant template expects the token's own tenant; without tid nothing matches it")
  void tenantTemplate() {
    OidcMetadata metadata = new OidcMetadata(TEMPLATE, URI.create("https://a"), URI.create("https://t"), null,
        Set.of(), null, false, true);
    assertThat(metadata.expectedIssuer("tid-1")).isEqualTo("https://login.microsoftonline.com/tid-1/v2.0");
    assertThat(metadata.expectedIssuer(null)).isEqualTo(TEMPLATE);
  }
}
