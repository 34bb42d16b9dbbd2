package dev.faultline.host.net;

import dev.faultline.host.attack.HostContext;
import java.util.List;
import java.util.Map;

/** This host cannot reach a set of hosts and they cannot reach it: everything to and from them is dropped. */
public final class PartitionFault extends NftFault {
  private final HostSet hosts;

  public PartitionFault(HostContext context, Map<String, Object> parameters, NetworkNamespace netns,
      NetworkPrivileges privileges, HostSet hosts) {
    super(context, "host-partition", parameters, netns, privileges);
    this.hosts = hosts;
  }

  @Override
  protected List<String> outputRules() {
    return rules(hosts, "daddr", "", "", "drop");
  }

  @Override
  protected List<String> inputRules() {
    return rules(hosts, "saddr", "", "", "drop");
  }

  @Override
  public String target() {
    return "cut off from " + hosts.describe() + netns().describe();
  }
}
