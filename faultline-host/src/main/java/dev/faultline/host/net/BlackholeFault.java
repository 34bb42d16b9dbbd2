package dev.faultline.host.net;

import dev.faultline.host.attack.HostContext;
import java.util.List;
import java.util.Map;

/** Drops traffic to and/or from hosts, a port and a protocol. */
public final class BlackholeFault extends NftFault {
  private final HostSet hosts;
  private final int port;
  private final String protocol;
  private final Direction direction;

  /**
   * @param port the remote port, or 0 for any
   * @param protocol {@code tcp}, {@code udp} or {@code any}
   */
  public BlackholeFault(HostContext context, Map<String, Object> parameters, NetworkNamespace netns,
      NetworkPrivileges privileges, HostSet hosts, int port, String protocol, Direction direction) {
    super(context, "host-blackhole", parameters, netns, privileges);
    this.hosts = hosts;
    this.port = port;
    this.protocol = protocol;
    this.direction = direction;
  }

  private String l4() {
    if (!"any".equals(protocol)) {
      return "meta l4proto " + protocol + " ";
    }
    return port > 0 ? "meta l4proto { tcp, udp } " : "";
  }

  @Override
  protected List<String> outputRules() {
    return direction.out() ? rules(hosts, "daddr", l4(), port > 0 ? "th dport " + port + " " : "", "drop") : List.of();
  }

  @Override
  protected List<String> inputRules() {
    return direction.in() ? rules(hosts, "saddr", l4(), port > 0 ? "th sport " + port + " " : "", "drop") : List.of();
  }

  @Override
  public String target() {
    return hosts.describe() + (port > 0 ? " port " + port : "") + ("any".equals(protocol) ? "" : " " + protocol)
        + ", " + direction.name().toLowerCase(java.util.Locale.ROOT) + netns().describe();
  }
}
