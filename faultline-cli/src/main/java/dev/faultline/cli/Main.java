package dev.faultline.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code faultline} command: one launcher, one verb per job. */
@Command(
    name = "faultline",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Runs controlled, measured failure experiments and reports how the system responded.",
    subcommands = {
      RunCommand.class,
      ValidateCommand.class,
      ReportCommand.class,
      DemoCommand.class,
      ProxyCommand.class,
      FaultsCommand.class,
      AttackCommand.class,
      AttacksCommand.class,
      HaltCommand.class,
      AgentCommand.class,
      JvmCommand.class,
      ServerCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main {
  /** Exit code for a command line that does not parse (as {@code chaos}). */
  static final int USAGE_ERROR = 2;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code (tests call this directly). */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.getCommandSpec().exitCodeOnInvalidInput(USAGE_ERROR);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      // User errors are reported by the commands themselves; anything reaching here is a bug.
      commandLine.getErr().println("faultline: internal error: " + e);
      e.printStackTrace(commandLine.getErr());
      return 70;
    });
    return cli.execute(args);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"faultline 0.1.0"};
    }
  }
}
