package dev.faultline.host.process;

import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultArguments;
import dev.faultline.core.fault.FaultParameter;
import dev.faultline.core.fault.InvalidFaultArgumentsException;
import dev.faultline.host.attack.HostContext;
import dev.faultline.host.attack.HostFaultType;
import java.util.List;
import java.util.Map;

/** {@code host-forkbomb}: bounded fork-bomb-style process pressure. */
public final class ForkBombFaultType extends HostFaultType {
  /** The count limit: pressure, never an unbounded fork bomb. */
  static final long MAX_COUNT = 10_000;

  public ForkBombFaultType() {
    this(HostContext.forThisHost());
  }

  public ForkBombFaultType(HostContext context) {
    super(context);
  }

  @Override
  public String name() {
    return "host-forkbomb";
  }

  @Override
  public String summary() {
    return "Fork-bomb-style pressure bounded by a count: starts N idle processes and kills them on revert.";
  }

  @Override
  public List<FaultParameter> parameters() {
    return List.of(new FaultParameter("count", "integer", false, "processes to start, 1 to " + MAX_COUNT + " (default 100)"));
  }

  @Override
  public Fault create(FaultArguments arguments) throws InvalidFaultArgumentsException {
    long count = arguments.optionalInteger("count", 1, MAX_COUNT, 100);
    arguments.finish();
    return new ForkBombFault(context(), Map.of("count", count), (int) count);
  }
}
