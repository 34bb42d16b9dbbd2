package dev.faultline.host.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Hosts a network attack targets: IP addresses, CIDRs and host names (resolved once, when the
 * attack is created), split by family because nftables matches them with {@code ip} / {@code ip6}.
 */
public record HostSet(List<String> ipv4, List<String> ipv6) {
  private static final Pattern V4_CIDR = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}");
  private static final Pattern V6_CIDR = Pattern.compile("[0-9a-fA-F:]+/\\d{1,3}");
  /** No host filter: every host. */
  public static final HostSet ANY = new HostSet(List.of(), List.of());

  public HostSet {
    ipv4 = List.copyOf(ipv4);
    ipv6 = List.copyOf(ipv6);
  }

  /**
   * Parses a comma-separated list.
   *
   * @throws IllegalArgumentException naming the entry that is neither an address, a CIDR nor a resolvable name
   */
  public static HostSet parse(String text) {
    List<String> v4 = new ArrayList<>();
    List<String> v6 = new ArrayList<>();
    for (String raw : text.split(",")) {
      String entry = raw.strip();
      if (entry.isEmpty()) {
        continue;
      }
      if (V4_CIDR.matcher(entry).matches()) {
        checkPrefix(entry, 32);
        v4.add(entry);
      } else if (entry.contains(":") && V6_CIDR.matcher(entry).matches()) {
        checkPrefix(entry, 128);
        v6.add(entry);
      } else {
        try {
          for (InetAddress a : InetAddress.getAllByName(entry)) {
            (a instanceof Inet6Address ? v6 : v4).add(a.getHostAddress().replaceAll("%.*$", ""));
          }
        } catch (UnknownHostException e) {
          throw new IllegalArgumentException("'" + entry + "' is neither an IP address, a CIDR (10.0.0.0/8) nor a host name "
              + "that resolves here");
        }
      }
    }
    if (v4.isEmpty() && v6.isEmpty()) {
      throw new IllegalArgumentException("'" + text + "' names no host; expected addresses, CIDRs or names, comma-separated");
    }
    return new HostSet(v4.stream().distinct().toList(), v6.stream().distinct().toList());
  }

  /** Whether this matches every host. */
  public boolean isAny() {
    return ipv4.isEmpty() && ipv6.isEmpty();
  }

  /**
   * One nftables match per family ({@code ip daddr { ... }}), or one empty match for any host.
   *
   * @param field {@code daddr} or {@code saddr}
   */
  public List<String> matches(String field) {
    if (isAny()) {
      return List.of("");
    }
    List<String> m = new ArrayList<>();
    if (!ipv4.isEmpty()) {
      m.add("ip " + field + " { " + String.join(", ", ipv4) + " } ");
    }
    if (!ipv6.isEmpty()) {
      m.add("ip6 " + field + " { " + String.join(", ", ipv6) + " } ");
    }
    return m;
  }

  /** The hosts for people. */
  public String describe() {
    if (isAny()) {
      return "any host";
    }
    List<String> all = new ArrayList<>(ipv4);
    all.addAll(ipv6);
    return String.join(", ", all);
  }

  private static void checkPrefix(String cidr, int max) {
    int prefix = Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
    if (prefix > max) {
      throw new IllegalArgumentException("'" + cidr + "' has a prefix length over " + max);
    }
  }
}
