package dev.faultline.engine.provider;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Looks at processes by pid, for tests that check a process tree was killed. */
public final class Processes {
  private Processes() {}

  /**
   * Whether {@code pid} runs. A zombie (killed, not yet reaped: in a container, pid 1 may never
   * reap orphans) counts as ended.
   */
  public static boolean alive(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      // The state follows the command name, which is in parentheses and may hold spaces.
      char state = stat.substring(stat.lastIndexOf(')') + 2).charAt(0);
      return state != 'Z' && state != 'X';
    } catch (IOException e) {
      return false;
    }
  }

  /** Polls until {@code pid} has ended or {@code limit} passed; returns whether it ended. */
  public static boolean endsWithin(long pid, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (alive(pid)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  /** Waits until a shell wrote a pid into {@code file}, then returns it. */
  public static long awaitPidFile(Path file, Duration limit) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(file)) {
        String text = Files.readString(file).trim();
        if (!text.isEmpty()) {
          return Long.parseLong(text);
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no pid in " + file + " within " + limit);
  }
}
