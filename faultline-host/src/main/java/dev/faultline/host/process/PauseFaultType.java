package dev.faultline.host.process;

import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultArguments;
import dev.faultline.core.fault.FaultParameter;
import dev.faultline.core.fault.InvalidFaultArgumentsException;
import dev.faultline.host.attack.HostContext;
import dev.faultline.host.attack.HostFaultType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code host-pause}: SIGSTOP for the length, SIGCONT after. */
public final class PauseFaultType extends HostFaultType {
  public PauseFaultType() {
    this(HostContext.forThisHost());
  }

  public PauseFaultType(HostContext context) {
    super(context);
  }

  @Override
  public String name() {
    return "host-pause";
  }

  @Override
  public String summary() {
    return "Freezes matching processes (SIGSTOP) and continues them (SIGCONT) on every revert path.";
  }

  @Override
  public List<FaultParameter> parameters() {
    return SelectorArguments.parameters();
  }

  @Override
  public Fault create(FaultArguments arguments) throws InvalidFaultArgumentsException {
    Map<String, Object> given = new LinkedHashMap<>();
    ProcessSelector selector = SelectorArguments.read(arguments, given);
    arguments.finish();
    return new PauseFault(context(), given, selector);
  }
}
