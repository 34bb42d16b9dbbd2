package dev.faultline.cli;

import dev.faultline.core.fault.FaultParameter;
import dev.faultline.core.fault.FaultRegistry;
import dev.faultline.core.fault.FaultType;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code faultline faults}: the fault types usable in experiment files, with their parameters. */
@Command(name = "faults", mixinStandardHelpOptions = true,
    description = "List the fault types usable with provider type 'fault' in experiment files.")
final class FaultsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    for (FaultType t : FaultRegistry.installed().types()) {
      out.println(t.name() + (t.reversible() ? "" : " (irreversible)") + " — " + t.summary());
      for (FaultParameter p : t.parameters()) {
        out.println("    " + p.name() + " (" + p.type() + (p.required() ? ", required" : "") + "): " + p.description());
      }
    }
    return 0;
  }
}
