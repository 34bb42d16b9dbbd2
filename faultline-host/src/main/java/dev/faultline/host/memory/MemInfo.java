package dev.faultline.host.memory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Figures from {@code /proc/meminfo}, in MiB. */
public record MemInfo(long totalMb, long availableMb) {

  /** Reads {@code /proc/meminfo} now. */
  public static MemInfo read() {
    try {
      long total = 0;
      long available = 0;
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          total = kib(line) / 1024;
        } else if (line.startsWith("MemAvailable:")) {
          available = kib(line) / 1024;
        }
      }
      return new MemInfo(total, available);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read /proc/meminfo: " + e.getMessage(), e);
    }
  }

  private static long kib(String line) {
    return Long.parseLong(line.replaceAll("[^0-9]", ""));
  }
}
