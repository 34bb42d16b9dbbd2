package dev.faultline.host.net;

import dev.faultline.host.attack.HostContext;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Drops a percentage of packets (nftables' random number generator, no netem needed). */
public final class LossFault extends NftFault {
  private final double percent;
  private final HostSet hosts;
  private final Direction direction;

  public LossFault(HostContext context, Map<String, Object> parameters, NetworkNamespace netns,
      NetworkPrivileges privileges, double percent, HostSet hosts, Direction direction) {
    super(context, "host-loss", parameters, netns, privileges);
    this.percent = percent;
    this.hosts = hosts;
    this.direction = direction;
  }

  private String dropShare() {
    if (percent >= 100) {
      return "";
    }
    // hundredths of a percent, so 0.5% loss is expressible
    return "numgen random mod 10000 < " + Math.round(percent * 100) + " ";
  }

  @Override
  protected List<String> outputRules() {
    return direction.out() ? rules(hosts, "daddr", "", dropShare(), "drop") : List.of();
  }

  @Override
  protected List<String> inputRules() {
    return direction.in() ? rules(hosts, "saddr", "", dropShare(), "drop") : List.of();
  }

  @Override
  public String target() {
    return String.format(Locale.ROOT, "%s%% of packets, %s, %s", percent, hosts.describe(),
        direction.name().toLowerCase(Locale.ROOT)) + netns().describe();
  }
}
