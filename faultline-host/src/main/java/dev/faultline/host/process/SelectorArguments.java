package dev.faultline.host.process;

import dev.faultline.core.fault.FaultArguments;
import dev.faultline.core.fault.FaultParameter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads the {@code pid} / {@code name} / {@code match} trio state attacks share. */
final class SelectorArguments {
  static final long MAX_PID = 4_194_304; // the kernel's pid_max ceiling

  private SelectorArguments() {}

  static List<FaultParameter> parameters() {
    return List.of(
        new FaultParameter("pid", "integer", false, "a process id, 2 to " + MAX_PID),
        new FaultParameter("name", "string", false, "or: processes with exactly this name (as in ps -e)"),
        new FaultParameter("match", "string", false, "or: processes whose command line matches this regular expression"));
  }

  static ProcessSelector read(FaultArguments arguments, Map<String, Object> given) {
    long pid = arguments.optionalInteger("pid", 2, MAX_PID, 0);
    String name = arguments.optionalString("name", null);
    String match = arguments.optionalString("match", null);
    int count = (pid > 0 ? 1 : 0) + (name != null ? 1 : 0) + (match != null ? 1 : 0);
    if (count != 1) {
      arguments.problem("pid, name, match: give exactly one of them to choose the processes; got " + count);
    }
    Pattern pattern = null;
    if (match != null) {
      try {
        pattern = Pattern.compile(match);
      } catch (PatternSyntaxException e) {
        arguments.problem("match: '" + match + "' is not a regular expression: " + e.getDescription());
      }
      given.put("match", match);
    }
    if (pid > 0) {
      given.put("pid", pid);
    }
    if (name != null) {
      given.put("name", name);
    }
    return new ProcessSelector(pid > 0 ? Optional.of(pid) : Optional.empty(), Optional.ofNullable(name),
        Optional.ofNullable(pattern));
  }
}
