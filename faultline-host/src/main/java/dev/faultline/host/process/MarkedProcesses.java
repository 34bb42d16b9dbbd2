package dev.faultline.host.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Helper processes an attack starts carry {@code FAULTLINE_ATTACK=<marker>} in their environment,
 * so they can be found and stopped by any later process even when the attacker died before it
 * could write their pids down (or they forked).
 */
public final class MarkedProcesses {
  /** The environment variable holding the marker. */
  public static final String ENV = "FAULTLINE_ATTACK";

  private MarkedProcesses() {}

  /** Marks the processes {@code builder} starts. */
  public static ProcessBuilder mark(ProcessBuilder builder, String marker) {
    builder.environment().put(ENV, marker);
    return builder;
  }

  /** The pids of live processes carrying {@code marker}. */
  public static List<Long> find(String marker) {
    byte[] wanted = (ENV + "=" + marker).getBytes(StandardCharsets.UTF_8);
    List<Long> pids = new ArrayList<>();
    ProcessHandle.allProcesses().forEach(h -> {
      try {
        byte[] env = Files.readAllBytes(Path.of("/proc", Long.toString(h.pid()), "environ"));
        if (containsEntry(env, wanted)) {
          pids.add(h.pid());
        }
      } catch (IOException | RuntimeException e) {
        // gone, or not ours to read: not one of our helpers
      }
    });
    return pids;
  }

  /** SIGKILLs every process carrying {@code marker} and waits up to 2 s for them to go. */
  public static void killAll(String marker) {
    List<ProcessHandle> handles = new ArrayList<>();
    for (long pid : find(marker)) {
      ProcessHandle.of(pid).ifPresent(h -> {
        h.destroyForcibly();
        handles.add(h);
      });
    }
    long deadline = System.nanoTime() + 2_000_000_000L;
    for (ProcessHandle h : handles) {
      while (h.isAlive() && System.nanoTime() < deadline && isNotZombie(h.pid())) {
        Thread.onSpinWait();
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private static boolean isNotZombie(long pid) {
    return ProcessInfo.readState(pid).map(s -> s != 'Z' && s != 'X').orElse(false);
  }

  private static boolean containsEntry(byte[] environ, byte[] entry) {
    int start = 0;
    for (int i = 0; i <= environ.length; i++) {
      if (i == environ.length || environ[i] == 0) {
        if (i - start == entry.length && java.util.Arrays.equals(environ, start, i, entry, 0, entry.length)) {
          return true;
        }
        start = i + 1;
      }
    }
    return false;
  }
}
