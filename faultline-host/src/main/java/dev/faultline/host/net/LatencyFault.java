package dev.faultline.host.net;

import dev.faultline.core.fault.FaultException;
import dev.faultline.host.attack.HostContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Kernel-level latency (and jitter) on an interface with netem. Where the kernel has no netem it
 * refuses before anything is recorded and points to the fault proxy.
 */
public final class LatencyFault extends QdiscFault {
  private final long latencyMs;
  private final long jitterMs;

  public LatencyFault(HostContext context, Map<String, Object> parameters, NetworkNamespace netns,
      NetworkPrivileges privileges, String device, long latencyMs, long jitterMs) {
    super(context, "host-latency", parameters, netns, privileges, device);
    this.latencyMs = latencyMs;
    this.jitterMs = jitterMs;
  }

  @Override
  protected void check() throws FaultException {
    if (!NetemSupport.available()) {
      throw new FaultException("the latency attack cannot run: " + NetemSupport.MISSING + ". Nothing was applied.");
    }
  }

  @Override
  protected List<String> qdisc() {
    List<String> q = new ArrayList<>(List.of("netem", "delay", latencyMs + "ms"));
    if (jitterMs > 0) {
      q.add(jitterMs + "ms");
    }
    return q;
  }

  @Override
  protected String kind() {
    return "latency";
  }

  @Override
  public String target() {
    return device() + " +" + latencyMs + " ms" + (jitterMs > 0 ? " ± " + jitterMs + " ms" : "") + netns().describe();
  }
}
