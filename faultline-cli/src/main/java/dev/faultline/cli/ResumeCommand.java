package dev.faultline.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code faultline resume}: lift a Faultline server's halt (admin token) so runs may be submitted again. */
@Command(name = "resume", mixinStandardHelpOptions = true,
    description = "Lift the halt of a Faultline server (admin token): runs may be submitted again.")
final class ResumeCommand implements Callable<Integer> {
  @Mixin
  ServerOptions serverOptions = new ServerOptions();

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    return serverOptions.exchange("resume", spec.commandLine().getErr(), client -> {
      Map<String, Object> state = client.delete("/api/v1/halt");
      spec.commandLine().getOut().println(Boolean.TRUE.equals(state.get("changed"))
          ? "resumed " + client.base() + ": runs may be submitted again"
          : client.base() + " was not halted; nothing changed");
      return 0;
    });
  }
}
