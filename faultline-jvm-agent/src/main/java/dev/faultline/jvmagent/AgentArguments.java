package dev.faultline.jvmagent;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The agent's argument string: {@code stateDir=/path} (where the token file goes; default
 * {@code ~/.faultline/jvm}). Comma-separated {@code key=value} pairs.
 */
final class AgentArguments {
  private final Path stateDir;

  private AgentArguments(Path stateDir) {
    this.stateDir = stateDir;
  }

  static AgentArguments parse(String args) {
    Path dir = Paths.get(System.getProperty("user.home"), ".faultline", "jvm");
    if (args != null && !args.isBlank()) {
      for (String pair : args.split(",")) {
        int eq = pair.indexOf('=');
        String key = eq < 0 ? pair : pair.substring(0, eq);
        String value = eq < 0 ? "" : pair.substring(eq + 1);
        if (key.equals("stateDir") && !value.isEmpty()) {
          dir = Paths.get(value);
        } else {
          throw new IllegalArgumentException("unknown agent argument '" + pair + "'; expected stateDir=/path");
        }
      }
    }
    return new AgentArguments(dir);
  }

  Path stateDir() {
    return stateDir;
  }
}
