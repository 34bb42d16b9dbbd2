package dev.faultline.host.process;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Sends Unix signals by name through {@code kill -s}, which knows every signal the JDK does not. */
public final class Signals {
  /** The signals an attack may send. */
  public static final List<String> NAMES = List.of(
      "SIGKILL", "SIGTERM", "SIGINT", "SIGQUIT", "SIGHUP", "SIGABRT", "SIGSEGV", "SIGUSR1", "SIGUSR2",
      "SIGSTOP", "SIGCONT");
  private static final Set<String> KNOWN = Set.copyOf(NAMES);

  private Signals() {}

  /** {@code KILL}, {@code sigkill} or {@code SIGKILL} to {@code SIGKILL}; null if unknown. */
  public static String normalize(String name) {
    String upper = name.strip().toUpperCase(Locale.ROOT);
    String full = upper.startsWith("SIG") ? upper : "SIG" + upper;
    return KNOWN.contains(full) ? full : null;
  }

  /** Sends {@code signal} (a name from {@link #NAMES}) to {@code pid}; false if it is gone. */
  public static boolean send(long pid, String signal) {
    return Commands.run("kill", "-s", signal.substring(3), Long.toString(pid)).ok();
  }
}
