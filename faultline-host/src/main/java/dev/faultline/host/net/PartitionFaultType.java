package dev.faultline.host.net;

import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultArguments;
import dev.faultline.core.fault.FaultParameter;
import dev.faultline.core.fault.InvalidFaultArgumentsException;
import dev.faultline.host.attack.HostContext;
import dev.faultline.host.attack.HostFaultType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code host-partition}: cut this host off from a set of hosts, both ways. */
public final class PartitionFaultType extends HostFaultType {
  public PartitionFaultType() {
    this(HostContext.forThisHost());
  }

  public PartitionFaultType(HostContext context) {
    super(context);
  }

  @Override
  public String name() {
    return "host-partition";
  }

  @Override
  public String summary() {
    return "Partitions this host from a set of hosts: neither side reaches the other (nftables).";
  }

  @Override
  public List<FaultParameter> parameters() {
    return List.of(
        new FaultParameter("host", "string", true, "the other side: IP addresses, CIDRs or host names, comma-separated"),
        NetworkArguments.netnsParameter());
  }

  @Override
  public Fault create(FaultArguments arguments) throws InvalidFaultArgumentsException {
    Map<String, Object> given = new LinkedHashMap<>();
    String text = arguments.string("host");
    HostSet hosts = HostSet.ANY;
    if (text != null) {
      given.put("host", text);
      try {
        hosts = HostSet.parse(text);
      } catch (IllegalArgumentException e) {
        arguments.problem("host: " + e.getMessage());
      }
    }
    NetworkNamespace netns = NetworkArguments.netns(arguments, given);
    arguments.finish();
    return new PartitionFault(context(), given, netns, NetworkPrivileges.ofThisProcess(), hosts);
  }
}
