package dev.faultline.host.attack;

import dev.faultline.host.TestHost;
import dev.faultline.host.state.StateDirectory;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Child JVMs that apply a host change and then wait to be killed ({@link CrashVictim},
 * {@link RenameVictim}): how the crash and guardian tests get an owner they can SIGKILL.
 */
final class OwnerProcesses {
  private OwnerProcesses() {}

  /** The command line of a small, quick-starting child JVM running {@code main} with the test class path. */
  static List<String> javaCommand(Class<?> main, String... args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx64m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        main.getName()));
    command.addAll(List.of(args));
    return command;
  }

  /** Starts {@code main} on {@code host}'s state directory, its standard error merged into its output. */
  static Process start(TestHost host, Class<?> main, String... args) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(javaCommand(main, args));
    pb.environment().put(StateDirectory.ENV, host.stateDir.toString());
    pb.redirectErrorStream(true);
    return pb.start();
  }

  /** Waits (bounded) for the owner's {@code APPLIED <id>} line and returns the id; fails with what it printed instead. */
  static String awaitApplied(Process owner, Duration within) throws Exception {
    BufferedReader out = new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> applied = CompletableFuture.supplyAsync(() -> {
      StringBuilder seen = new StringBuilder();
      try {
        for (String line; (line = out.readLine()) != null; ) {
          if (line.startsWith("APPLIED ")) {
            return line.substring(8);
          }
          seen.append(line).append('\n');
        }
      } catch (Exception e) {
        seen.append(e);
      }
      throw new IllegalStateException("the owner did not apply: " + seen);
    });
    return applied.get(within.toMillis(), TimeUnit.MILLISECONDS);
  }
}
