package dev.faultline.host.net;

import dev.faultline.host.attack.HostContext;
import java.util.List;
import java.util.Map;

/** Limits the rate of traffic leaving an interface with a token bucket filter ({@code tc ... tbf}). */
public final class BandwidthFault extends QdiscFault {
  private final long rateKbit;

  public BandwidthFault(HostContext context, Map<String, Object> parameters, NetworkNamespace netns,
      NetworkPrivileges privileges, String device, long rateKbit) {
    super(context, "host-bandwidth", parameters, netns, privileges, device);
    this.rateKbit = rateKbit;
  }

  @Override
  protected List<String> qdisc() {
    // A bucket of 50 ms worth of traffic (at least 16 KB, above one MTU burst) keeps the rate smooth.
    long burstBytes = Math.max(16_000, rateKbit * 1000 / 8 / 20);
    return List.of("tbf", "rate", rateKbit + "kbit", "burst", Long.toString(burstBytes), "latency", "200ms");
  }

  @Override
  protected String kind() {
    return "bandwidth";
  }

  @Override
  public String target() {
    return device() + " limited to " + rateKbit + " kbit/s" + netns().describe();
  }
}
