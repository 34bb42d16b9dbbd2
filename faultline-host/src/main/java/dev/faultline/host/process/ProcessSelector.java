package dev.faultline.host.process;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which processes a state attack hits: one pid, every process with an exact name, or every
 * process whose command line matches a regular expression. Never Faultline itself or its
 * ancestors (killing the shell that runs the attack would stop the attack's own revert), nor the
 * other Faultline processes the caller names ({@link FaultlineProcesses}).
 */
public record ProcessSelector(Optional<Long> pid, Optional<String> name, Optional<Pattern> match) {

  /** The matching processes, lowest pid first, leaving out {@code faultlineProcesses} too. */
  public List<ProcessInfo> matches(Set<Long> faultlineProcesses) {
    Set<Long> spared = spared();
    spared.addAll(faultlineProcesses);
    if (pid.isPresent()) {
      return ProcessInfo.of(pid.get()).filter(p -> !spared.contains(p.pid())).stream().toList();
    }
    return ProcessInfo.all().stream()
        .filter(p -> !spared.contains(p.pid()))
        .filter(p -> name.map(n -> n.equals(p.name()) || baseName(p.commandLine()).equals(n)).orElse(true))
        .filter(p -> match.map(m -> m.matcher(p.commandLine()).find()).orElse(true))
        .sorted((a, b) -> Long.compare(a.pid(), b.pid()))
        .toList();
  }

  /** The selector in words, e.g. {@code pid 42} or {@code processes named 'nginx'}. */
  public String describe() {
    if (pid.isPresent()) {
      return "pid " + pid.get();
    }
    return name.map(n -> "processes named '" + n + "'")
        .orElseGet(() -> "processes whose command line matches /" + match.map(Pattern::pattern).orElse("") + "/");
  }

  private static Set<Long> spared() {
    Set<Long> spared = new HashSet<>();
    spared.add(1L);
    Optional<ProcessHandle> h = Optional.of(ProcessHandle.current());
    while (h.isPresent()) {
      spared.add(h.get().pid());
      h = h.get().parent();
    }
    return spared;
  }

  private static String baseName(String commandLine) {
    String first = commandLine.split(" ", 2)[0];
    return first.substring(first.lastIndexOf('/') + 1);
  }
}
