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

/** {@code host-loss}: drop a percentage of packets. */
public final class LossFaultType extends HostFaultType {
  public LossFaultType() {
    this(HostContext.forThisHost());
  }

  public LossFaultType(HostContext context) {
    super(context);
  }

  @Override
  public String name() {
    return "host-loss";
  }

  @Override
  public String summary() {
    return "Drops a percentage of packets, optionally only to/from some hosts (nftables).";
  }

  @Override
  public List<FaultParameter> parameters() {
    return List.of(
        new FaultParameter("percent", "number", true, "share of packets to drop, 0 to 100"),
        new FaultParameter("host", "string", false, "only packets to/from these addresses, CIDRs or names (default: any)"),
        new FaultParameter("direction", "string", false, "out (sent), in (received) or both (default out)"),
        NetworkArguments.netnsParameter());
  }

  @Override
  public Fault create(FaultArguments arguments) throws InvalidFaultArgumentsException {
    Map<String, Object> given = new LinkedHashMap<>();
    double percent = arguments.number("percent", 0, 100);
    HostSet hosts = NetworkArguments.hosts(arguments, "host", given);
    Direction direction = BlackholeFaultType.direction(arguments, "out");
    NetworkNamespace netns = NetworkArguments.netns(arguments, given);
    arguments.finish();
    given.put("percent", percent);
    given.put("direction", direction.name().toLowerCase(Locale.ROOT));
    return new LossFault(context(), given, netns, NetworkPrivileges.ofThisProcess(), percent,
        hosts == null ? HostSet.ANY : hosts, direction);
  }
}
