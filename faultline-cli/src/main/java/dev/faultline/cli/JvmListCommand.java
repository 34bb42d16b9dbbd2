package dev.faultline.cli;

import dev.faultline.jvm.JvmAttacher;
import dev.faultline.jvm.JvmProcess;
import dev.faultline.jvm.JvmStateDir;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code faultline jvm list}: the JVMs on this host the current user may attach to. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the JVMs on this host you can attach to.")
final class JvmListCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<JvmProcess> jvms = JvmAttacher.list(JvmStateDir.resolve());
    out.printf("%-8s %-6s %s%n", "PID", "AGENT", "MAIN");
    for (JvmProcess p : jvms) {
      out.printf("%-8d %-6s %s%n", p.pid(), p.agentAttached() ? "yes" : "-", p.displayName());
    }
    return 0;
  }
}
