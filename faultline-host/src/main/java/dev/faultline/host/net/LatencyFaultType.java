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

/** {@code host-latency}: netem delay on an interface, where the kernel has netem. */
public final class LatencyFaultType extends HostFaultType {
  public LatencyFaultType() {
    this(HostContext.forThisHost());
  }

  public LatencyFaultType(HostContext context) {
    super(context);
  }

  @Override
  public String name() {
    return "host-latency";
  }

  @Override
  public String summary() {
    return "Delays packets sent on an interface (tc netem); needs netem in the kernel, else use the fault proxy.";
  }

  @Override
  public List<FaultParameter> parameters() {
    return List.of(
        new FaultParameter("device", "string", true, "the network interface, e.g. eth0"),
        new FaultParameter("latencyMs", "integer", true, "added delay in ms, 1 to 60000"),
        new FaultParameter("jitterMs", "integer", false, "random variation in ms, 0 to 60000 (default 0)"),
        NetworkArguments.netnsParameter());
  }

  @Override
  public Fault create(FaultArguments arguments) throws InvalidFaultArgumentsException {
    Map<String, Object> given = new LinkedHashMap<>();
    String device = NetworkArguments.device(arguments, given);
    long latency = arguments.integer("latencyMs", 1, 60_000);
    long jitter = arguments.optionalInteger("jitterMs", 0, 60_000, 0);
    NetworkNamespace netns = NetworkArguments.netns(arguments, given);
    arguments.finish();
    given.put("latencyMs", latency);
    given.put("jitterMs", jitter);
    return new LatencyFault(context(), given, netns, NetworkPrivileges.ofThisProcess(), device, latency, jitter);
  }
}
