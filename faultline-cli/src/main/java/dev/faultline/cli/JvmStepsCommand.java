package dev.faultline.cli;

import dev.faultline.core.time.DurationText;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code faultline jvm steps --pid N [FILE]}: several {@code jvm} steps (add, rules, clear, wait)
 * from a file or standard input, run by one CLI JVM — a scenario of five steps costs one JVM start
 * instead of five. Every line is checked before the first step runs: a typo on line 4 applies
 * nothing.
 */
@Command(name = "steps", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Run several jvm steps, one per line, in one CLI process: add …, rules, clear [ID], wait D.",
        "Lines take the options of 'faultline jvm add/rules/clear' without --pid; # starts a comment.",
        "Every line is checked before the first step runs. Stops at the first failing step."})
final class JvmStepsCommand implements Callable<Integer> {
  private static final int MAX_STEPS = 1_000;
  private static final Duration MAX_WAIT = Duration.ofHours(1);

  @Option(names = "--pid", required = true, paramLabel = "N", description = "The target JVM's process id.")
  long pid;

  @Parameters(arity = "0..1", paramLabel = "FILE", defaultValue = "-",
      description = "The steps, one per line (default '-': standard input).")
  String file;

  @Spec
  CommandSpec spec;

  /** One checked line: a jvm subcommand with its arguments, or a wait. */
  private record Step(int line, String text, Supplier<Object> command, List<String> args, Duration pause) {}

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    List<String> lines;
    try {
      lines = file.equals("-")
          ? new String(System.in.readNBytes(1 << 20), StandardCharsets.UTF_8).lines().toList()
          : Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      err.println("faultline: jvm steps: cannot read " + file + ": " + e.getMessage());
      return Main.USAGE_ERROR;
    }
    List<String> problems = new ArrayList<>();
    List<Step> steps = check(lines, problems);
    if (!problems.isEmpty()) {
      problems.forEach(p -> err.println("faultline: jvm steps: " + p));
      err.println("faultline: jvm steps: nothing was run");
      return Main.USAGE_ERROR;
    }
    PrintWriter out = spec.commandLine().getOut();
    for (Step step : steps) {
      out.println("> " + step.text());
      out.flush();
      if (step.pause() != null) {
        try {
          Thread.sleep(step.pause().toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          err.println("faultline: jvm steps: interrupted at line " + step.line());
          return 130;
        }
        continue;
      }
      int code = commandLine(step.command().get()).execute(step.args().toArray(String[]::new));
      if (code != 0) {
        err.println("faultline: jvm steps: " + where(step.line()) + " failed (exit " + code
            + "); the steps after it were not run");
        return code;
      }
    }
    return 0;
  }

  private List<Step> check(List<String> lines, List<String> problems) {
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String text = lines.get(i).strip();
      if (text.isEmpty() || text.startsWith("#")) {
        continue;
      }
      int line = i + 1;
      if (steps.size() == MAX_STEPS) {
        problems.add(where(line) + ": more than " + MAX_STEPS + " steps; split the file");
        break;
      }
      List<String> words;
      try {
        words = StepWords.split(text);
      } catch (IllegalArgumentException e) {
        problems.add(where(line) + ": " + e.getMessage());
        continue;
      }
      String verb = words.get(0);
      List<String> rest = words.subList(1, words.size());
      if (verb.equals("wait")) {
        Duration d = waitLength(rest, line, problems);
        if (d != null) {
          steps.add(new Step(line, text, null, List.of(), d));
        }
        continue;
      }
      Supplier<Object> command = switch (verb) {
        case "add" -> JvmAddCommand::new;
        case "rules" -> JvmRulesCommand::new;
        case "clear" -> JvmClearCommand::new;
        default -> null;
      };
      if (command == null) {
        problems.add(where(line) + ": unknown step '" + verb + "'; expected add, rules, clear or wait");
        continue;
      }
      if (rest.contains("--pid") || rest.stream().anyMatch(w -> w.startsWith("--pid="))) {
        problems.add(where(line) + ": leave out --pid; every step goes to the JVM given to 'jvm steps' (" + pid + ")");
        continue;
      }
      List<String> args = new ArrayList<>(rest);
      args.add("--pid");
      args.add(Long.toString(pid));
      try {
        commandLine(command.get()).parseArgs(args.toArray(String[]::new));
      } catch (CommandLine.ParameterException e) {
        problems.add(where(line) + ": " + verb + ": " + e.getMessage());
        continue;
      }
      steps.add(new Step(line, text, command, List.copyOf(args), null));
    }
    if (steps.isEmpty() && problems.isEmpty()) {
      problems.add(file + ": no steps (only blank or # lines)");
    }
    return steps;
  }

  private Duration waitLength(List<String> rest, int line, List<String> problems) {
    if (rest.size() != 1) {
      problems.add(where(line) + ": wait takes one duration, e.g. 'wait 2s'");
      return null;
    }
    try {
      Duration d = DurationText.parse(rest.get(0));
      if (d.isNegative() || d.compareTo(MAX_WAIT) > 0) {
        problems.add(where(line) + ": wait must be between 0 and 1h, got " + rest.get(0));
        return null;
      }
      return d;
    } catch (IllegalArgumentException e) {
      problems.add(where(line) + ": wait: " + e.getMessage());
      return null;
    }
  }

  private CommandLine commandLine(Object command) {
    return new CommandLine(command).setOut(spec.commandLine().getOut()).setErr(spec.commandLine().getErr());
  }

  private String where(int line) {
    return (file.equals("-") ? "<stdin>" : file) + ":" + line;
  }
}
