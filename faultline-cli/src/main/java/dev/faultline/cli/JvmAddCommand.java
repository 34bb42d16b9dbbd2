package dev.faultline.cli;

import dev.faultline.jvm.JvmAgentClient;
import dev.faultline.jvm.JvmAgentException;
import dev.faultline.jvm.JvmRule;
import dev.faultline.jvm.SignedDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code faultline jvm add --pid N ...}: adds one rule (attaching the agent first if needed) and
 * prints its id. The agent checks the rule against the loaded classes and refuses it, changing
 * nothing, when it does not fit.
 */
@Command(name = "add", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Add a fault rule to a running JVM (attaches first if needed); prints the rule id.")
final class JvmAddCommand implements Callable<Integer> {
  @Option(names = "--pid", required = true, paramLabel = "N", description = "The target JVM's process id.")
  long pid;

  @Option(names = "--class", paramLabel = "CLASS",
      description = "Class name, or a glob (* within a package part, ** across parts).")
  String className;

  @Option(names = "--method", paramLabel = "METHOD", description = "Method name.")
  String method;

  @Option(names = "--params", paramLabel = "TYPES", split = ",",
      description = "Only methods with exactly these parameter types, e.g. int,java.lang.String (simple names work).")
  List<String> params;

  @Option(names = "--implementations",
      description = "Select the classes implementing (or extending) --class instead of --class itself.")
  boolean implementations;

  @Option(names = "--point", paramLabel = "NAME", description = "Target FaultPoint.check(NAME) instead of a method.")
  String point;

  @Option(names = "--throw", paramLabel = "TYPE", description = "Throw this exception (checked only where declared).")
  String throwType;

  @Option(names = "--message", paramLabel = "TEXT", description = "Message of the thrown exception.")
  String message;

  @Option(names = "--latency", paramLabel = "D", description = "Delay before the method runs: 500ms, 2s, PT1S.")
  String latency;

  @Option(names = "--jitter", paramLabel = "D", description = "Extra random delay, uniform from 0 to D.")
  String jitter;

  @Option(names = "--return", paramLabel = "VALUE",
      description = "Return VALUE without running the method: a number, true/false, a character, text, or null.")
  String returnValue;

  @Option(names = "--kill", description = "End the JVM: now, or when --class/--method is called.")
  boolean kill;

  @Option(names = "--exit-code", paramLabel = "N", defaultValue = "1", description = "Exit code for --kill (default 1).")
  int exitCode;

  @Option(names = "--halt", description = "Kill with Runtime.halt: shutdown hooks do not run.")
  boolean halt;

  @Option(names = "--clock-skew", paramLabel = "D", description = "Shift the JVM's wall clock by D (e.g. 2m, -30s).")
  String clockSkew;

  @Option(names = "--memory-mb", paramLabel = "N", description = "Hold N megabytes of heap.")
  Long memoryMb;

  @Option(names = "--cpu-threads", paramLabel = "N", description = "Keep N threads busy.")
  Integer cpuThreads;

  @Option(names = "--probability", paramLabel = "P", description = "Share of calls hit, 0 to 1 (default 1).")
  Double probability;

  @Option(names = "--max-hits", paramLabel = "N", description = "Fire at most N times.")
  Long maxHits;

  @Option(names = "--length", paramLabel = "D",
      description = "The agent removes the rule by itself after D (without it: until cleared).")
  String length;

  @Option(names = "--allow-broad", description = "Allow a selection of more than 50 loaded classes.")
  boolean allowBroad;

  @Option(names = "--allow-unloaded", description = "Allow a class that is not loaded yet (instrumented when it loads).")
  boolean allowUnloaded;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    JvmRule rule;
    try {
      rule = rule();
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("faultline: jvm add: " + e.getMessage());
      return Main.USAGE_ERROR;
    }
    try {
      JvmAgentClient.Added added = JvmAgentClient.forPid(pid).addRule(rule);
      spec.commandLine().getOut().println(added.id());
      if (added.skippedClasses() > 0) {
        spec.commandLine().getErr().println("faultline: jvm add: note: " + added.skippedClasses() + " class"
            + (added.skippedClasses() == 1 ? "" : "es") + " could not be rewritten and keep the real time, e.g. "
            + added.skippedExamples());
      }
      return 0;
    } catch (JvmAgentException e) {
      spec.commandLine().getErr().println("faultline: jvm add: rule refused: " + e.getMessage());
      return 1;
    }
  }

  private JvmRule rule() {
    List<String> effects = new ArrayList<>();
    List<Object> given = Arrays.asList(throwType, latency, returnValue, kill ? true : null, clockSkew, memoryMb,
        cpuThreads);
    List<String> names = List.of("--throw", "--latency", "--return", "--kill", "--clock-skew", "--memory-mb",
        "--cpu-threads");
    for (int i = 0; i < names.size(); i++) {
      if (given.get(i) != null) {
        effects.add(names.get(i));
      }
    }
    if (effects.size() != 1) {
      throw new IllegalArgumentException("give exactly one of " + String.join(", ", names)
          + (effects.isEmpty() ? "" : "; got " + String.join(" and ", effects)));
    }
    JvmRule rule = throwType != null ? JvmRule.throwing(throwType, message)
        : latency != null ? JvmRule.latency(duration("--latency", latency, SignedDuration.MAX_LATENCY),
            jitter == null ? Duration.ZERO : duration("--jitter", jitter, SignedDuration.MAX_LATENCY))
        : returnValue != null ? JvmRule.returning(returnValue)
        : kill ? JvmRule.kill(exitCode, halt)
        : clockSkew != null ? JvmRule.clockSkew(signed("--clock-skew", clockSkew))
        : memoryMb != null ? JvmRule.memory(memoryMb)
        : JvmRule.cpu(cpuThreads);
    if (className != null || method != null) {
      rule = rule.on(className, method);
    }
    return rule.point(point).params(params).implementations(implementations).probability(probability)
        .maxHits(maxHits).length(length == null ? null : positive("--length", duration("--length", length,
            SignedDuration.MAX_LENGTH)))
        .allowBroad(allowBroad).allowUnloaded(allowUnloaded);
  }

  private static Duration duration(String option, String text, Duration max) {
    try {
      return SignedDuration.parse(text, false, max);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": " + e.getMessage());
    }
  }

  private static Duration positive(String option, Duration d) {
    if (d.isZero()) {
      throw new IllegalArgumentException(option + ": must be more than 0 (leave it out for a rule that stays until cleared)");
    }
    return d;
  }

  private static Duration signed(String option, String text) {
    try {
      return SignedDuration.parse(text, true, SignedDuration.MAX_CLOCK_SKEW);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": " + e.getMessage());
    }
  }
}
