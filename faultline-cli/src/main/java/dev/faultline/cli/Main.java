package dev.faultline.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code faultline} command: one launcher, one verb per job. */
@Command(
    name = "faultline",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Runs controlled, measured failure experiments and reports how the system responded.")
public final class Main {
  /** Exit code for a command line that does not parse (as {@code chaos}). */
  static final int USAGE_ERROR = 2;

  /** What {@code faultline --version} prints. */
  static final String VERSION = "faultline 0.1.0";

  /**
   * The verbs, in the order {@code --help} lists them. Registered by {@link #execute} rather than
   * in {@code @Command(subcommands = ...)}: picocli reflects over every registered command class
   * (and loads the types of its fields and methods), so registering only the verb being run keeps
   * the classes of the other verbs (Netty, ByteBuddy, Jackson...) out of a short command's start.
   */
  static final List<String> VERBS = List.of(
      "run", "validate", "report", "demo", "proxy", "faults", "attack", "attacks", "halt", "agent", "jvm", "server", "runs",
      "resume", "services", "coverage", "postmortem", "agents",
      "help");

  /**
   * A new command object for {@code verb}. A switch rather than a map of constructor references:
   * linking a constructor reference loads its class, and only the chosen verb's class should load.
   */
  private static Object newVerb(String verb) {
    return switch (verb) {
      case "run" -> new RunCommand();
      case "validate" -> new ValidateCommand();
      case "report" -> new ReportCommand();
      case "demo" -> new DemoCommand();
      case "proxy" -> new ProxyCommand();
      case "faults" -> new FaultsCommand();
      case "attack" -> new AttackCommand();
      case "attacks" -> new AttacksCommand();
      case "halt" -> new HaltCommand();
      case "agent" -> new AgentCommand();
      case "jvm" -> new JvmCommand();
      case "server" -> new ServerCommand();
      case "runs" -> new RunsCommand();
      case "resume" -> new ResumeCommand();
      case "services" -> new ServicesCommand();
      case "coverage" -> new CoverageCommand();
      case "postmortem" -> new PostmortemCommand();
      case "agents" -> new AgentsCommand();
      case "help" -> new CommandLine.HelpCommand();
      default -> throw new IllegalArgumentException("no verb " + verb);
    };
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code (tests call this directly). */
  public static int execute(String... args) {
    if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      // Answered without picocli: building the command model costs more than the rest of the
      // JVM's start (picocli's Java 5 classes cannot go into the class-data-sharing archive).
      System.out.println(VERSION);
      return 0;
    }
    CommandLine cli = new CommandLine(new Main());
    for (String verb : verbsNeeded(args)) {
      cli.addSubcommand(verb, newVerb(verb));
    }
    cli.getCommandSpec().exitCodeOnInvalidInput(USAGE_ERROR);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      // User errors are reported by the commands themselves; anything reaching here is a bug.
      commandLine.getErr().println("faultline: internal error: " + e);
      e.printStackTrace(commandLine.getErr());
      return 70;
    });
    return cli.execute(args);
  }

  /**
   * The verbs this command line can reach: only the one it names (the common case), all of them
   * otherwise ({@code --help}, {@code help VERB}, a misspelt verb: picocli lists them all or
   * suggests the closest).
   */
  static Iterable<String> verbsNeeded(String... args) {
    if (args.length > 0 && VERBS.contains(args[0]) && !args[0].equals("help")) {
      return List.of(args[0]);
    }
    return VERBS;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {VERSION};
    }
  }
}
