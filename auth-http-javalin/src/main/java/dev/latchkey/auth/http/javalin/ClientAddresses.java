package dev.latchkey.auth.http.javalin;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The client's address: the socket peer, unless the peer is a trusted proxy, in which case the right-most
 * {@code X-Forwarded-For} entry that is not itself a trusted proxy. Every header line counts, in the order received,
 * as one comma-separated list (RFC 9110 §5.3): a proxy that adds a line of its own instead of appending to the
 * client's cannot be fooled by a line the client sent first. Never trusts the header from anyone else; the same rule
 * decides whether a request arrived over HTTPS ({@link #https}).
 *
 * <p>A trusted proxy is an address, a CIDR block or a host name; names are resolved off the request path by
 * {@link ProxyNames} (once here, then in the background between {@link #start} and {@link #close}). Hops in
 * {@code X-Forwarded-For} are only ever IP literals: a name there is never looked up.
 */
final class ClientAddresses implements AutoCloseable {
  private record Block(byte[] network, int bits) {}

  private static final Pattern PREFIX = Pattern.compile("[0-9]{1,3}");
  private final List<Block> trusted = new ArrayList<>();
  private final ProxyNames names;

  /**
   * @param proxies addresses, CIDR blocks or host names ({@code 10.0.0.0/8}, {@code ::1}, {@code nginx}); names are
   *     resolved by the system resolver
   */
  ClientAddresses(Set<String> proxies) {
    this(proxies, ProxyNames.Resolver.SYSTEM);
  }

  /** As {@link #ClientAddresses(Set)}, names resolved by {@code resolver}. */
  ClientAddresses(Set<String> proxies, ProxyNames.Resolver resolver) {
    List<String> hostNames = new ArrayList<>();
    for (String proxy : proxies) {
      Block block = parse(proxy, hostNames);
      if (block != null) {
        trusted.add(block);
      }
    }
    this.names = new ProxyNames(hostNames, resolver);
  }

  /** Checks every entry as {@link #ClientAddresses(Set)} does, without resolving anything. */
  static void validate(Set<String> proxies) {
    for (String proxy : proxies) {
      parse(proxy, new ArrayList<>());
    }
  }

  /** The block an entry names, or null after adding a host name to {@code hostNames}. */
  private static @Nullable Block parse(String proxy, List<String> hostNames) {
    String[] parts = proxy.strip().split("/", 2);
    byte[] address = literal(parts[0]);
    if (address == null) {
      if (!ProxyNames.isHostName(parts[0])) {
        throw new IllegalArgumentException("trusted proxy " + proxy
            + " is not an IP address, CIDR block or host name");
      }
      if (parts.length == 2) {
        throw new IllegalArgumentException("trusted proxy " + proxy
            + " is a host name, and a host name takes no prefix length");
      }
      hostNames.add(parts[0]);
      return null;
    }
    int bits = parts.length == 1 ? address.length * 8 : PREFIX.matcher(parts[1]).matches()
        ? Integer.parseInt(parts[1]) : -1;
    if (bits < 0 || bits > address.length * 8) {
      throw new IllegalArgumentException("trusted proxy " + proxy + " has an invalid prefix length");
    }
    return new Block(address, bits);
  }

  /** Resolves the host names again now (the background refresh does this on its own). */
  void refresh() {
    names.refresh();
  }

  /** How long until the background refresh resolves the names again. */
  Duration nextRefresh() {
    return names.nextRefresh();
  }

  /** Starts re-resolving the host names in the background (nothing to do without names). */
  void start() {
    names.start();
  }

  /** Whether the background refresh runs. */
  boolean refreshing() {
    return names.refreshing();
  }

  /** Stops the background refresh for good. */
  @Override
  public void close() {
    names.close();
  }

  /**
   * The client's address.
   *
   * @param peer the socket peer
   * @param forwardedFor every {@code X-Forwarded-For} header line, in the order received
   */
  String resolve(String peer, List<String> forwardedFor) {
    if (forwardedFor.isEmpty() || !isTrusted(peer)) {
      return peer;
    }
    String[] hops = String.join(",", forwardedFor).split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].strip();
      if (literal(hop) == null) {
        return peer;
      }
      if (!isTrusted(hop)) {
        return hop;
      }
    }
    return peer;
  }

  /**
   * Whether the request arrived over HTTPS: its own scheme is {@code https}, or the peer is a trusted proxy whose
   * {@code X-Forwarded-Proto} (its last entry: what the nearest proxy saw) is {@code https}.
   *
   * @param forwardedProto every {@code X-Forwarded-Proto} header line, in the order received
   */
  boolean https(String scheme, String peer, List<String> forwardedProto) {
    if ("https".equalsIgnoreCase(scheme)) {
      return true;
    }
    if (forwardedProto.isEmpty() || !isTrusted(peer)) {
      return false;
    }
    String[] protos = String.join(",", forwardedProto).split(",");
    return protos.length > 0 && protos[protos.length - 1].strip().equalsIgnoreCase("https");
  }

  private boolean isTrusted(String address) {
    byte[] bytes = literal(address);
    if (bytes == null) {
      return false;
    }
    for (Block block : trusted) {
      if (block.network().length == bytes.length && matches(block, bytes)) {
        return true;
      }
    }
    return names.contains(bytes);
  }

  private static boolean matches(Block block, byte[] address) {
    int full = block.bits() / 8;
    for (int i = 0; i < full; i++) {
      if (block.network()[i] != address[i]) {
        return false;
      }
    }
    int rest = block.bits() % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xFF << (8 - rest)) & 0xFF;
    return (block.network()[full] & mask) == (address[full] & mask);
  }

  /** The bytes of an IP literal; null for anything else (host names are never resolved). */
  static byte @Nullable [] literal(String text) {
    String s = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    if (s.isEmpty() || !(s.matches("[0-9.]+") || (s.indexOf(':') >= 0 && s.matches("[0-9A-Fa-f:.]+")))) {
      return null;
    }
    try {
      return InetAddress.getByName(s).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
