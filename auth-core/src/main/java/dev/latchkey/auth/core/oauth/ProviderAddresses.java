package dev.latchkey.auth.core.oauth;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a provider URL may point (server-side request forgery): an administrator-configured issuer, and every endpoint
 * Latchkey fetches for a provider (discovery document, JWKS, token endpoint, user API), must be on a public address
 * unless the provider is marked {@link ProviderSettings#local() local}. Refused: loopback ({@code 127/8}, {@code ::1}),
 * the unspecified addresses ({@code 0.0.0.0/8}, {@code ::}), link-local ({@code 169.254/16} with the cloud metadata
 * service {@code 169.254.169.254}, {@code fe80::/10}), private ({@code 10/8}, {@code 172.16/12}, {@code 192.168/16},
 * ULA {@code fc00::/7}, site-local {@code fec0::/10}), carrier-grade NAT {@code 100.64/10}, the IETF, benchmarking
 * and reserved ranges ({@code 192.0.0/24}, {@code 198.18/15}, {@code 240/4}), multicast, and IPv6 forms that carry
 * one of those IPv4 addresses (IPv4-mapped {@code ::ffff:0:0/96}, IPv4-compatible, NAT64 {@code 64:ff9b::/96},
 * 6to4 {@code 2002::/16}); host names {@code localhost}, {@code *.localhost}, {@code *.local} and
 * {@code *.internal}; numeric hosts other than a dotted quad ({@code 2130706433}, {@code 0x7f.1}).
 *
 * <p>{@link #check} looks at the URL alone (configuration time: no DNS); {@link #resolveAndCheck} resolves the host
 * and checks every address, right before a connection, so a name that resolves (or is rebound) to a private address
 * is refused too. The JDK caches a resolution (30 s by default), so the connection that follows uses the addresses
 * just checked. Stateless and thread-safe.
 */
public final class ProviderAddresses {
  private static final Pattern NUMERIC_HOST = Pattern.compile("(?i)(0x[0-9a-f]*|[0-9]+)(\\.(0x[0-9a-f]*|[0-9]+))*\\.?");
  private static final Pattern DOTTED_QUAD = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
      + "(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}");

  private ProviderAddresses() {}

  /**
   * Why {@code url} may not be used for a provider, judged from the URL alone: a scheme other than https (http only
   * when {@code local}), no host, or (unless {@code local}) a literal address or a host name that is not public.
   *
   * @return the reason, for a validation message (it names no secret), or empty when the URL may be used
   */
  public static Optional<String> check(URI url, boolean local) {
    String host = url.getHost();
    if (host == null || host.isEmpty()) {
      return Optional.of("must be an absolute https URL with a host");
    }
    if (!ProviderSettings.isSecureUrl(url, local)) {
      return Optional.of(local ? "must be an https or http URL" : "must be an https URL (http only for a provider"
          + " marked local)");
    }
    if (local) {
      return Optional.empty();
    }
    String name = host.toLowerCase(Locale.ROOT);
    name = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    if (name.equals("localhost") || name.endsWith(".localhost") || name.endsWith(".local")
        || name.endsWith(".internal") || name.equals("localhost.localdomain")) {
      return Optional.of("names a local host: mark the provider local to allow it");
    }
    Optional<InetAddress> literal = literal(name);
    if (literal.isEmpty() && name.startsWith("[")) {
      return Optional.of("has an IPv6 host that is not a plain address");
    }
    if (literal.isEmpty() && NUMERIC_HOST.matcher(name).matches()) {
      return Optional.of("has a numeric host that is not a dotted IPv4 address");
    }
    if (literal.isPresent() && !isPublic(literal.get())) {
      return Optional.of("is on a loopback, link-local or private address: mark the provider local to allow it");
    }
    return Optional.empty();
  }

  /**
   * Checks {@code url} as {@link #check} does, then (unless {@code local}) resolves its host and checks every address
   * it resolves to.
   *
   * @return the reason the URL may not be fetched, or empty when it may
   */
  public static Optional<String> resolveAndCheck(URI url, boolean local) {
    Optional<String> reason = check(url, local);
    if (reason.isPresent() || local) {
      return reason;
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(url.getHost());
    } catch (UnknownHostException e) {
      return Optional.of("names a host that does not resolve");
    }
    for (InetAddress address : addresses) {
      if (!isPublic(address)) {
        return Optional.of("resolves to a loopback, link-local or private address: mark the provider local to"
            + " allow it");
      }
    }
    return Optional.empty();
  }

  /** Whether an address is public: none of the ranges listed in the class comment. */
  public static boolean isPublic(InetAddress address) {
    if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
        || address.isSiteLocalAddress() || address.isMulticastAddress()) {
      return false;
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      return isPublicV4(b);
    }
    if (address instanceof Inet6Address) {
      return isPublicV6(b);
    }
    return false;
  }

  private static boolean isPublicV4(byte[] b) {
    int first = b[0] & 0xff;
    int second = b[1] & 0xff;
    return first != 0 && first != 10 && first != 127 && first < 224
        && !(first == 100 && (second & 0xc0) == 64) // 100.64/10, carrier-grade NAT
        && !(first == 169 && second == 254)
        && !(first == 172 && (second & 0xf0) == 16)
        && !(first == 192 && second == 168)
        && !(first == 192 && second == 0 && (b[2] & 0xff) == 0) // 192.0.0/24, IETF protocol assignments
        && !(first == 198 && (second & 0xfe) == 18); // 198.18/15, benchmarking
  }

  private static boolean isPublicV6(byte[] b) {
    int first = b[0] & 0xff;
    if ((first & 0xfe) == 0xfc || (first == 0xfe && (b[1] & 0xc0) == 0x80) || (first == 0xfe && (b[1] & 0xc0) == 0xc0)
        || first == 0xff) {
      return false; // ULA fc00::/7, link-local fe80::/10, site-local fec0::/10, multicast
    }
    boolean zeroPrefix = true;
    for (int i = 0; i < 10; i++) {
      zeroPrefix &= b[i] == 0;
    }
    if (zeroPrefix && ((b[10] == 0 && b[11] == 0) || (b[10] == (byte) 0xff && b[11] == (byte) 0xff))) {
      return isPublicV4(new byte[] {b[12], b[13], b[14], b[15]}); // IPv4-compatible, IPv4-mapped, ::, ::1
    }
    boolean nat64 = b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b;
    for (int i = 4; nat64 && i < 12; i++) {
      nat64 = b[i] == 0;
    }
    if (nat64) {
      return isPublicV4(new byte[] {b[12], b[13], b[14], b[15]});
    }
    if (first == 0x20 && b[1] == 0x02) {
      return isPublicV4(new byte[] {b[2], b[3], b[4], b[5]}); // 6to4
    }
    return true;
  }

  /** The address a literal host stands for (IPv6 in brackets, or a dotted quad), parsed without any DNS lookup. */
  private static Optional<InetAddress> literal(String host) {
    boolean v6 = host.startsWith("[") && host.endsWith("]") && host.substring(1, host.length() - 1)
        .matches("[0-9a-f:.]+");
    if (!v6 && !DOTTED_QUAD.matcher(host).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(v6 ? host.substring(1, host.length() - 1) : host));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }
}
