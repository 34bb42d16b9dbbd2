package dev.faultline.cli;

import dev.faultline.jvm.AgentEndpoint;
import dev.faultline.jvm.JvmAgentClient;
import dev.faultline.jvm.JvmAgentException;
import dev.faultline.jvm.JvmStateDir;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code faultline jvm attach --pid N}: loads the agent into a running JVM (no effect until a rule). */
@Command(name = "attach", mixinStandardHelpOptions = true,
    description = "Load the Faultline agent into a running JVM. Nothing changes in it until a rule is added.")
final class JvmAttachCommand implements Callable<Integer> {
  @Option(names = "--pid", required = true, paramLabel = "N", description = "The target JVM's process id.")
  long pid;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    try {
      JvmAgentClient client = JvmAgentClient.forPid(pid);
      spec.commandLine().getOut().println("agent attached to JVM " + pid + " (Java " + client.javaVersion()
          + "); token file " + AgentEndpoint.file(JvmStateDir.resolve(), pid));
      return 0;
    } catch (JvmAgentException e) {
      spec.commandLine().getErr().println("faultline: jvm attach: " + e.getMessage());
      return 1;
    }
  }
}
