package dev.faultline.host.net;

import dev.faultline.host.attack.HostContext;
import java.util.List;
import java.util.Map;

/**
 * Name resolution fails: queries to resolvers (port 53, UDP and TCP) are dropped. Resolution
 * already cached by a process is not affected, as in a real resolver outage.
 */
public final class DnsFault extends NftFault {
  private final HostSet resolvers;

  public DnsFault(HostContext context, Map<String, Object> parameters, NetworkNamespace netns,
      NetworkPrivileges privileges, HostSet resolvers) {
    super(context, "host-dns", parameters, netns, privileges);
    this.resolvers = resolvers;
  }

  @Override
  protected List<String> outputRules() {
    return rules(resolvers, "daddr", "meta l4proto { tcp, udp } ", "th dport 53 ", "drop");
  }

  @Override
  protected List<String> inputRules() {
    return List.of();
  }

  @Override
  public String target() {
    return "DNS queries to " + (resolvers.isAny() ? "every resolver" : resolvers.describe()) + netns().describe();
  }
}
