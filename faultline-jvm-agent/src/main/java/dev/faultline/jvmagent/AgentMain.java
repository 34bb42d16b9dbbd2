package dev.faultline.jvmagent;

import java.lang.instrument.Instrumentation;

/**
 * Entry point named in the manifest as {@code Premain-Class} and {@code Agent-Class}. It must not
 * take the target down: every failure is reported on the target's standard error and swallowed.
 * It refers to no bootstrap class itself, so the bootstrap jar is appended before any is loaded.
 */
public final class AgentMain {
  /** Guarded by the class lock of {@link #start}. */
  private static boolean bootstrapInjected;

  private AgentMain() {}

  /** {@code -javaagent:faultline-jvm-agent.jar[=stateDir=/path]} at JVM start. */
  public static void premain(String args, Instrumentation inst) {
    start(args, inst);
  }

  /** Dynamic attach ({@code faultline jvm attach --pid N}). */
  public static void agentmain(String args, Instrumentation inst) {
    start(args, inst);
  }

  private static synchronized void start(String args, Instrumentation inst) {
    try {
      AgentArguments arguments = AgentArguments.parse(args);
      if (AgentRuntime.isRunning()) {
        AgentRuntime.current().rewriteStateFile(arguments);
        return;
      }
      if (!bootstrapInjected) {
        BootstrapJar.inject(inst); // once: a start that failed later must not append a second copy
        bootstrapInjected = true;
      }
      AgentRuntime.start(arguments, inst);
    } catch (Throwable t) {
      System.err.println("faultline agent: not started: " + t);
    }
  }
}
