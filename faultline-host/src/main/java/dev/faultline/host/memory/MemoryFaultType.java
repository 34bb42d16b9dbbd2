package dev.faultline.host.memory;

import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultArguments;
import dev.faultline.core.fault.FaultParameter;
import dev.faultline.core.fault.InvalidFaultArgumentsException;
import dev.faultline.host.attack.HostContext;
import dev.faultline.host.attack.HostFaultType;
import java.util.List;
import java.util.Map;

/** {@code host-memory}: hold MiB or a percent of total memory. */
public final class MemoryFaultType extends HostFaultType {
  /** Absurd sizes stop here, before /proc/meminfo is consulted at apply time. */
  static final long MAX_MB = 16L * 1024 * 1024;

  public MemoryFaultType() {
    this(HostContext.forThisHost());
  }

  public MemoryFaultType(HostContext context) {
    super(context);
  }

  @Override
  public String name() {
    return "host-memory";
  }

  @Override
  public String summary() {
    return "Holds memory in a helper process with every page touched (MB or percent of total).";
  }

  @Override
  public List<FaultParameter> parameters() {
    return List.of(
        new FaultParameter("mb", "integer", false, "MiB to hold, 1 to " + MAX_MB + " (and at most what is available)"),
        new FaultParameter("percent", "number", false, "or: percent of total memory to hold, 1 to 100"));
  }

  @Override
  public Fault create(FaultArguments arguments) throws InvalidFaultArgumentsException {
    long mb = arguments.optionalInteger("mb", 1, MAX_MB, 0);
    double percent = arguments.optionalNumber("percent", 1, 100, 0);
    if ((mb == 0) == (percent == 0)) {
      arguments.problem("mb, percent: give exactly one of them (MiB to hold, or percent of total memory)");
    }
    arguments.finish();
    long size = mb > 0 ? mb : Math.max(1, Math.round(MemInfo.read().totalMb() * percent / 100));
    return new MemoryFault(context(), mb > 0 ? Map.of("mb", mb) : Map.of("percent", percent), size);
  }
}
