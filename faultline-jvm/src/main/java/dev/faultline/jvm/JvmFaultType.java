package dev.faultline.jvm;

import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultArguments;
import dev.faultline.core.fault.FaultParameter;
import dev.faultline.core.fault.FaultType;
import dev.faultline.core.fault.InvalidFaultArgumentsException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fault type {@code jvm}: one JVM agent rule, the same rules as {@code faultline jvm add}. Exactly
 * one of {@code throw}, {@code latency}, {@code return}, {@code kill}, {@code clockSkew},
 * {@code memoryMb}, {@code cpuThreads}; the activity's {@code duration} bounds it and the run's end
 * clears it.
 */
public final class JvmFaultType implements FaultType {
  private static final List<String> EFFECTS = List.of("throw", "latency", "return", "kill", "clockSkew", "memoryMb",
      "cpuThreads");

  @Override
  public String name() {
    return "jvm";
  }

  @Override
  public String summary() {
    return "Injects a fault inside a running JVM through the Faultline agent (attached if needed): throw, latency, "
        + "return value, kill, clock skew, memory pressure or CPU burn.";
  }

  @Override
  public boolean reversible() {
    return true;
  }

  @Override
  public List<FaultParameter> parameters() {
    return List.of(
        new FaultParameter("pid", "integer", false, "the target JVM's process id (or give mainClass)"),
        new FaultParameter("mainClass", "string", false, "the target JVM's main class or jar; must match one JVM"),
        new FaultParameter("class", "string", false, "class name or glob (* within a package part, ** across)"),
        new FaultParameter("method", "string", false, "method name (with class; for throw, latency, return)"),
        new FaultParameter("params", "string", false, "parameter types, comma-separated, e.g. int,String"),
        new FaultParameter("implementations", "boolean", false, "select implementations of class instead"),
        new FaultParameter("point", "string", false, "a FaultPoint.check name instead of class and method"),
        new FaultParameter("throw", "string", false, "exception class to throw"),
        new FaultParameter("message", "string", false, "the exception's message"),
        new FaultParameter("latency", "duration", false, "delay before the method runs, e.g. 200ms"),
        new FaultParameter("jitter", "duration", false, "extra random delay, 0 to this"),
        new FaultParameter("return", "string", false, "value to return: a number, true/false, text or null"),
        new FaultParameter("kill", "boolean", false, "end the JVM (now, or when the method is called)"),
        new FaultParameter("exitCode", "integer", false, "exit code for kill, 0 to 255 (default 1)"),
        new FaultParameter("halt", "boolean", false, "kill with Runtime.halt: no shutdown hooks"),
        new FaultParameter("clockSkew", "duration", false, "shift the wall clock, e.g. 2m or -30s"),
        new FaultParameter("memoryMb", "integer", false, "megabytes of heap to hold"),
        new FaultParameter("cpuThreads", "integer", false, "threads to keep busy"),
        new FaultParameter("probability", "number", false, "share of calls hit, 0 to 1 (default 1)"),
        new FaultParameter("maxHits", "integer", false, "fire at most this many times"),
        new FaultParameter("allowBroad", "boolean", false, "allow selecting more than 50 loaded classes"),
        new FaultParameter("allowUnloaded", "boolean", false, "allow a class that is not loaded yet"));
  }

  @Override
  public Fault create(FaultArguments a) throws InvalidFaultArgumentsException {
    long pid = a.optionalInteger("pid", 1, Long.MAX_VALUE, 0);
    String mainClass = a.optionalString("mainClass", null);
    if ((pid == 0) == (mainClass == null)) {
      a.problem("pid, mainClass: give exactly one of them to choose the target JVM");
    }
    String className = a.optionalString("class", null);
    String method = a.optionalString("method", null);
    String params = a.optionalString("params", null);
    boolean implementations = a.optionalBool("implementations", false);
    String point = a.optionalString("point", null);
    String throwType = a.optionalString("throw", null);
    String message = a.optionalString("message", null);
    String latencyText = a.optionalString("latency", null);
    Duration latency = parse(a, "latency", latencyText, false, SignedDuration.MAX_LATENCY);
    Duration jitter = parse(a, "jitter", a.optionalString("jitter", null), false, SignedDuration.MAX_LATENCY);
    String returnValue = a.optionalString("return", null);
    boolean kill = a.optionalBool("kill", false);
    long exitCode = a.optionalInteger("exitCode", 0, 255, 1);
    boolean halt = a.optionalBool("halt", false);
    String skewText = a.optionalString("clockSkew", null);
    Duration skew = parse(a, "clockSkew", skewText, true, SignedDuration.MAX_CLOCK_SKEW);
    long memoryMb = a.optionalInteger("memoryMb", 1, 1 << 20, 0);
    long cpuThreads = a.optionalInteger("cpuThreads", 1, 1024, 0);
    double probability = a.optionalNumber("probability", 0, 1, -1);
    long maxHits = a.optionalInteger("maxHits", 1, Long.MAX_VALUE, 0);
    boolean allowBroad = a.optionalBool("allowBroad", false);
    boolean allowUnloaded = a.optionalBool("allowUnloaded", false);

    // An effect given with an unreadable value counts as given; its own problem is already recorded.
    List<Boolean> chosen = Arrays.asList(throwType != null, latencyText != null, returnValue != null, kill, skewText != null,
        memoryMb > 0, cpuThreads > 0);
    List<String> given = new ArrayList<>();
    for (int i = 0; i < chosen.size(); i++) {
      if (chosen.get(i)) {
        given.add(EFFECTS.get(i));
      }
    }
    if (given.size() != 1) {
      a.problem(String.join(", ", EFFECTS) + ": give exactly one of them" + (given.isEmpty() ? "" : "; got " + given));
    }
    a.finish();

    JvmRule rule = throwType != null ? JvmRule.throwing(throwType, message)
        : latency != null ? JvmRule.latency(latency, jitter == null ? Duration.ZERO : jitter)
        : returnValue != null ? JvmRule.returning(returnValue)
        : kill ? JvmRule.kill((int) exitCode, halt)
        : skew != null ? JvmRule.clockSkew(skew)
        : memoryMb > 0 ? JvmRule.memory(memoryMb)
        : JvmRule.cpu((int) cpuThreads);
    if (className != null || method != null) {
      rule = rule.on(className, method);
    }
    rule = rule.point(point).implementations(implementations)
        .params(params == null ? null : Arrays.stream(params.split(",")).map(String::trim).toList())
        .probability(probability < 0 ? null : probability).maxHits(maxHits == 0 ? null : maxHits)
        .allowBroad(allowBroad).allowUnloaded(allowUnloaded);
    return new JvmFault(new JvmTarget(pid, mainClass), rule, JvmStateDir.resolve());
  }

  /** A duration parameter's text, or null; {@code signed} allows a leading minus (clock skew into the past). */
  private static Duration parse(FaultArguments a, String name, String text, boolean signed, Duration max) {
    return text == null ? null : SignedDuration.parse(text, signed, max, name, a);
  }
}
