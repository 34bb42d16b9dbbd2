package dev.faultline.cli;

import dev.faultline.jvm.JvmAgentClient;
import dev.faultline.jvm.JvmAgentException;
import dev.faultline.jvm.JvmStateDir;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code faultline jvm clear --pid N [RULE_ID]}: removes one rule or all of them; the classes they
 * changed are retransformed back to their original bytecode.
 */
@Command(name = "clear", mixinStandardHelpOptions = true,
    description = "Remove one rule, or every rule, restoring the original bytecode.")
final class JvmClearCommand implements Callable<Integer> {
  @Option(names = "--pid", required = true, paramLabel = "N", description = "The target JVM's process id.")
  long pid;

  @Parameters(arity = "0..1", paramLabel = "RULE_ID", description = "The rule to remove (default: all).")
  Integer ruleId;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    try {
      // Clearing never attaches: a JVM without the agent has nothing to clear.
      var existing = JvmAgentClient.existing(pid, JvmStateDir.resolve());
      if (existing.isEmpty()) {
        spec.commandLine().getOut().println("no agent in JVM " + pid + ", so nothing to clear");
        return 0;
      }
      JvmAgentClient client = existing.get();
      if (ruleId != null) {
        client.clear(ruleId);
        spec.commandLine().getOut().println("cleared rule " + ruleId);
      } else {
        List<Integer> ids = client.clearAll();
        spec.commandLine().getOut().println(ids.isEmpty() ? "no rules to clear"
            : "cleared rule" + (ids.size() == 1 ? " " : "s ") + ids.toString().replaceAll("[\\[\\]]", ""));
      }
      return 0;
    } catch (JvmAgentException e) {
      spec.commandLine().getErr().println("faultline: jvm clear: " + e.getMessage());
      return 1;
    }
  }
}
