package dev.faultline.cli;

import dev.faultline.host.attack.HostContext;
import dev.faultline.host.attack.HostRecovery;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code faultline halt}: revert every active attack on this host, now, whoever holds it. */
@Command(name = "halt", mixinStandardHelpOptions = true,
    description = "Revert every active host attack on this host at once (foreground, detached and experiment ones).")
final class HaltCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    long start = System.nanoTime();
    List<HostRecovery.Reverted> reverted = HostContext.forThisHost().recovery().haltAll();
    long ms = (System.nanoTime() - start) / 1_000_000;
    boolean clean = true;
    for (HostRecovery.Reverted r : reverted) {
      out.println("reverted " + r.record().kind() + " " + r.record().id() + " (" + r.record().target() + ")");
      if (!r.clean()) {
        err.println("  problem: " + r.error());
        clean = false;
      }
    }
    List<RunFaultNotes.Halted> runFaults = RunFaultNotes.forThisHost().halt();
    for (RunFaultNotes.Halted h : runFaults) {
      out.println("removed " + h.note().what() + " (" + h.note().label() + ", run pid " + h.note().ownerPid() + ")");
      if (h.error().isPresent()) {
        err.println("  problem: " + h.error().get());
        clean = false;
      }
    }
    ms = (System.nanoTime() - start) / 1_000_000;
    out.println(reverted.isEmpty() && runFaults.isEmpty() ? "no attacks were active"
        : "halted " + reverted.size() + " attack(s)" + (runFaults.isEmpty() ? "" : " and " + runFaults.size()
            + " run fault(s)") + " in " + ms + " ms");
    return clean ? 0 : 1;
  }
}
