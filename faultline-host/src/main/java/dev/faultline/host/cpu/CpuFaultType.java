package dev.faultline.host.cpu;

import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultArguments;
import dev.faultline.core.fault.FaultParameter;
import dev.faultline.core.fault.InvalidFaultArgumentsException;
import dev.faultline.host.attack.HostContext;
import dev.faultline.host.attack.HostFaultType;
import java.util.List;
import java.util.Map;

/** {@code host-cpu}: load cores to a percent. */
public final class CpuFaultType extends HostFaultType {
  public CpuFaultType() {
    this(HostContext.forThisHost());
  }

  public CpuFaultType(HostContext context) {
    super(context);
  }

  @Override
  public String name() {
    return "host-cpu";
  }

  @Override
  public String summary() {
    return "Loads CPU cores to a target percent each (busy/sleep duty cycles, measured per thread).";
  }

  @Override
  public List<FaultParameter> parameters() {
    int n = Runtime.getRuntime().availableProcessors();
    return List.of(
        new FaultParameter("cores", "integer", false, "how many cores to load, 1 to " + n + "; 0 or 'all' = all (default 1)"),
        new FaultParameter("percent", "number", false, "load per core, 1 to 100 (default 100)"));
  }

  @Override
  public Fault create(FaultArguments arguments) throws InvalidFaultArgumentsException {
    int n = Runtime.getRuntime().availableProcessors();
    long cores = arguments.optionalInteger("cores", 0, n, 1);
    double percent = arguments.optionalNumber("percent", 1, 100, 100);
    arguments.finish();
    int c = cores == 0 ? n : (int) cores;
    return new CpuFault(context(), Map.of("cores", c, "percent", percent), c, percent);
  }
}
