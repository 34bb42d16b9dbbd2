package dev.faultline.host.process;

import dev.faultline.core.fault.FaultException;
import dev.faultline.host.attack.HostContext;
import dev.faultline.host.attack.HostFault;
import dev.faultline.host.state.UndoStep;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fork-bomb-style process pressure, bounded: starts N idle processes that fill the process table
 * and the user's process limit. They are marked, so any revert finds them, even after a crash.
 */
public final class ForkBombFault extends HostFault {
  private final int count;
  private final List<Process> started = new ArrayList<>();

  public ForkBombFault(HostContext context, Map<String, Object> parameters, int count) {
    super(context, "host-forkbomb", parameters);
    this.count = count;
  }

  @Override
  protected List<UndoStep> plan() throws FaultException {
    if (Commands.find("sleep").isEmpty()) {
      throw new FaultException("the process attack needs 'sleep' (coreutils) to start idle processes");
    }
    return List.of(new UndoStep.KillMarkedProcesses(marker()));
  }

  @Override
  protected synchronized void takeEffect() throws FaultException {
    ProcessBuilder pb = MarkedProcesses.mark(new ProcessBuilder("sleep", "2147483647"), marker())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectErrorStream(true);
    for (int i = 0; i < count; i++) {
      try {
        started.add(pb.start());
      } catch (IOException e) {
        throw new FaultException("could start only " + i + " of " + count + " processes: " + e.getMessage()
            + " (the process limit was reached before the count)", e);
      }
    }
  }

  @Override
  protected synchronized void stopInProcessWork() {
    started.forEach(Process::destroyForcibly);
    started.clear();
  }

  @Override
  public String target() {
    return count + " idle processes";
  }

  private String marker() {
    return "forkbomb-" + id();
  }
}
