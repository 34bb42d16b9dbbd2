package dev.faultline.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.faultline.core.time.DurationText;
import dev.faultline.host.attack.HostContext;
import dev.faultline.host.state.AttackRecord;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code faultline attacks [--json]}: the attacks active on this host, whoever started them. */
@Command(name = "attacks", mixinStandardHelpOptions = true,
    description = "List the host attacks active on this host: kind, target, parameters, started, remaining.")
final class AttacksCommand implements Callable<Integer> {
  @Option(names = "--json", description = "Print the state records as a JSON array.")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws JsonProcessingException {
    PrintWriter out = spec.commandLine().getOut();
    HostContext host = HostContext.forThisHost();
    LeftoverReport.revertAndReport(host, spec.commandLine().getErr());
    List<AttackRecord> records = host.journal().list();
    if (json) {
      out.println(host.journal().json().writeValueAsString(records));
      return 0;
    }
    List<RunFaultNotes.Note> runFaults = RunFaultNotes.forThisHost().active();
    if (records.isEmpty()) {
      out.println("no attacks are active on this host");
      printRunFaults(out, runFaults);
      return 0;
    }
    out.printf("%-8s  %-14s  %-40s  %-20s  %-10s  %s%n", "ID", "KIND", "TARGET", "STARTED", "REMAINING", "PARAMETERS");
    for (AttackRecord r : records) {
      String remaining = r.endsAtMs() == 0 ? "until revert"
          : DurationText.format(Duration.ofSeconds(Math.max(0, (r.endsAtMs() - System.currentTimeMillis()) / 1000)));
      out.printf("%-8s  %-14s  %-40s  %-20s  %-10s  %s%n", r.id(), r.kind(), r.target(),
          Instant.ofEpochMilli(r.startedAtMs()).toString().substring(0, 19) + "Z", remaining, r.parameters());
    }
    printRunFaults(out, runFaults);
    return 0;
  }

  /** The faults local runs applied outside their process and still hold (or left to expire within their lease). */
  private static void printRunFaults(PrintWriter out, List<RunFaultNotes.Note> notes) {
    if (notes.isEmpty()) {
      return;
    }
    out.println();
    out.println("faults applied by runs on this host (faultline halt removes them):");
    for (RunFaultNotes.Note n : notes) {
      boolean alive = ProcessHandle.of(n.ownerPid()).map(ProcessHandle::isAlive).orElse(false);
      out.printf("  %s  (%s; run pid %d%s; lease %s)%n", n.description(), n.label(), n.ownerPid(),
          alive ? "" : ", gone: expires with its lease", DurationText.format(Duration.ofMillis(n.leaseMs())));
    }
  }
}
