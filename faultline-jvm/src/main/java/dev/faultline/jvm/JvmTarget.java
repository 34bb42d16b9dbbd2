package dev.faultline.jvm;

import java.nio.file.Path;
import java.util.List;

/**
 * Which JVM an experiment's jvm fault acts on: a process id, or the main class (or jar) the attach
 * API reports, which must match exactly one running JVM when the fault is applied.
 *
 * @param pid the process id, or 0 when chosen by main class
 * @param mainClass the display name's first word (exact, or its last dotted part), or null
 */
public record JvmTarget(long pid, String mainClass) {

  public long resolvePid(Path stateDir) throws JvmAgentException {
    if (pid > 0) {
      return pid;
    }
    List<JvmProcess> matches = JvmAttacher.list(stateDir).stream().filter(p -> mainClassMatches(p.displayName())).toList();
    if (matches.size() != 1) {
      throw new JvmAgentException(matches.isEmpty()
          ? "no running JVM has main class '" + mainClass + "'; 'faultline jvm list' shows them"
          : matches.size() + " JVMs have main class '" + mainClass + "' (pids "
              + matches.stream().map(p -> String.valueOf(p.pid())).toList() + "); give pid instead");
    }
    return matches.get(0).pid();
  }

  private boolean mainClassMatches(String displayName) {
    String first = displayName.split(" ", 2)[0];
    return first.equals(mainClass) || first.endsWith("." + mainClass) || first.endsWith("/" + mainClass);
  }

  @Override
  public String toString() {
    return pid > 0 ? "JVM " + pid : "JVM '" + mainClass + "'";
  }
}
