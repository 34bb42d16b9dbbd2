package dev.faultline.host;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Readings from /proc for tests: CPU ticks of threads, RSS, IO counters. */
public final class ProcStat {
  private ProcStat() {}

  /** utime + stime in clock ticks (1/100 s) of this process's threads whose name starts with {@code prefix}. */
  public static long threadTicks(String prefix) throws IOException {
    long ticks = 0;
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path t : tasks) {
        try {
          if (Files.readString(t.resolve("comm")).startsWith(prefix)) {
            ticks += ticksOf(Files.readString(t.resolve("stat")));
          }
        } catch (IOException gone) {
          // the thread ended
        }
      }
    }
    return ticks;
  }

  /** utime + stime in ticks from a /proc stat line. */
  public static long ticksOf(String stat) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /** System-wide {busy, total} jiffies from /proc/stat's first line. */
  public static long[] systemJiffies() throws IOException {
    String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).split("\\s+");
    long total = 0;
    for (int i = 1; i < f.length && i <= 8; i++) {
      total += Long.parseLong(f[i]);
    }
    long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
    return new long[] {total - idle, total};
  }

  /** VmRSS of a process in MiB, or -1 if it is gone. */
  public static long rssMb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return -1;
  }

  /** rchar + wchar of this process (bytes moved by read/write calls). */
  public static long ioBytes() throws IOException {
    long sum = 0;
    for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
      if (line.startsWith("rchar:") || line.startsWith("wchar:")) {
        sum += Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return sum;
  }
}
