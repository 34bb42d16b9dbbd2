package dev.faultline.cli;

import dev.faultline.host.attack.HostContext;
import dev.faultline.host.attack.HostRecovery;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code faultline halt}: revert every active attack on this host, now, whoever holds it. */
@Command(name = "halt", mixinStandardHelpOptions = true,
    description = "Revert every active host attack on this host at once (foreground, detached and experiment ones); "
        + "with --server, halt that Faultline server instead (all its runs and faults; new runs refused until resumed).")
final class HaltCommand implements Callable<Integer> {
  // No $FAULTLINE_SERVER default here: plain 'halt' is this host's emergency stop and must stay so.
  @Option(names = "--server", paramLabel = "URL",
      description = "Halt this Faultline server (operator token from $FAULTLINE_TOKEN or --token-file).")
  String server;

  @Option(names = "--token-file", paramLabel = "FILE", description = "With --server: a file holding the bearer token.")
  java.nio.file.Path tokenFile;

  @Option(names = "--reason", paramLabel = "TEXT", description = "With --server: why chaos is halted (required).")
  String reason;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (server != null || reason != null || tokenFile != null) {
      return haltServer(out, err);
    }
    long start = System.nanoTime();
    List<HostRecovery.Reverted> reverted = HostContext.forThisHost().recovery().haltAll();
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
    long ms = (System.nanoTime() - start) / 1_000_000;
    out.println(reverted.isEmpty() && runFaults.isEmpty() ? "no attacks were active"
        : "halted " + reverted.size() + " attack(s)" + (runFaults.isEmpty() ? "" : " and " + runFaults.size()
            + " run fault(s)") + " in " + ms + " ms");
    return clean ? 0 : 1;
  }

  private int haltServer(PrintWriter out, PrintWriter err) {
    if (server == null || reason == null || reason.isBlank()) {
      err.println("faultline halt: --server URL and --reason TEXT go together (e.g. --server http://127.0.0.1:8080 "
          + "--reason 'incident 42'); without them halt reverts this host's attacks");
      return Main.USAGE_ERROR;
    }
    try {
      return RemoteHalt.halt(ServerClient.connect(server, tokenFile, System.getenv()), reason, out, err);
    } catch (ServerClient.Usage e) {
      err.println("faultline halt: " + e.getMessage());
      return Main.USAGE_ERROR;
    }
  }
}
