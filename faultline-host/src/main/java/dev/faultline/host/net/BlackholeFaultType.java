package dev.faultline.host.net;

import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultArguments;
import dev.faultline.core.fault.FaultParameter;
import dev.faultline.core.fault.InvalidFaultArgumentsException;
import dev.faultline.host.attack.HostContext;
import dev.faultline.host.attack.HostFaultType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code host-blackhole}: drop traffic to/from hosts, ports, protocols. */
public final class BlackholeFaultType extends HostFaultType {
  public BlackholeFaultType() {
    this(HostContext.forThisHost());
  }

  public BlackholeFaultType(HostContext context) {
    super(context);
  }

  @Override
  public String name() {
    return "host-blackhole";
  }

  @Override
  public String summary() {
    return "Drops traffic to and/or from hosts, CIDRs, a port and a protocol (nftables, table inet faultline).";
  }

  @Override
  public List<FaultParameter> parameters() {
    return List.of(
        new FaultParameter("host", "string", false, "IP addresses, CIDRs or host names, comma-separated (default: any host)"),
        new FaultParameter("port", "integer", false, "the remote port, 1 to 65535 (default: any)"),
        new FaultParameter("protocol", "string", false, "tcp, udp or any (default any)"),
        new FaultParameter("direction", "string", false, "out (sent), in (received) or both (default both)"),
        NetworkArguments.netnsParameter());
  }

  @Override
  public Fault create(FaultArguments arguments) throws InvalidFaultArgumentsException {
    Map<String, Object> given = new LinkedHashMap<>();
    HostSet hosts = NetworkArguments.hosts(arguments, "host", given);
    long port = arguments.optionalInteger("port", 1, 65535, 0);
    String protocol = arguments.optionalString("protocol", "any");
    Direction direction = direction(arguments, "both");
    NetworkNamespace netns = NetworkArguments.netns(arguments, given);
    if (protocol != null && !List.of("tcp", "udp", "any").contains(protocol)) {
      arguments.problem("protocol: '" + protocol + "' is not supported; allowed tcp, udp, any");
    }
    if (hosts == null && port == 0) {
      arguments.problem("host, port: give a host, a port or both; a blackhole of everything would cut this host off");
    }
    arguments.finish();
    if (port > 0) {
      given.put("port", port);
    }
    given.put("protocol", protocol);
    given.put("direction", direction.name().toLowerCase(Locale.ROOT));
    return new BlackholeFault(context(), given, netns, NetworkPrivileges.ofThisProcess(),
        hosts == null ? HostSet.ANY : hosts, (int) port, protocol, direction);
  }

  /** Reads {@code direction} (out, in, both). */
  static Direction direction(FaultArguments arguments, String fallback) {
    String text = arguments.optionalString("direction", fallback);
    try {
      return Direction.valueOf(String.valueOf(text).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      arguments.problem("direction: '" + text + "' is not a direction; allowed out, in, both");
      return Direction.BOTH;
    }
  }
}
