package dev.faultline.host.process;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Child processes tests attack: {@code sleep} with a unique duration in its command line, so no other process matches. */
final class Victims implements AutoCloseable {
  private final List<Process> started = new ArrayList<>();
  final String token = "1000." + Math.abs(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_000_000_000L));

  Process start() throws IOException {
    Process p = new ProcessBuilder("sleep", token).redirectErrorStream(true).start();
    started.add(p);
    return p;
  }

  /** A regular expression matching only these victims. */
  String match() {
    return "^sleep " + token.replace(".", "\\.") + "$";
  }

  @Override
  public void close() {
    for (Process p : started) {
      ProcessHandle.of(p.pid()).ifPresent(h -> Signals.send(h.pid(), "SIGCONT"));
      p.destroyForcibly();
    }
  }
}
