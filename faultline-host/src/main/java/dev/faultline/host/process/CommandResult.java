package dev.faultline.host.process;

import java.util.List;

/** How an external command ended. */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr) {

  public boolean ok() {
    return exitCode == 0;
  }

  /** The command and its error output, for messages. */
  public String summary() {
    String err = stderr.isBlank() ? stdout.strip() : stderr.strip();
    return String.join(" ", command) + " exited with " + exitCode + (err.isEmpty() ? "" : ": " + err);
  }
}
