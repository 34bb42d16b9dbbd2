package dev.faultline.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code faultline jvm}: faults inside running JVMs through the Faultline agent (docs/jvm-agent.md). */
@Command(name = "jvm", mixinStandardHelpOptions = true,
    description = "Inject faults inside running JVMs through the Faultline agent (see docs/jvm-agent.md).",
    subcommands = {JvmListCommand.class, JvmAttachCommand.class, JvmAddCommand.class, JvmRulesCommand.class,
        JvmClearCommand.class, JvmStepsCommand.class})
final class JvmCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
