package dev.latchkey.auth.http.javalin;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The client's address: the socket peer, unless the peer is a trusted proxy, in which case the right-most
 * {@code X-Forwarded-For} entry that is not itself a trusted proxy. Every header line counts, in the order received,
 * as one comma-separated list (RFC 9110 §5.3): a proxy that adds a line of its own instead of appending to the
 * client's cannot be fooled by a line the client sent first. Never trusts the header from anyone else; the same rule
 * decides whether a request arrived over HTTPS ({@link #https}).
 */
final class ClientAddresses {
  private record Block(byte[] network, int bits) {}

  private final List<Block> trusted = new ArrayList<>();

  /** @param proxies addresses or CIDR blocks ({@code 10.0.0.0/8}, {@code ::1}) */
  ClientAddresses(Set<String> proxies) {
    for (String proxy : proxies) {
      String[] parts = proxy.strip().split("/", 2);
      byte[] address = literal(parts[0]);
      if (address == null) {
        throw new IllegalArgumentException("trusted proxy " + proxy + " is not an IP address or CIDR block");
      }
      int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : address.length * 8;
      if (bits < 0 || bits > address.length * 8) {
        throw new IllegalArgumentException("trusted proxy " + proxy + " has an invalid prefix length");
      }
      trusted.add(new Block(address, bits));
    }
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
    return false;
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
