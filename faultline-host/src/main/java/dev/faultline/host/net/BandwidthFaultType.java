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

/** {@code host-bandwidth}: rate-limit an interface. */
public final class BandwidthFaultType extends HostFaultType {
  static final long MAX_KBIT = 100_000_000;

  public BandwidthFaultType() {
    this(HostContext.forThisHost());
  }

  public BandwidthFaultType(HostContext context) {
    super(context);
  }

  @Override
  public String name() {
    return "host-bandwidth";
  }

  @Override
  public String summary() {
    return "Limits the rate of traffic sent on a network interface (tc tbf root qdisc).";
  }

  @Override
  public List<FaultParameter> parameters() {
    return List.of(
        new FaultParameter("device", "string", true, "the network interface, e.g. eth0"),
        new FaultParameter("rateKbit", "integer", true, "the rate in kbit/s, 8 to " + MAX_KBIT),
        NetworkArguments.netnsParameter());
  }

  @Override
  public Fault create(FaultArguments arguments) throws InvalidFaultArgumentsException {
    Map<String, Object> given = new LinkedHashMap<>();
    String device = NetworkArguments.device(arguments, given);
    long rate = arguments.integer("rateKbit", 8, MAX_KBIT);
    NetworkNamespace netns = NetworkArguments.netns(arguments, given);
    arguments.finish();
    given.put("rateKbit", rate);
    return new BandwidthFault(context(), given, netns, NetworkPrivileges.ofThisProcess(), device, rate);
  }
}
